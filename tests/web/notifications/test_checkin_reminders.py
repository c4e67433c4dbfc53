"""A check-in that opened is mailed to the coach once, then once a week while it stays
open; one recorded before the mail goes out is not mailed at all."""

from __future__ import annotations

from tests.web.notifications.steps import propose, share, texts, tomorrow_morning
from web.notifications import sender
from web.notifications import service as notifications
from web.proposals import service as placements


async def _placed(conn, world, *, days_ago: int) -> int:
    """A hire that started `days_ago` days ago (the coach records it)."""
    proposal_id = await propose(conn, world)
    await share(conn, world, proposal_id)
    assert await placements.transition(
        conn,
        actor=world.coach,
        proposal_id=proposal_id,
        from_state="shared_with_agency",
        to_state="hired",
    )
    await conn.execute(
        "UPDATE proposals SET start_date = local_today() - $2::int WHERE id = $1",
        proposal_id,
        days_ago,
    )
    return proposal_id


async def _checkin_rows(conn) -> int:
    return await conn.fetchval("SELECT count(*) FROM outbox WHERE event = 'checkin_due'")


async def test_a_due_checkin_is_mailed_to_the_coach_once_a_week(conn, settings, sink, world):
    proposal_id = await _placed(conn, world, days_ago=10)
    assert await notifications.queue_checkin_reminders(conn) == 0  # opens after a month
    await _start_earlier(conn, proposal_id, days=30)
    assert await notifications.queue_checkin_reminders(conn) == 1
    assert await notifications.queue_checkin_reminders(conn) == 0  # not again that week

    await sender.send_due(conn, settings, now=tomorrow_morning())  # the coach's digest
    [mail] = [t for t in texts(sink) if t.startswith("To: coach@")]
    assert "Subject: Check-in na 1 maand voor Kanarie Merelhof" in mail
    assert "Werkt Kanarie Merelhof daar nog?" in mail
    assert f"https://werk.utrecht.example/coach/candidates/{world.candidate_id}" in mail

    await _start_earlier(conn, proposal_id, days=7)  # a week on, still not recorded
    assert await notifications.queue_checkin_reminders(conn) == 1
    assert await _checkin_rows(conn) == 2


async def _start_earlier(conn, proposal_id: int, *, days: int) -> None:
    await conn.execute(
        "UPDATE proposals SET start_date = start_date - $2::int WHERE id = $1", proposal_id, days
    )


async def test_a_checkin_recorded_before_the_mail_is_not_mailed(conn, settings, sink, world):
    proposal_id = await _placed(conn, world, days_ago=40)
    assert await notifications.queue_checkin_reminders(conn) == 1
    assert await placements.transition(
        conn,
        actor=world.coach,
        proposal_id=proposal_id,
        from_state="hired",
        to_state="working_1m",
    )
    report = await sender.send_due(conn, settings, now=tomorrow_morning())
    assert report.dropped == 1
    assert not [t for t in texts(sink) if t.startswith("To: coach@")]
    assert await _checkin_rows(conn) == 1
