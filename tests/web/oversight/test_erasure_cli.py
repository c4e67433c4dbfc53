"""`perspectief candidates erase` and `perspectief retention run`, in-process."""

from __future__ import annotations

import asyncio
import io

import pytest

from tests.factories import make_candidate, make_org, make_user
from web import cli
from web.settings import get_settings


@pytest.fixture
def run(database_url, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PERSPECTIEF_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()

    async def invoke(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = await asyncio.to_thread(cli.main, list(argv))  # it runs its own event loop
        out, err = capsys.readouterr()
        return code, out, err

    yield invoke
    get_settings.cache_clear()


@pytest.fixture
async def candidate(conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    return await make_candidate(conn, coach=coach, first_name="Sem", last_name="Jansen")


async def test_erase_asks_first_and_prints_no_name(run, conn, candidate):
    code, out, err = await run("candidates", "erase", str(candidate.id), stdin="nee\n")
    assert code == 1 and "not erased" in err and "cannot be undone" in err
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1

    code, out, _err = await run("candidates", "erase", str(candidate.id), stdin="ja\n")
    pseudonym = await conn.fetchval("SELECT pseudonym FROM erased_candidates")
    assert code == 0 and pseudonym in out and "goes: the profile" in out
    assert "Sem" not in out and "Jansen" not in out
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 0
    role = await conn.fetchval("SELECT actor_role FROM audit_log WHERE action = 'candidate_erased'")
    assert role == "cli"


async def test_erase_yes_skips_the_question(run, conn, candidate):
    code, out, err = await run("candidates", "erase", str(candidate.id), "--yes")
    assert code == 0 and err == "" and "Verwijderd-" in out


async def test_erase_refuses_a_bad_id_clearly(run, candidate):
    code, _out, err = await run("candidates", "erase", str(candidate.id + 1000), "--yes")
    assert code == 1 and f"no candidate with id {candidate.id + 1000}" in err
    with pytest.raises(SystemExit) as exited:
        await run("candidates", "erase", "zeven", "--yes")
    assert exited.value.code == 2


async def test_retention_dry_run_prints_counts_only(run, conn, candidate):
    await conn.execute(
        "UPDATE candidates SET created_at = now() - interval '3 years',"
        " updated_at = now() - interval '3 years', last_active_at = now() - interval '3 years'"
    )
    code, out, _err = await run("retention", "run", "--dry-run")
    assert code == 0 and "dry run" in out
    assert "candidates erased (would): 1 (no activity for 24 months)" in out
    assert "Sem" not in out
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1
    code, out, _err = await run("retention", "run")
    assert code == 0 and "candidates erased (did): 1" in out
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 0
