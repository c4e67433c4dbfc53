"""The caseload overview: per candidate, what needs the jobcoach's attention.

It reads stored state only: the fresh-suggestion count comes from the suggestion lists
the matching service keeps in `candidate_match_state`, so the page costs a few queries
however many candidates a coach has and whatever the matcher is doing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import asyncpg

from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.matching.repositories import match_state
from web.proposals.repositories import proposals

NOT_SEARCHING = ("working", "paused")  # no suggestion count for these


@dataclass(frozen=True)
class CaseloadRow:
    candidate: CandidateRecord
    fresh_suggestions: int | None  # None: not known (manual mode, not computed yet)
    open_proposals: int
    checkins_due: int


async def overview(
    conn: asyncpg.Connection,
    *,
    coach_id: int,
    suggestions_on: bool,
    query: str = "",
    status: str = "",
) -> list[CaseloadRow]:
    everyone = await candidates.for_coach(conn, coach_id=coach_id)
    shown = [c for c in everyone if _matches(c, query, status)]
    ids = [c.id for c in shown]
    open_counts = await proposals.open_counts(conn, candidate_ids=ids)
    due = Counter(d.candidate_id for d in await proposals.checkins_due(conn, candidate_ids=ids))
    fresh = await match_state.fresh_counts(conn, candidate_ids=ids) if suggestions_on else {}
    return [
        CaseloadRow(
            c,
            None if c.status in NOT_SEARCHING else fresh.get(c.id),
            open_counts.get(c.id, 0),
            due.get(c.id, 0),
        )
        for c in shown
    ]


def _matches(candidate: CandidateRecord, query: str, status: str) -> bool:
    if status and candidate.status != status:
        return False
    text = f"{candidate.name} {candidate.desired_work} {' '.join(candidate.skills)}".lower()
    return all(word in text for word in query.lower().split())
