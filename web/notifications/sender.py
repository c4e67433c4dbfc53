"""The worker's side: mail what is due in the outbox through SMTP (aiosmtplib).

One mail at a time, each in its own transaction: its rows are locked (other workers skip
them), the mail is written from what is true now, sent, and the rows marked. A failed
send waits 1, 2, 4… minutes (at most an hour) and gives up after `mail_max_attempts`;
when the server cannot be reached the run stops, and the next one tries again. A crash
between sending and marking sends that mail again: at least once, never lost.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import aiosmtplib
import asyncpg

from web.notifications import mails
from web.notifications.mails import Notice
from web.notifications.repositories import mail_facts, outbox
from web.notifications.repositories.outbox import OutboxRow
from web.proposals.vocabulary import CHECKINS
from web.settings import Settings

log = logging.getLogger(__name__)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
KEEP_DAYS = 30  # sent and given-up rows are deleted after this
MAX_MAILS_PER_RUN = 500
# The server is not there (or stopped answering): later mails would fail the same way.
UNREACHABLE = (
    aiosmtplib.SMTPConnectError,
    aiosmtplib.SMTPServerDisconnected,
    aiosmtplib.SMTPTimeoutError,
    OSError,
)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    dropped: int = 0
    no_host: bool = False  # PERSPECTIEF_SMTP_HOST is not set: everything waits

    def count(self, outcome: str) -> None:
        if outcome == "sent":
            self.sent += 1
        elif outcome == "dropped":
            self.dropped += 1
        else:
            self.failed += 1


def last_digest(now: datetime, hour: int) -> datetime:
    """The latest digest moment at or before `now`: `hour` o'clock in Amsterdam."""
    here = now.astimezone(AMSTERDAM)
    today = here.replace(hour=hour, minute=0, second=0, microsecond=0)
    return today if today <= here else today - timedelta(days=1)


async def send_due(
    conn: asyncpg.Connection, settings: Settings, *, now: datetime | None = None
) -> SendReport:
    """Send every mail that is due at `now` (default: now), up to MAX_MAILS_PER_RUN."""
    report = SendReport()
    if not settings.smtp_host:
        report.no_host = True
        return report
    moment = now or datetime.now(UTC)
    digest = last_digest(moment, settings.mail_digest_hour)
    for _ in range(MAX_MAILS_PER_RUN):
        outcome = await _send_next(conn, settings, moment, digest)
        if outcome is None:
            break
        report.count(outcome)
        if outcome == "unreachable":
            log.warning("mail server %s unreachable; retrying later", settings.smtp_host)
            break
    await outbox.prune(conn, days=KEEP_DAYS)
    return report


async def _send_next(
    conn: asyncpg.Connection, settings: Settings, now: datetime, digest: datetime
) -> str | None:
    """Send the next due mail: "sent", "dropped" (nothing left to say), "failed" or
    "unreachable"; None when nothing is due."""
    async with conn.transaction():
        rows = await outbox.take_next(conn, now=now, last_digest=digest)
        if not rows:
            return None
        contact = await mail_facts.contact(conn, user_id=rows[0].recipient_id)
        said = await _notices(conn, rows, settings.public_base_url) if contact else {}
        unsaid = [row.id for row in rows if row.id not in said]
        if unsaid:
            await outbox.mark_dropped(conn, ids=unsaid, reason="nothing to tell any more")
        if contact is None or not said:
            return "dropped"
        base = settings.public_base_url
        mail = mails.message(contact, list(said.values()), sender=settings.mail_from, base_url=base)
        ids = list(said)
        try:
            await deliver(mail, settings)
        except (aiosmtplib.SMTPException, OSError) as exc:
            error = _error_text(exc)
            await outbox.mark_failed(
                conn, ids=ids, error=error, max_attempts=settings.mail_max_attempts, now=now
            )
            log.warning("mail for outbox %s not sent: %s", ids, error)
            return "unreachable" if isinstance(exc, UNREACHABLE) else "failed"
        await outbox.mark_sent(conn, ids=ids)
        log.info("mail sent for outbox %s (%s)", ids, ", ".join(r.event for r in rows))
        return "sent"


async def _notices(
    conn: asyncpg.Connection, rows: list[OutboxRow], base_url: str
) -> dict[int, Notice]:
    """Outbox id → what to tell, for the rows that still have something to tell."""
    found = {}
    for row in rows:
        notice = await notice_for(conn, row, base_url)
        if notice is not None:
            found[row.id] = notice
    return found


async def notice_for(conn: asyncpg.Connection, row: OutboxRow, base_url: str) -> Notice | None:
    """What this row tells its reader now; None when there is nothing to tell (the
    candidate was erased, the check-in was recorded meanwhile)."""
    if row.event == "proposal_shared":
        agency = await mail_facts.for_agency(conn, proposal_id=row.proposal_id)
        return mails.proposal_shared(agency, base_url) if agency else None
    if row.event == "job_card":
        card = await mail_facts.for_candidate(conn, proposal_id=row.proposal_id)
        return mails.job_card(card, base_url) if card else None
    coach = await mail_facts.for_coach(conn, proposal_id=row.proposal_id)
    if coach is None:
        return None
    if row.event == "checkin_due":
        still_due = CHECKINS.get(coach.proposal_state, ("",))[0] == row.state
        return mails.checkin_due(coach, row.state or "", base_url) if still_due else None
    return mails.agency_answered(coach, row.state or "", base_url)


async def deliver(mail: EmailMessage, settings: Settings) -> None:
    """Hand one mail to the SMTP server (TLS as configured; STARTTLS when it offers it,
    unless PERSPECTIEF_SMTP_STARTTLS says otherwise)."""
    password = settings.smtp_password.get_secret_value()
    login = bool(settings.smtp_username and password)
    await aiosmtplib.send(
        mail,
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_username if login else None,
        password=password if login else None,
        use_tls=settings.smtp_tls,
        start_tls=settings.smtp_starttls,
        timeout=settings.smtp_timeout_seconds,
    )


def _error_text(exc: BaseException) -> str:
    """The kind of error and the server's code: never the message, which may quote an
    address."""
    code = getattr(exc, "code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__
