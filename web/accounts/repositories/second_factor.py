"""The second factor's rows: TOTP secrets, recovery codes, and pending logins (a correct
password waiting for its code)."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

SECRET_OF = "SELECT secret FROM totp_secrets WHERE user_id = $1"
ENROL = """
INSERT INTO totp_secrets (user_id, secret, last_step) VALUES ($1, $2, $3)
ON CONFLICT (user_id) DO NOTHING RETURNING user_id
"""
# Accepting a code moves `last_step` forward in one statement: of two requests with the
# same code, one wins; an older or the same step is refused (no replay).
USE_STEP = """
UPDATE totp_secrets SET last_step = $2 WHERE user_id = $1 AND last_step < $2
RETURNING user_id
"""
REMOVE_SECRET = "DELETE FROM totp_secrets WHERE user_id = $1"
REMOVE_RECOVERY = "DELETE FROM recovery_codes WHERE user_id = $1"
ADD_RECOVERY = "INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)"
USE_RECOVERY = """
UPDATE recovery_codes SET used_at = now()
WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id
"""
RECOVERY_LEFT = "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"

PRUNE_PENDING = "DELETE FROM pending_logins WHERE expires_at <= now()"
ADD_PENDING = """
INSERT INTO pending_logins (token_hash, user_id, client, next_path, new_secret, expires_at)
VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))
"""
PENDING = """
SELECT user_id, client, next_path, new_secret FROM pending_logins
WHERE token_hash = $1 AND expires_at > now()
"""
DELETE_PENDING = "DELETE FROM pending_logins WHERE token_hash = $1"
DELETE_PENDING_FOR_USER = "DELETE FROM pending_logins WHERE user_id = $1"


@dataclass(frozen=True)
class PendingLogin:
    user_id: int
    client: str  # who typed the password: wrong codes count against this client
    next_path: str
    new_secret: str | None  # set while enrolling: the secret on the enrolment page


async def secret_of(conn: asyncpg.Connection, *, user_id: int) -> str | None:
    return await conn.fetchval(SECRET_OF, user_id)


async def enrol(conn: asyncpg.Connection, *, user_id: int, secret: str, step: int) -> bool:
    """Store the confirmed secret (its first code used); False when one exists already."""
    return await conn.fetchval(ENROL, user_id, secret, step) is not None


async def use_step(conn: asyncpg.Connection, *, user_id: int, step: int) -> bool:
    """Accept a code of `step` once: False when that step or a later one was used."""
    return await conn.fetchval(USE_STEP, user_id, step) is not None


async def remove(conn: asyncpg.Connection, *, user_id: int) -> None:
    """Forget the secret and the recovery codes: the next login enrols again."""
    await conn.execute(REMOVE_SECRET, user_id)
    await conn.execute(REMOVE_RECOVERY, user_id)


async def replace_recovery_codes(
    conn: asyncpg.Connection, *, user_id: int, code_hashes: list[bytes]
) -> None:
    await conn.execute(REMOVE_RECOVERY, user_id)
    await conn.executemany(ADD_RECOVERY, [(user_id, h) for h in code_hashes])


async def use_recovery_code(conn: asyncpg.Connection, *, user_id: int, code_hash: bytes) -> bool:
    return await conn.fetchval(USE_RECOVERY, user_id, code_hash) is not None


async def recovery_codes_left(conn: asyncpg.Connection, *, user_id: int) -> int:
    return int(await conn.fetchval(RECOVERY_LEFT, user_id))


async def add_pending(
    conn: asyncpg.Connection,
    *,
    token_hash: bytes,
    user_id: int,
    client: str,
    next_path: str,
    new_secret: str | None,
    minutes: int,
) -> None:
    await conn.execute(PRUNE_PENDING)
    await conn.execute(ADD_PENDING, token_hash, user_id, client, next_path, new_secret, minutes)


async def pending(conn: asyncpg.Connection, *, token_hash: bytes) -> PendingLogin | None:
    row = await conn.fetchrow(PENDING, token_hash)
    return PendingLogin(**dict(row)) if row else None


async def delete_pending(conn: asyncpg.Connection, *, token_hash: bytes) -> None:
    await conn.execute(DELETE_PENDING, token_hash)


async def delete_pending_for_user(conn: asyncpg.Connection, *, user_id: int) -> None:
    await conn.execute(DELETE_PENDING_FOR_USER, user_id)
