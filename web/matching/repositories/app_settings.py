"""Admin-controlled switches stored in PostgreSQL, shared by every app process.

The kill switch is not one of them: it belongs to each municipality
(`organisations.automatic_suggestions`, see web.matching.kill_switch)."""

from __future__ import annotations

from typing import Any

import asyncpg

GET = "SELECT value FROM app_settings WHERE key = $1"
SET = """
INSERT INTO app_settings (key, value, updated_by) VALUES ($1, $2, $3)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
    updated_at = now()
"""


async def get(conn: asyncpg.Connection, *, key: str, default: Any = None) -> Any:
    value = await conn.fetchval(GET, key)
    return default if value is None else value


async def put(conn: asyncpg.Connection, *, key: str, value: Any, updated_by: int | None) -> None:
    await conn.execute(SET, key, value, updated_by)
