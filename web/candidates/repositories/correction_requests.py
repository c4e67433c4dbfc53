"""Requests from a candidate to correct their data; their jobcoach handles them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

INSERT = """
INSERT INTO correction_requests (candidate_id, message) VALUES ($1, $2)
RETURNING id, candidate_id, message, created_at, handled_at
"""
_COLUMNS = "id, candidate_id, message, created_at, handled_at"
FOR_CANDIDATE = f"""
SELECT {_COLUMNS} FROM correction_requests WHERE candidate_id = $1
ORDER BY created_at DESC, id DESC
"""
OPEN = f"""
SELECT {_COLUMNS} FROM correction_requests WHERE candidate_id = $1 AND handled_at IS NULL
ORDER BY created_at, id
"""
MARK_HANDLED = """
UPDATE correction_requests SET handled_at = now()
WHERE id = $1 AND candidate_id = $2 AND handled_at IS NULL RETURNING id
"""
MAX_LENGTH = 2000


@dataclass(frozen=True)
class CorrectionRequest:
    id: int
    candidate_id: int
    message: str
    created_at: datetime
    handled_at: datetime | None


async def create(conn: asyncpg.Connection, *, candidate_id: int, message: str) -> CorrectionRequest:
    row = await conn.fetchrow(INSERT, candidate_id, message.strip()[:MAX_LENGTH])
    assert row is not None
    return CorrectionRequest(**dict(row))


async def for_candidate(conn: asyncpg.Connection, *, candidate_id: int) -> list[CorrectionRequest]:
    return [CorrectionRequest(**dict(r)) for r in await conn.fetch(FOR_CANDIDATE, candidate_id)]


async def open_requests(conn: asyncpg.Connection, *, candidate_id: int) -> list[CorrectionRequest]:
    """Not yet handled, oldest first: for the jobcoach's candidate page."""
    return [CorrectionRequest(**dict(r)) for r in await conn.fetch(OPEN, candidate_id)]


async def mark_handled(conn: asyncpg.Connection, *, request_id: int, candidate_id: int) -> bool:
    return await conn.fetchval(MARK_HANDLED, request_id, candidate_id) is not None
