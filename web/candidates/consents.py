"""A candidate's consent to share their contact details with the agency of a proposal.

Every consent and withdrawal is audited (object: the proposal). Withdrawal takes
effect at once: the agency queries check for an active consent on every read.
"""

from __future__ import annotations

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import consents
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import Conflict
from web.oversight.repositories import audit
from web.proposals.candidate_answers import own_proposal

# Consent only makes sense once they want the job and while it is still going.
CONSENT_STATES = frozenset(
    {"candidate_interested", "shared_with_agency", "interview", "hired"}
    | {"working_1m", "working_3m", "working_6m"}
)


class ConsentNotPossible(Conflict):
    """Consent cannot be given for this proposal now; the message is Dutch."""


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
