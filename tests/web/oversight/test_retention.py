"""Retention: inactive candidates are erased, active ones stay; ended sessions, old login
attempts and old import files go; a dry run changes nothing; the worker runs it."""

from __future__ import annotations

import pytest

from tests.factories import make_candidate, make_org, make_shared_proposal, make_user, make_vacancy
from web.accounts.repositories import sessions
from web.oversight import retention
from web.oversight.repositories import audit
from web.settings import Settings
from web.vacancies.repositories import imports
from web.worker.queue import enqueue_retention
from web.worker.testing import run_jobs_until_idle

LONG_AGO = "now() - interval '25 months'"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(environment="test", data_dir=tmp_path, esco_dir=tmp_path / "no-esco")


async def _age(conn, candidate_id: int) -> None:
    """Make a profile look untouched for 25 months."""
    await conn.execute(
        f"UPDATE candidates SET created_at = {LONG_AGO}, updated_at = {LONG_AGO},"
        f" last_active_at = {LONG_AGO} WHERE id = $1",
        candidate_id,
    )


@pytest.fixture
async def people(conn):
    """Who stays and who goes after 24 months (the default)."""
    municipality = await make_org(conn, kind="municipality")
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    found = {}
    for name in ("inactive", "old_placement", "active", "logged_in", "recent_step"):
        found[name] = await make_candidate(conn, coach=coach, first_name=name)
    for name in ("inactive", "old_placement", "logged_in", "recent_step"):
        await _age(conn, found[name].id)
    # A placement that ended long ago: its steps are old too.
    old = await make_shared_proposal(
        conn,
        candidate_id=found["old_placement"].id,
        vacancy_id=await make_vacancy(conn, org=agency),
    )
    await conn.execute(
        f"UPDATE proposal_events SET created_at = {LONG_AGO} WHERE proposal_id = $1", old
    )
    await conn.execute(f"UPDATE proposals SET state_changed_at = {LONG_AGO} WHERE id = $1", old)
    # A step on a proposal last week.
    await make_shared_proposal(
        conn, candidate_id=found["recent_step"].id, vacancy_id=await make_vacancy(conn, org=agency)
    )
    # A login of the candidate's own account last week, though the profile is old.
    me = await make_user(conn, role="candidate", org=municipality)
    await conn.execute(
        "UPDATE candidates SET user_id = $2 WHERE id = $1", found["logged_in"].id, me.id
    )
    await _age(conn, found["logged_in"].id)
    await audit.record(conn, action="login", object_type="user", object_id=me.id, actor_id=me.id)
    return found, old


async def _remaining(conn) -> set[str]:
    return {r["first_name"] for r in await conn.fetch("SELECT first_name FROM candidates")}


async def test_inactive_candidates_are_erased_and_active_ones_stay(conn, people, settings):
    found, old_proposal = people
    report = await retention.run(conn, settings, dry_run=False)
    assert report.candidates == 2
    assert await _remaining(conn) == {"active", "logged_in", "recent_step"}
    erased = await conn.fetch("SELECT id, reason FROM erased_candidates ORDER BY id")
    assert [(r["id"], r["reason"]) for r in erased] == [
        (found["inactive"].id, "retention"),
        (found["old_placement"].id, "retention"),
    ]
    kept = await conn.fetchval(
        "SELECT erased_candidate_id FROM proposals WHERE id = $1", old_proposal
    )
    assert kept == found["old_placement"].id  # the placement stays, under the pseudonym
    roles = await conn.fetch(
        "SELECT actor_id, actor_role FROM audit_log WHERE action = 'candidate_erased'"
    )
    assert [(r["actor_id"], r["actor_role"]) for r in roles] == [(None, "retention")] * 2


async def test_the_period_is_a_setting(conn, people, settings):
    """Two months without activity: kept by the default 24, erased with 1."""
    found, _old = people
    await conn.execute(
        "UPDATE candidates SET created_at = now() - interval '2 months',"
        " updated_at = now() - interval '2 months', last_active_at = now() - interval '2 months'"
        " WHERE id = $1",
        found["active"].id,
    )
    assert (await retention.run(conn, settings, dry_run=True)).candidates == 2
    short = settings.model_copy(update={"retention_candidate_months": 1})
    await retention.run(conn, short, dry_run=False)
    assert await _remaining(conn) == {"logged_in", "recent_step"}


async def test_ended_sessions_old_attempts_and_old_import_files_go(conn, settings):
    agency = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=agency)
    for name, expires in (
        ("ended", "now() - interval '2 days'"),
        ("live", "now() + interval '1 hour'"),
    ):
        await conn.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)"
            f" VALUES ($1, $2, 't', {expires})",
            name.encode(),
            user.id,
        )
    await sessions.record_attempt(conn, email_key="a@b.nl", client="10.0.0.1", succeeded=False)
    await sessions.record_attempt(conn, email_key="c@d.nl", client="10.0.0.2", succeeded=False)
    await conn.execute(
        "UPDATE login_attempts SET attempted_at = now() - interval '3 days'"
        " WHERE email_key = 'a@b.nl'"
    )
    batches = {}
    for name, status in (("old", "done"), ("recent", "done"), ("running", "running")):
        batch = await imports.create(
            conn,
            organisation_id=agency.id,
            created_by=user.id,
            source="upload",
            filename=f"{name}.csv",
            payload=b"titel\nHeftruckchauffeur\n",
            status=status,
        )
        batches[name] = batch.id
    await conn.execute(
        "UPDATE import_batches SET finished_at = now() - interval '31 days',"
        " errors = '[{\"row\": 2}]' WHERE id = ANY($1::bigint[])",
        [batches["old"], batches["running"]],
    )
    await conn.execute(
        "UPDATE import_batches SET finished_at = now() WHERE id = $1", batches["recent"]
    )

    dry = await retention.run(conn, settings, dry_run=True)
    assert (dry.sessions, dry.login_attempts, dry.import_payloads) == (1, 1, 1)
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 2  # nothing changed

    done = await retention.run(conn, settings, dry_run=False)
    assert (done.sessions, done.login_attempts, done.import_payloads) == (1, 1, 1)
    assert [r["token_hash"] for r in await conn.fetch("SELECT token_hash FROM sessions")] == [
        b"live"
    ]
    assert await conn.fetchval("SELECT count(*) FROM login_attempts") == 1
    rows = {
        r["id"]: r
        for r in await conn.fetch("SELECT id, payload, errors, filename FROM import_batches")
    }
    assert rows[batches["old"]]["payload"] is None
    assert rows[batches["old"]]["filename"] == "old.csv" and rows[batches["old"]]["errors"]
    assert rows[batches["recent"]]["payload"] and rows[batches["running"]]["payload"]


async def test_a_dry_run_changes_nothing(conn, people, settings):
    before = await conn.fetchval("SELECT count(*) FROM candidates")
    report = await retention.run(conn, settings, dry_run=True)
    assert report.dry_run and report.candidates == 2
    assert await conn.fetchval("SELECT count(*) FROM candidates") == before
    assert await conn.fetchval("SELECT count(*) FROM erased_candidates") == 0
    assert await conn.fetchval("SELECT count(*) FROM audit_log WHERE action <> 'login'") == 0


async def test_the_worker_runs_retention_as_a_job(conn, people, database_url, settings):
    async with conn.transaction():
        await enqueue_retention(conn)
    await run_jobs_until_idle(database_url, settings)
    assert await _remaining(conn) == {"active", "logged_in", "recent_step"}
