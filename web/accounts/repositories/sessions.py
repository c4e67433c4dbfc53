"""Server-side sessions and the login attempts used for throttling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

INSERT = """
INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at)
VALUES ($1, $2, $3, now() + make_interval(mins => $4))
"""
# Touching a session slides the idle expiry, never past the absolute one.
TOUCH = """
UPDATE sessions s SET last_seen_at = now()
FROM users u
WHERE s.token_hash = $1 AND u.id = s.user_id AND u.disabled_at IS NULL
  AND s.expires_at > now()
  AND s.last_seen_at > now() - make_interval(mins => $2)
RETURNING s.user_id, s.csrf_token, s.created_at
"""
DELETE = "DELETE FROM sessions WHERE token_hash = $1"
DELETE_FOR_USER = """
WITH gone AS (DELETE FROM sessions WHERE user_id = $1 RETURNING 1) SELECT count(*) FROM gone
"""
INSERT_ATTEMPT = "INSERT INTO login_attempts (email_key, client, succeeded) VALUES ($1, $2, $3)"
# Only failures from this client count: what others do never throttles this client.
FAILURES = """
SELECT
  count(*) FILTER (WHERE email_key = $1) AS for_account,
  count(*) AS for_client
FROM login_attempts
WHERE client = $2 AND NOT succeeded AND attempted_at > now() - make_interval(mins => $3)
"""
CLEAR_FAILURES = """
DELETE FROM login_attempts WHERE email_key = $1 AND client = $2 AND NOT succeeded
"""
# Attempts older than the window count for nothing, and they hold addresses.
PRUNE_ATTEMPTS = (
    "DELETE FROM login_attempts WHERE attempted_at <= now() - make_interval(mins => $1)"
)


@dataclass(frozen=True)
class ActiveSession:
    user_id: int
    csrf_token: str
    created_at: datetime


async def create(
    conn: asyncpg.Connection,
    *,
    token_hash: bytes,
    user_id: int,
    csrf_token: str,
    absolute_minutes: int,
) -> None:
    await conn.execute(INSERT, token_hash, user_id, csrf_token, absolute_minutes)


async def touch(
    conn: asyncpg.Connection, *, token_hash: bytes, idle_minutes: int
) -> ActiveSession | None:
    """The live session for this token (sliding idle expiry), or None when expired."""
    row = await conn.fetchrow(TOUCH, token_hash, idle_minutes)
    return ActiveSession(**dict(row)) if row else None


async def delete(conn: asyncpg.Connection, *, token_hash: bytes) -> None:
    await conn.execute(DELETE, token_hash)


async def delete_for_user(conn: asyncpg.Connection, *, user_id: int) -> int:
    """End every session of this account (a new password); how many there were."""
    return int(await conn.fetchval(DELETE_FOR_USER, user_id))


async def record_attempt(
    conn: asyncpg.Connection, *, email_key: str, client: str, succeeded: bool
) -> None:
    """Record a login; a success forgets this client's failures for that account."""
    await conn.execute(INSERT_ATTEMPT, email_key, client, succeeded)
    if succeeded:
        await conn.execute(CLEAR_FAILURES, email_key, client)


@dataclass(frozen=True)
class RecentFailures:
    for_account: int  # this client, this e-mail address
    for_client: int  # this client, any e-mail address


async def recent_failures(
    conn: asyncpg.Connection, *, email_key: str, client: str, window_minutes: int
) -> RecentFailures:
    """Failed logins from this client in the window."""
    row = await conn.fetchrow(FAILURES, email_key, client, window_minutes)
    assert row is not None
    return RecentFailures(int(row["for_account"]), int(row["for_client"]))


async def prune_attempts(conn: asyncpg.Connection, *, window_minutes: int) -> None:
    await conn.execute(PRUNE_ATTEMPTS, window_minutes)
