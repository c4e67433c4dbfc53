"""Decisions and transitions, each with its timeline event and audit record.

Double clicks and two coaches at once are handled by the database: the review and the
proposal are unique per pair (ON CONFLICT DO NOTHING), and a transition only moves a
proposal that is still in the state the actor saw. Only an open vacancy can be proposed,
and a review only points at a suggestion of its own pair and municipality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.errors import AppError
from web.formatting import AMSTERDAM, day
from web.matching.repositories import suggestions
from web.notifications import service as notifications
from web.oversight.repositories import audit
from web.proposals.repositories import proposals
from web.proposals.vocabulary import (
    APPROVE_REASONS,
    CHECKINS,
    REASONS_FOR_STATE_LABELS,
    REJECT_REASONS,
    STATE_LABELS,
)
from web.vacancies.repositories.vacancies import VacancyRecord

REASONS_FOR_STATE = REASONS_FOR_STATE_LABELS


class DecisionError(AppError):
    """A decision or transition that cannot be made; the message is Dutch."""


class VacancyNotOpen(DecisionError):
    """Approving a vacancy that is closed, filled or past its closing date."""

    status_code = 409


class CheckinNotDue(DecisionError):
    """A check-in recorded before it opens (1, 3 or 6 months after the start date)."""

    status_code = 409


class SuggestionNotFound(DecisionError):
    """A review pointing at another pair's or another municipality's suggestion: answered
    as if it did not exist, like any other cross-tenant access."""

    status_code = 404


@dataclass(frozen=True)
class Decision:
    review_id: int | None  # None: this pair was already decided (double click)
    proposal_id: int | None


async def decide(
    conn: asyncpg.Connection,
    *,
    coach: User,
    candidate_id: int,
    vacancy: VacancyRecord,
    decision: str,
    reason_code: str,
    note: str = "",
    suggestion_id: int | None = None,
) -> Decision:
    """Approve (creates exactly one proposal) or reject a suggested pair.

    Nothing is stored when it is refused: no listed reason (DecisionError), a suggestion
    that is not this pair's (SuggestionNotFound), an approval of a vacancy that is no
    longer open (VacancyNotOpen)."""
    reasons = APPROVE_REASONS if decision == "approve" else REJECT_REASONS
    if decision not in ("approve", "reject") or reason_code not in reasons:
        raise DecisionError("Kies een reden uit de lijst.")
    if suggestion_id is not None:
        await _check_suggestion(conn, coach, candidate_id, vacancy.id, suggestion_id)
    if decision == "approve":
        await _check_open(conn, vacancy.id)
    note = note.strip()[:1000]
    review_id = await proposals.insert_review(
        conn,
        candidate_id=candidate_id,
        vacancy_id=vacancy.id,
        suggestion_id=suggestion_id,
        coach_id=coach.id,
        decision=decision,
        reason_code=reason_code,
        note=note,
        vacancy_content_hash=vacancy.content_hash,
    )
    if review_id is None or decision == "reject":
        await _audit_review(conn, coach, review_id, decision)
        return Decision(review_id, None)
    proposal_id = await _propose(
        conn, coach, candidate_id, vacancy.id, review_id, reason_code, note
    )
    return Decision(review_id, proposal_id)


async def propose(
    conn: asyncpg.Connection,
    *,
    coach: User,
    candidate_id: int,
    vacancy: VacancyRecord,
    reason_code: str,
    note: str = "",
) -> Decision:
    """A pair the coach found themselves (a vacancy page, hand search, manual mode): the
    approval of a suggestion without the suggestion, so the same reasons, audit and
    exactly-once proposal. Works with the kill switch on."""
    return await decide(
        conn,
        coach=coach,
        candidate_id=candidate_id,
        vacancy=vacancy,
        decision="approve",
        reason_code=reason_code,
        note=note,
    )


async def _check_suggestion(
    conn: asyncpg.Connection, coach: User, candidate_id: int, vacancy_id: int, suggestion_id: int
) -> None:
    found = await suggestions.is_of_pair(
        conn,
        suggestion_id=suggestion_id,
        candidate_id=candidate_id,
        vacancy_id=vacancy_id,
        organisation_id=coach.organisation_id,
    )
    if not found:
        raise SuggestionNotFound("Deze suggestie bestaat niet.")


async def _check_open(conn: asyncpg.Connection, vacancy_id: int) -> None:
    """Refuse the approval of a vacancy that cannot be proposed any more (locks its row)."""
    openness = await proposals.vacancy_openness(conn, vacancy_id=vacancy_id)
    refusal = not_open_reason(openness)
    if refusal:
        raise VacancyNotOpen(refusal)


def not_open_reason(openness: proposals.VacancyOpenness | None) -> str | None:
    """Why a vacancy cannot be proposed (Dutch), or None when it is open."""
    if openness is None:
        return "Deze vacature bestaat niet meer."
    if openness.status == "filled":
        return "Deze vacature is al vervuld. Je kunt haar niet meer voorstellen."
    if openness.status != "open":
        return "Deze vacature is gesloten. Je kunt haar niet meer voorstellen."
    if openness.expired:
        return "De sluitingsdatum van deze vacature is voorbij. Je kunt haar niet meer voorstellen."
    return None


async def _propose(
    conn: asyncpg.Connection,
    coach: User,
    candidate_id: int,
    vacancy_id: int,
    review_id: int,
    reason_code: str,
    note: str,
) -> int | None:
    """The proposal of an approved pair with its first event (None when it exists)."""
    proposal_id = await proposals.insert_proposal(
        conn,
        candidate_id=candidate_id,
        vacancy_id=vacancy_id,
        review_id=review_id,
        created_by=coach.id,
    )
    if proposal_id is None:
        return None
    await proposals.add_event(
        conn,
        proposal_id=proposal_id,
        from_state=None,
        to_state="proposed",
        actor_id=coach.id,
        reason_code=reason_code,
        note=note,
    )
    await _audit(conn, coach, "proposal_created", proposal_id)
    await notifications.queue(conn, event="job_card", proposal_id=proposal_id)
    await candidates.follow_pipeline(conn, candidate_id=candidate_id)
    return proposal_id


async def _audit_review(
    conn: asyncpg.Connection, coach: User, review_id: int | None, decision: str
) -> None:
    if review_id is not None:
        await audit.record_by(
            conn,
            coach,
            action=f"review_{decision}",
            object_type="review",
            object_id=review_id,
        )


async def transition(
    conn: asyncpg.Connection,
    *,
    actor: User,
    proposal_id: int,
    from_state: str,
    to_state: str,
    reason_code: str | None = None,
    note: str = "",
    start_date: date | None = None,
) -> bool:
    """Move a proposal from `from_state` to `to_state`. False when someone was first.

    A hire records `start_date` (the day of the hire when None); a check-in is refused
    before it opens (CheckinNotDue)."""
    reasons = REASONS_FOR_STATE.get(to_state)
    if reasons is not None and reason_code not in reasons:
        raise DecisionError("Kies een reden uit de lijst.")
    if to_state == "hired" and start_date is not None:
        check_start_date(start_date)
    if from_state in CHECKINS and CHECKINS[from_state][0] == to_state:
        await _check_checkin_open(conn, proposal_id, from_state)
    try:
        async with conn.transaction():
            moved = await proposals.set_state(
                conn,
                proposal_id=proposal_id,
                from_state=from_state,
                to_state=to_state,
                end_reason=reason_code if reasons else None,
                start_date=start_date if to_state == "hired" else None,
            )
    except asyncpg.CheckViolationError as exc:
        raise DecisionError("Deze stap kan niet vanuit de huidige fase.") from exc
    if not moved:
        return False
    await proposals.add_event(
        conn,
        proposal_id=proposal_id,
        from_state=from_state,
        to_state=to_state,
        actor_id=actor.id,
        reason_code=reason_code,
        note=note.strip()[:1000],
    )
    await _audit(conn, actor, f"proposal_{to_state}", proposal_id)
    if to_state == "shared_with_agency":
        await notifications.queue(conn, event="proposal_shared", proposal_id=proposal_id)
    await _follow_pipeline(conn, proposal_id)
    return True


async def _follow_pipeline(conn: asyncpg.Connection, proposal_id: int) -> None:
    """The caseload status follows every step (whoever records it: coach or agency):
    working after a hire, searching again after a refusal when nothing else is open."""
    proposal = await proposals.by_id(conn, proposal_id=proposal_id)
    if proposal is not None:
        await candidates.follow_pipeline(conn, candidate_id=proposal.candidate_id)


async def _check_checkin_open(conn: asyncpg.Connection, proposal_id: int, from_state: str) -> None:
    """Refuse a check-in before its day: retention figures count only real months."""
    proposal = await proposals.by_id(conn, proposal_id=proposal_id)
    if proposal is None or proposal.state != from_state or proposal.checkin_open:
        return  # gone or moved on: set_state answers "someone was first"
    to_state, months = CHECKINS[from_state]
    raise CheckinNotDue(
        f"„{STATE_LABELS[to_state]}” kan pas vanaf {day(proposal.checkin_opens_on)}: "
        f"{months} {'maand' if months == 1 else 'maanden'} na de startdatum "
        f"({day(proposal.start_date)})."
    )


def parse_start_date(text: str) -> date | None:
    """A start date as typed: 2026-03-01 (a date field) or 1-3-2026; None when empty."""
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise DecisionError("Vul de startdatum in als dag-maand-jaar, bijvoorbeeld 1-3-2026.")


def check_start_date(start_date: date) -> None:
    """At most a year ahead and five years back (Amsterdam's today): beyond that it is a
    typing error, not a placement."""
    today = datetime.now(AMSTERDAM).date()
    if start_date > today + timedelta(days=366):
        raise DecisionError("De startdatum ligt meer dan een jaar in de toekomst.")
    if start_date < today - timedelta(days=5 * 366):
        raise DecisionError("De startdatum ligt meer dan vijf jaar terug.")


async def set_start_date(
    conn: asyncpg.Connection, *, actor: User, proposal_id: int, start_date: date
) -> None:
    """Change when a placement started; the check-ins move with it."""
    check_start_date(start_date)
    if not await proposals.set_start_date(conn, proposal_id=proposal_id, start_date=start_date):
        raise DecisionError("Een startdatum hoort bij een plaatsing die is aangenomen.")
    await _audit(conn, actor, "proposal_start_date", proposal_id)


async def _audit(conn: asyncpg.Connection, actor: User, action: str, proposal_id: int) -> None:
    await audit.record_by(
        conn,
        actor,
        action=action,
        object_type="proposal",
        object_id=proposal_id,
    )
