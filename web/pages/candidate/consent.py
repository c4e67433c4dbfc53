"""Consent for one proposal: preview what the agency will see, give it, withdraw it.

Every consent and withdrawal is audited (object: the proposal). Withdrawal takes
effect at once: the agency queries check for an active consent on every read.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates, consents
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import Conflict
from web.oversight.repositories import audit
from web.pages.candidate.jobs import CONSENT_STATES, own_proposal
from web.proposals.profile_views import agency_profile


class ConsentNotPossible(Conflict):
    """Consent cannot be given for this proposal now; the message is Dutch."""


@dataclass(frozen=True)
class Preview:
    without_consent: dict[str, str]  # what the agency sees now (or would see)
    with_consent: dict[str, str]  # what the agency sees after consent


async def preview(conn: asyncpg.Connection, *, candidate: CandidateRecord) -> Preview:
    contact = await candidates.contact_for(conn, candidate_id=candidate.id)
    return Preview(
        without_consent=agency_profile(candidate, consented=False),
        with_consent=agency_profile(candidate, consented=True, contact=contact),
    )


async def give(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, proposal_id: int
) -> bool:
    """Give consent; False when it was already given. Raises ConsentNotPossible."""
    proposal = await own_proposal(conn, candidate=candidate, proposal_id=proposal_id)
    if proposal.state not in CONSENT_STATES:
        raise ConsentNotPossible("Dit kan pas als je hebt gezegd dat de baan je wat lijkt.")
    given = await consents.give(conn, proposal_id=proposal.id, candidate_id=candidate.id)
    if given is not None:
        await _audit(conn, me, "consent_given", proposal.id)
    return given is not None


async def withdraw(
    conn: asyncpg.Connection, *, me: User, candidate: CandidateRecord, proposal_id: int
) -> bool:
    """Withdraw consent (any time, in any state); False when there was none."""
    proposal = await own_proposal(conn, candidate=candidate, proposal_id=proposal_id)
    withdrawn = await consents.withdraw(conn, proposal_id=proposal.id, candidate_id=candidate.id)
    if withdrawn is not None:
        await _audit(conn, me, "consent_withdrawn", proposal.id)
    return withdrawn is not None


async def _audit(conn: asyncpg.Connection, me: User, action: str, proposal_id: int) -> None:
    await audit.record_by(
        conn,
        me,
        action=action,
        object_type="proposal",
        object_id=proposal_id,
    )
