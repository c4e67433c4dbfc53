"""What every `perspectief` command shares: a refusal for the operator and a database
connection (the embedded server or DATABASE_URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from web.database import connect_database, init_connection
from web.settings import Settings


class CommandError(Exception):
    """A refusal with a message for the operator (exit code 1)."""


@asynccontextmanager
async def connection(settings: Settings) -> AsyncIterator[asyncpg.Connection]:
    url = await connect_database(settings.database_url, settings.embedded_pgdata)
    conn = await asyncpg.connect(url)
    try:
        await init_connection(conn)  # as the pool's: repositories pass jsonb as objects
        yield conn
    finally:
        await conn.close()
