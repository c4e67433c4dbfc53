"""Test fixtures: one real PostgreSQL per run, a migrated template database, and a fresh
database cloned from it for every test that needs one (cheap, fully isolated)."""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

from web.database import embedded_server_uri, stop_embedded_server
from web.migrations import migrate

TEMPLATE = "perspectief_test_template"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
_counter = itertools.count()


def _with_database(uri: str, name: str) -> str:
    """The same server URI, pointing at database `name` (works for socket and TCP URIs)."""
    base, sep, query = uri.partition("?")
    head, _, _db = base.rpartition("/")
    return f"{head}/{name}{sep}{query}"


@pytest.fixture(scope="session")
def embedded_pgdata() -> Iterator[Path | None]:
    """The data directory of this run's embedded server; None with an external server."""
    if os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL"):
        yield None
        return
    # Own temp dir, not pytest's: pytest prunes old basetemps, also those of a run in progress.
    root = Path(tempfile.mkdtemp(prefix="perspectief-test-pg-"))
    try:
        yield root / "data"
    finally:
        stop_embedded_server(root / "data")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def admin_uri(embedded_pgdata: Path | None) -> str:
    """A server for this run: DATABASE_URL's when set, else an embedded one in a temp dir."""
    if embedded_pgdata is None:
        external = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
        assert external is not None
        return _with_database(external, "postgres")
    return embedded_server_uri(embedded_pgdata)


@pytest.fixture(scope="session")
async def template_uri(admin_uri: str) -> str:
    conn = await asyncpg.connect(admin_uri)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        await conn.execute(f"CREATE DATABASE {TEMPLATE}")
    finally:
        await conn.close()
    uri = _with_database(admin_uri, TEMPLATE)
    conn = await asyncpg.connect(uri)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    return uri


@pytest.fixture
async def database_url(admin_uri: str, template_uri: str) -> AsyncIterator[str]:
    """A fresh, migrated database for one test; dropped afterwards."""
    name = f"perspectief_test_{os.getpid()}_{next(_counter)}"
    conn = await asyncpg.connect(admin_uri)
    try:
        await conn.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    finally:
        await conn.close()
    yield _with_database(admin_uri, name)
    conn = await asyncpg.connect(admin_uri)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await conn.close()


@pytest.fixture
async def conn(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    from web.database import init_connection

    connection = await asyncpg.connect(database_url)
    await init_connection(connection)
    try:
        yield connection
    finally:
        await connection.close()


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"reference data not found at {SHARED_DATA} (../shared/data beside the repo)")
    return SHARED_DATA
