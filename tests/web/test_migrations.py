from __future__ import annotations

import shutil
from pathlib import Path

import asyncpg
import pytest

from tests.conftest import _with_database
from web.migrations import MIGRATIONS_DIR, MigrationError, discover, migrate


@pytest.fixture
async def empty_conn(admin_uri: str):
    conn = await asyncpg.connect(admin_uri)
    await conn.execute("DROP DATABASE IF EXISTS migration_empty WITH (FORCE)")
    await conn.execute("CREATE DATABASE migration_empty")
    await conn.close()
    empty = await asyncpg.connect(_with_database(admin_uri, "migration_empty"))
    yield empty
    await empty.close()


async def test_builds_an_empty_database_and_rerun_is_a_noop(empty_conn):
    applied = await migrate(empty_conn)
    assert applied == [m.name for m in discover()]
    tables = {r["tablename"] for r in await empty_conn.fetch("SELECT tablename FROM pg_tables")}
    assert {"users", "candidates", "candidate_restrictions", "vacancies", "audit_log"} <= tables
    assert await migrate(empty_conn) == []


async def test_refuses_an_edited_applied_migration(empty_conn, tmp_path: Path):
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy)
    await migrate(empty_conn, copy)
    first = sorted(copy.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="edited after it was applied"):
        await migrate(empty_conn, copy)


async def test_refuses_badly_named_files(tmp_path: Path):
    (tmp_path / "1_oops.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="0001_name.sql"):
        discover(tmp_path)


async def test_failing_migration_leaves_nothing_half_applied(empty_conn, tmp_path: Path):
    (tmp_path / "0001_ok.sql").write_text("CREATE TABLE a (id int);")
    (tmp_path / "0002_bad.sql").write_text("CREATE TABLE b (id int); SELECT nonsense_fn();")
    with pytest.raises(MigrationError, match="0002_bad.sql"):
        await migrate(empty_conn, tmp_path)
    names = {r["name"] for r in await empty_conn.fetch("SELECT name FROM schema_migrations")}
    assert names == {"0001_ok.sql"}
    assert await empty_conn.fetchval("SELECT to_regclass('b')") is None
