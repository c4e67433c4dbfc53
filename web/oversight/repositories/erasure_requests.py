"""Erasure requests: a coach asks, an admin of the same municipality approves or declines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

ASK = """
INSERT INTO erasure_requests (candidate_id, reason, requested_by) VALUES ($1, $2, $3)
ON CONFLICT (candidate_id) WHERE declined_at IS NULL DO NOTHING
RETURNING id
"""
_COLUMNS = """
SELECT r.id, r.candidate_id, c.organisation_id, trim(c.first_name || ' ' || c.last_name) AS name,
       r.reason, r.requested_by, u.display_name AS requested_by_name, r.requested_at
FROM erasure_requests r JOIN candidates c ON c.id = r.candidate_id
JOIN users u ON u.id = r.requested_by
"""
OPEN_FOR_CANDIDATE = _COLUMNS + "WHERE r.candidate_id = $1 AND r.declined_at IS NULL"
OPEN_IN = _COLUMNS + "WHERE c.organisation_id = $1 AND r.declined_at IS NULL ORDER BY r.id"
LOCK_OPEN = _COLUMNS + "WHERE r.id = $1 AND r.declined_at IS NULL FOR UPDATE OF r"
DECLINE = "UPDATE erasure_requests SET declined_by = $2, declined_at = now() WHERE id = $1"


@dataclass(frozen=True)
class ErasureRequest:
    id: int
    candidate_id: int
    organisation_id: int
    name: str
    reason: str
    requested_by: int
    requested_by_name: str
    requested_at: datetime


async def ask(
    conn: asyncpg.Connection, *, candidate_id: int, reason: str, requested_by: int
) -> bool:
    """True when a new request was stored; False when one was already open."""
    return await conn.fetchval(ASK, candidate_id, reason, requested_by) is not None


async def open_for_candidate(
    conn: asyncpg.Connection, *, candidate_id: int
) -> ErasureRequest | None:
    row = await conn.fetchrow(OPEN_FOR_CANDIDATE, candidate_id)
    return None if row is None else ErasureRequest(**dict(row))


async def open_in(conn: asyncpg.Connection, *, organisation_id: int) -> list[ErasureRequest]:
    return [ErasureRequest(**dict(r)) for r in await conn.fetch(OPEN_IN, organisation_id)]


async def lock_open(conn: asyncpg.Connection, *, request_id: int) -> ErasureRequest | None:
    row = await conn.fetchrow(LOCK_OPEN, request_id)
    return None if row is None else ErasureRequest(**dict(row))


async def decline(conn: asyncpg.Connection, *, request_id: int, admin_id: int) -> None:
    await conn.execute(DECLINE, request_id, admin_id)
