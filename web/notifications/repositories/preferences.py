"""How each person wants their e-mail: one per event ("immediate") or a daily digest."""

from __future__ import annotations

import asyncpg

DELIVERIES = ("immediate", "daily")
GET = "SELECT delivery FROM notification_preferences WHERE user_id = $1"
SET = """
INSERT INTO notification_preferences (user_id, delivery) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET delivery = EXCLUDED.delivery, updated_at = now()
"""


async def chosen(conn: asyncpg.Connection, *, user_id: int) -> str | None:
    """What this person chose, or None when they never chose (their role's default)."""
    return await conn.fetchval(GET, user_id)


async def choose(conn: asyncpg.Connection, *, user_id: int, delivery: str) -> None:
    if delivery not in DELIVERIES:
        raise ValueError(f"delivery must be one of {DELIVERIES}, not {delivery!r}")
    await conn.execute(SET, user_id, delivery)
