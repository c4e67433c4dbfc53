"""An agency's proposals: the list, and one proposal with what the agency may see of
the candidate (absent or another organisation's: 404)."""

from __future__ import annotations

from typing import Any

import asyncpg

from web.accounts.repositories.users import User
from web.errors import NotFound
from web.proposals import agency_answers as answers
from web.proposals.profile_views import agency_profile_of
from web.proposals.repositories import agency_proposals
from web.proposals.repositories.agency_proposals import AgencyProposal
from web.proposals.vocabulary import STATE_LABELS


async def listed(conn: asyncpg.Connection, agency: User, *, state: str) -> list[AgencyProposal]:
    return await agency_proposals.for_organisation(
        conn, organisation_id=agency.organisation_id, state=state or None
    )


async def own_proposal(conn: asyncpg.Connection, agency: User, proposal_id: int) -> AgencyProposal:
    proposal = await answers.read(
        conn, actor=agency, organisation_id=agency.organisation_id, proposal_id=proposal_id
    )
    if proposal is None:
        raise NotFound("Dit voorstel bestaat niet.")
    return proposal


def context(proposal: AgencyProposal, **extra: object) -> dict[str, Any]:
    return {
        "proposal": proposal,
        "profile": agency_profile_of(proposal),  # the rows the candidate's preview shows
        "state_labels": STATE_LABELS,
        "actions": answers.ACTION_LABELS,
        "decline_reasons": answers.DECLINE_REASONS,
        **extra,
    }
