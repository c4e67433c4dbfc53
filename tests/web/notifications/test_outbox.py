"""The outbox against a real PostgreSQL and a real SMTP sink: rows commit with their
event, the worker sends them, a server that is down is tried again, digests group."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import make_vacancy
from tests.web.notifications.conftest import World
from tests.web.notifications.steps import decline, propose, share, texts, tomorrow_morning
from web.notifications import sender
from web.notifications.sink import start_sink
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord
from web.worker.testing import run_jobs_until_idle

MAIL_JOBS = "SELECT count(*) FROM pgqueuer WHERE entrypoint = 'send_mail'"


async def outbox_rows(conn) -> list[dict]:
    rows = await conn.fetch("SELECT * FROM outbox ORDER BY id")
    return [dict(r) for r in rows]


async def test_a_rolled_back_event_writes_no_outbox_row_and_no_job(conn, world):
    with pytest.raises(RuntimeError):
        async with conn.transaction():
            await propose(conn, world)
            assert len(await outbox_rows(conn)) == 1  # written with the proposal...
            raise RuntimeError("the request failed")
    assert await outbox_rows(conn) == []  # ...and gone with it
    assert await conn.fetchval(MAIL_JOBS) == 0


async def test_the_worker_mails_a_new_job_card_through_smtp(
    conn, database_url, settings, sink, world
):
    async with conn.transaction():
        await propose(conn, world)
    assert await conn.fetchval(MAIL_JOBS) == 1  # the worker is woken in the same commit
    await run_jobs_until_idle(database_url, settings)
    [mail] = texts(sink)
    assert "To: jong@test.example" in mail and "Je jobcoach heeft een baan voor je" in mail
    assert "Orderpicker bij Uitzendbureau Zon" in mail
    assert "https://werk.utrecht.example/candidate" in mail  # where it is answered
    [row] = await outbox_rows(conn)
    assert row["sent_at"] is not None and row["attempts"] == 1


async def test_a_proposal_that_reaches_the_agency_mails_each_of_its_people(
    conn, settings, sink, world
):
    proposal_id = await propose(conn, world)
    await share(conn, world, proposal_id)
    report = await sender.send_due(conn, settings)
    assert report.sent == 3  # the young person's job card and the agency's two people
    to_agency = [t for t in texts(sink) if "To: bureau" in t]
    assert len(to_agency) == 2
    assert "Nieuw voorstel voor je vacature Orderpicker" in to_agency[0]
    assert f"https://werk.utrecht.example/agency/proposals/{proposal_id}" in to_agency[0]


async def test_a_mail_is_tried_again_once_the_server_is_back(conn, settings, sink_port, world):
    await propose(conn, world)
    down = await sender.send_due(conn, settings)  # nothing listens on the port yet
    assert (down.sent, down.failed) == (0, 1)
    [row] = await outbox_rows(conn)
    assert row["attempts"] == 1 and row["sent_at"] is None and row["failed_at"] is None
    assert row["last_error"].startswith("SMTPConnect") and row["send_after"] > row["created_at"]

    controller, sink = start_sink(sink_port)
    try:
        waiting = await sender.send_due(conn, settings)  # its back-off has not passed
        assert waiting.sent == 0 and sink.messages == []
        later = datetime.now(UTC) + timedelta(minutes=2)
        assert (await sender.send_due(conn, settings, now=later)).sent == 1
    finally:
        controller.stop()
    assert [m["To"] for m in sink.messages] == ["jong@test.example"]


async def test_a_mail_is_given_up_after_the_last_attempt(conn, settings, world):
    settings = settings.model_copy(update={"mail_max_attempts": 2})
    await propose(conn, world)
    await sender.send_due(conn, settings)
    await sender.send_due(conn, settings, now=datetime.now(UTC) + timedelta(minutes=5))
    [row] = await outbox_rows(conn)
    assert row["attempts"] == 2 and row["failed_at"] is not None and row["sent_at"] is None
    later = datetime.now(UTC) + timedelta(hours=5)
    assert (await sender.send_due(conn, settings, now=later)).failed == 0  # left alone


async def test_a_coach_gets_one_daily_digest_of_the_agency_answers(conn, settings, sink, world):
    second = await _second_vacancy(conn, world)
    for vacancy in (world.vacancy, second):
        proposal_id = await propose(conn, world, vacancy)
        await share(conn, world, proposal_id)
        await decline(conn, world, proposal_id)
    await sender.send_due(conn, settings)  # the immediate ones: job cards, the agency's
    assert not [t for t in texts(sink) if "To: coach@" in t]  # the coach's wait

    await sender.send_due(conn, settings, now=tomorrow_morning())
    [digest] = [t for t in texts(sink) if "To: coach@" in t]
    assert "Subject: Perspectief: 2 meldingen voor je" in digest
    assert digest.count("Uitzendbureau Zon kiest niet voor Kanarie Merelhof") == 2
    assert "Orderpicker" in digest and "Heftruckchauffeur" in digest
    assert f"https://werk.utrecht.example/coach/candidates/{world.candidate_id}" in digest


async def _second_vacancy(conn, world: World) -> VacancyRecord:
    vacancy_id = await make_vacancy(conn, org=world.employer, title="Heftruckchauffeur")
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    assert vacancy is not None
    return vacancy
