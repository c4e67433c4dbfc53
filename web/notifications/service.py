"""Who is told about an event, and how each person wants to be told.

`queue` is called inside the transaction of the event itself: the outbox rows commit
with it or not at all (a rolled-back event mails nobody), and the worker is woken in the
same transaction. Defaults when a person never chose: an agency hears at once (a
candidate is waiting for its answer), a jobcoach gets one digest a day (25 young people
make many small events, and the work list shows them live), a young person hears at once
(a new job card is rare and worth a message).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import asyncpg

from web.accounts.repositories.users import User
from web.errors import AppError
from web.notifications.repositories import outbox, preferences, recipients
from web.notifications.repositories.recipients import Recipient
from web.oversight.repositories import audit
from web.proposals.repositories import proposals
from web.worker.queue import enqueue_send_mail

DEFAULT_DELIVERY = {"agency": "immediate", "jobcoach": "daily", "candidate": "immediate"}
# Check-in reminders: when it opens, then once a week while it stays open.
REMINDER_EVERY_DAYS = 7

Finder = Callable[..., Awaitable[list[Recipient]]]
# Every event is about one proposal; this is who is told.
_FINDERS: dict[str, Finder] = {
    "proposal_shared": recipients.agency_of_proposal,
    "agency_answered": recipients.coach_of_proposal,
    "checkin_due": recipients.coach_of_proposal,
    "job_card": recipients.candidate_of_proposal,
}
EVENTS = tuple(_FINDERS)


def delivery_of(recipient: Recipient) -> str:
    return recipient.delivery or DEFAULT_DELIVERY.get(recipient.role, "daily")


async def queue(
    conn: asyncpg.Connection,
    *,
    event: str,
    proposal_id: int,
    state: str | None = None,
    dedupe_key: str | None = None,
) -> int:
    """Outbox rows for everyone this event concerns; how many were written."""
    if event not in _FINDERS:
        raise ValueError(f"event must be one of {EVENTS}, not {event!r}")
    written = 0
    for recipient in await _FINDERS[event](conn, proposal_id=proposal_id):
        key = f"{dedupe_key}:{recipient.user_id}" if dedupe_key else None
        added = await outbox.add(
            conn,
            recipient_id=recipient.user_id,
            event=event,
            delivery=delivery_of(recipient),
            proposal_id=proposal_id,
            state=state,
            dedupe_key=key,
        )
        written += added is not None
    if written:
        await enqueue_send_mail(conn)
    return written


async def queue_checkin_reminders(conn: asyncpg.Connection) -> int:
    """A mail to the coach for each check-in that opened, and a reminder each week it
    stays open (the dedupe key holds the week since it opened). How many were written."""
    written = 0
    for due in await proposals.checkins_due(conn):
        week = due.days_since_due // REMINDER_EVERY_DAYS
        written += await queue(
            conn,
            event="checkin_due",
            proposal_id=due.proposal_id,
            state=due.checkin,
            dedupe_key=f"checkin_due:{due.proposal_id}:{due.checkin}:{week}",
        )
    return written


async def delivery_for(conn: asyncpg.Connection, user: User) -> str:
    """What this person gets: their choice, else their role's default."""
    chosen = await preferences.chosen(conn, user_id=user.id)
    return chosen or DEFAULT_DELIVERY.get(user.role, "daily")


class ChoiceError(AppError):
    status_code = 422


async def choose_delivery(conn: asyncpg.Connection, user: User, delivery: str) -> None:
    """Store the person's choice (for the mails queued from now on), audited."""
    if delivery not in preferences.DELIVERIES:
        raise ChoiceError("Kies of je meteen een mail wilt, of één keer per dag een overzicht.")
    await preferences.choose(conn, user_id=user.id, delivery=delivery)
    await audit.record_by(
        conn, user, action="notifications_chosen", object_type="user", object_id=user.id
    )
