"""One-time invitations a jobcoach hands to a candidate (link or code, no e-mail needed).

Only the sha256 of the code is stored; the code itself is shown once to the coach. For a
candidate who already has an account the same link is a reset: it sets a new password.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import asyncpg

INSERT = """
INSERT INTO invitations (candidate_id, code_hash, created_by, expires_at, purpose)
VALUES ($1, $2, $3, now() + make_interval(hours => $4), $5)
RETURNING expires_at
"""
# Using an invitation is one atomic step: only an unused, unexpired one is taken.
TAKE = """
UPDATE invitations SET used_at = now()
WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
RETURNING candidate_id
"""
# A newer link makes the open ones expire (not "used": nobody used them).
REVOKE_OPEN = """
UPDATE invitations SET expires_at = now()
WHERE candidate_id = $1 AND used_at IS NULL AND expires_at > now()
"""


@dataclass(frozen=True)
class Issued:
    code: str
    expires_at: datetime


def code_hash(code: str) -> bytes:
    normalised = code.strip().upper().replace("-", "").replace(" ", "")
    return hashlib.sha256(normalised.encode("ascii", "replace")).digest()


async def issue(
    conn: asyncpg.Connection,
    *,
    candidate_id: int,
    code: str,
    created_by: int,
    hours: int,
    purpose: str = "account",
) -> Issued:
    """Store a new invitation or reset link (earlier open ones for this candidate stop
    working)."""
    await conn.execute(REVOKE_OPEN, candidate_id)
    expires_at = await conn.fetchval(
        INSERT, candidate_id, code_hash(code), created_by, hours, purpose
    )
    return Issued(code, expires_at)


async def take(conn: asyncpg.Connection, *, code: str) -> int | None:
    """Use an invitation: the candidate id, or None when unknown, used or expired."""
    return await conn.fetchval(TAKE, code_hash(code))


STATE = """
SELECT id, candidate_id,
       CASE WHEN used_at IS NOT NULL THEN 'used'
            WHEN expires_at <= now() THEN 'expired'
            ELSE 'open' END AS status
FROM invitations WHERE code_hash = $1
"""
USED_BY_CANDIDATE = """
SELECT id, expires_at, used_at, purpose FROM invitations
WHERE candidate_id = $1 AND used_at IS NOT NULL ORDER BY used_at DESC
"""


@dataclass(frozen=True)
class InvitationState:
    id: int | None
    candidate_id: int | None
    status: str  # "open", "used", "expired" or "unknown"


@dataclass(frozen=True)
class UsedInvitation:
    id: int
    expires_at: datetime
    used_at: datetime
    purpose: str = "account"  # or "reset": a new password for the account


async def state(conn: asyncpg.Connection, *, code: str) -> InvitationState:
    """Why a code does or does not work, without using it (for a clear message)."""
    row = await conn.fetchrow(STATE, code_hash(code))
    if row is None:
        return InvitationState(None, None, "unknown")
    return InvitationState(row["id"], row["candidate_id"], row["status"])


async def used_by_candidate(conn: asyncpg.Connection, *, candidate_id: int) -> list[UsedInvitation]:
    """Invitations this candidate's account was made with (for 'my data')."""
    rows = await conn.fetch(USED_BY_CANDIDATE, candidate_id)
    return [UsedInvitation(**dict(r)) for r in rows]
