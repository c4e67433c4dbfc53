"""An agency answers a proposal: invite to an interview, hire, or decline with a reason.

The transition itself (trigger-checked, with its timeline event and audit record) is
`web.proposals.service.transition`; this module only adds what an agency may do.
Inviting or hiring needs the candidate's active consent: without it the agency does not
even know who the candidate is. Declining is always possible.
"""

from __future__ import annotations

import asyncpg

from web.accounts.repositories.users import User
from web.errors import AppError
from web.notifications import service as notifications
from web.oversight.repositories import audit
from web.proposals.repositories import agency_proposals
from web.proposals.repositories.agency_proposals import AgencyProposal
from web.proposals.service import DecisionError, parse_start_date, transition
from web.proposals.vocabulary import AGENCY_DECLINE_REASONS

ACTIONS = {"invite": "interview", "hire": "hired", "decline": "declined_by_agency"}
ACTION_LABELS = {
    "invite": "Uitnodigen voor gesprek",
    "hire": "Aannemen",
    "decline": "Afwijzen",
}
DECLINE_REASONS = AGENCY_DECLINE_REASONS


class AnswerError(AppError):
    """The answer cannot be given; the message is Dutch."""

    status_code = 409


async def answer(
    conn: asyncpg.Connection,
    *,
    actor: User,
    proposal: AgencyProposal,
    action: str,
    reason_code: str | None = None,
    note: str = "",
    start_date: str = "",
) -> str:
    """Apply the answer; returns the new state. Raises AnswerError. A hire takes the
    start date as typed (empty: the day of the hire)."""
    to_state = ACTIONS.get(action)
    if to_state is None:
        raise AnswerError("Kies uitnodigen, aannemen of afwijzen.", status_code=422)
    if action == "decline" and reason_code not in DECLINE_REASONS:
        raise AnswerError("Kies een reden voor de afwijzing.", status_code=422)
    if action != "decline" and not proposal.consented:
        raise AnswerError("De kandidaat heeft (nog) geen toestemming gegeven om gegevens te delen.")
    try:
        moved = await transition(
            conn,
            actor=actor,
            proposal_id=proposal.id,
            from_state=proposal.state,
            to_state=to_state,
            reason_code=reason_code if action == "decline" else None,
            note=note,
            start_date=parse_start_date(start_date) if action == "hire" else None,
        )
    except DecisionError as exc:
        raise AnswerError(str(exc)) from exc
    if not moved:
        raise AnswerError(
            "Iemand anders heeft dit voorstel net bijgewerkt. Laad de pagina opnieuw."
        )
    await notifications.queue(
        conn, event="agency_answered", proposal_id=proposal.id, state=to_state
    )
    return to_state


async def read(
    conn: asyncpg.Connection, *, actor: User | None, organisation_id: int, proposal_id: int
) -> AgencyProposal | None:
    """One proposal for the agency; reading a consented (named) profile is audited."""
    proposal = await agency_proposals.one(
        conn, organisation_id=organisation_id, proposal_id=proposal_id
    )
    if proposal is not None and proposal.consented:
        await audit.record(
            conn,
            action="read",
            object_type="candidate",
            object_id=proposal.candidate_id,
            actor_id=actor.id if actor else None,
            actor_role=actor.role if actor else "api",
            organisation_id=organisation_id,
        )
    return proposal
