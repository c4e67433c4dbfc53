"""The candidate's side of a proposal: only their own, and their answer to it.

An answer ("Lijkt me wat" or "Niet voor mij") is a transition like any other, so it
goes through the placement service: the step lands in the coach's timeline and the
audit log.
"""

from __future__ import annotations

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories.candidates import CandidateRecord
from web.errors import NotFound
from web.proposals import service as placements
from web.proposals.repositories import proposals
from web.proposals.repositories.proposals import Proposal
from web.proposals.vocabulary import CANDIDATE_DECLINE_REASONS

ANSWERS = {"interested": "candidate_interested", "declined": "candidate_declined"}


class NotYours(NotFound):
    """The proposal does not exist or belongs to someone else."""

    def __init__(self, message: str = "Deze baan bestaat niet.") -> None:
        super().__init__(message)


async def own_proposal(
    conn: asyncpg.Connection, *, candidate: CandidateRecord, proposal_id: int
) -> Proposal:
    """Their proposal; raises NotYours for anyone else's (or none)."""
    proposal = await proposals.by_id(conn, proposal_id=proposal_id)
    if proposal is None or proposal.candidate_id != candidate.id:
        raise NotYours()
    return proposal


async def answer(
    conn: asyncpg.Connection,
    *,
    me: User,
    candidate: CandidateRecord,
    proposal_id: int,
    answer: str,
    reason_code: str = "",
) -> bool:
    """Answer "Lijkt me wat" or "Niet voor mij" (reason optional, else "anders").

    False when the proposal was no longer open for an answer."""
    proposal = await own_proposal(conn, candidate=candidate, proposal_id=proposal_id)
    to_state = ANSWERS.get(answer)
    if to_state is None or proposal.state != "proposed":
        return False
    reason = None
    if to_state == "candidate_declined":
        reason = reason_code if reason_code in CANDIDATE_DECLINE_REASONS else "anders"
    return await placements.transition(
        conn,
        actor=me,
        proposal_id=proposal.id,
        from_state="proposed",
        to_state=to_state,
        reason_code=reason,
    )
