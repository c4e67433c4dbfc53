"""Wrong invitation codes per client, counted in fixed windows (the /welkom rate limit)."""

from __future__ import annotations

import asyncpg

# The window a moment falls in: fixed slots of `$n` minutes since the epoch.
_WINDOW = "date_bin(make_interval(mins => {n}), now(), timestamptz 'epoch')"
IN_WINDOW = f"""
SELECT failures FROM welcome_failures
WHERE client = $1 AND window_start = {_WINDOW.format(n="$2")}
"""
ADD = f"""
INSERT INTO welcome_failures (client, window_start, failures)
VALUES ($1, {_WINDOW.format(n="$2")}, 1)
ON CONFLICT (client, window_start)
DO UPDATE SET failures = welcome_failures.failures + 1
"""
# Closed windows leave the table (and with them the client address); each is returned
# once, also with two processes taking at the same time (the second finds them gone).
TAKE_CLOSED = f"""
DELETE FROM welcome_failures WHERE window_start < {_WINDOW.format(n="$1")}
RETURNING failures
"""


async def in_window(conn: asyncpg.Connection, *, client: str, window_minutes: int) -> int:
    """Wrong codes from this client in the current window."""
    return await conn.fetchval(IN_WINDOW, client, window_minutes) or 0


async def add(conn: asyncpg.Connection, *, client: str, window_minutes: int) -> None:
    await conn.execute(ADD, client, window_minutes)


async def take_closed(conn: asyncpg.Connection, *, window_minutes: int) -> list[int]:
    """The failure counts of windows that have ended (one per client and window)."""
    return [row["failures"] for row in await conn.fetch(TAKE_CLOSED, window_minutes)]
