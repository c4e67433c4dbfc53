"""A candidate's placements as the coach reads them: per proposal (employer, vacancy,
start date, the next check-in and from when), its steps oldest first in plain Dutch,
with the candidate's consent given and withdrawn among them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from web.candidates.repositories import consents
from web.proposals.repositories import proposals
from web.proposals.repositories.proposals import Proposal, TimelineEvent
from web.proposals.vocabulary import STATE_LABELS, reason_label

CONSENT_GIVEN = "Kandidaat gaf toestemming om naam en contactgegevens te delen"
CONSENT_WITHDRAWN = "Kandidaat trok de toestemming in"


@dataclass(frozen=True)
class Step:
    at: datetime
    what: str  # "Aangenomen", "Kandidaat gaf toestemming …"
    reason: str | None  # the Dutch label of the reason given, if any
    by: str | None  # who did it (a name), None when not known
    note: str


@dataclass(frozen=True)
class PlacementHistory:
    proposal: Proposal
    steps: list[Step]  # oldest first


async def for_candidate(conn: asyncpg.Connection, *, candidate_id: int) -> list[PlacementHistory]:
    """Every proposal of the candidate, newest first, each with its steps oldest first."""
    steps: dict[int, list[Step]] = {}
    for event in reversed(await proposals.timeline(conn, candidate_id=candidate_id)):
        steps.setdefault(event.proposal_id, []).append(_step(event))
    for consent in await consents.for_candidate(conn, candidate_id=candidate_id):
        given = Step(consent.given_at, CONSENT_GIVEN, None, None, "")
        steps.setdefault(consent.proposal_id, []).append(given)
        if consent.withdrawn_at is not None:
            withdrawn = Step(consent.withdrawn_at, CONSENT_WITHDRAWN, None, None, "")
            steps[consent.proposal_id].append(withdrawn)
    return [
        PlacementHistory(p, sorted(steps.get(p.id, []), key=lambda s: s.at))
        for p in await proposals.for_candidate(conn, candidate_id=candidate_id)
    ]


def _step(event: TimelineEvent) -> Step:
    return Step(
        event.created_at,
        STATE_LABELS.get(event.to_state, event.to_state),
        reason_label(event.to_state, event.reason_code),
        event.actor_name,
        event.note,
    )
