"""Reading the audit log back for a municipality's admin: filtered, newest first, a page
at a time (keyset on the id, so a page costs one index range however long the log is).

A municipality sees what its own people did, and what anyone did to its own candidates
or their proposals (an agency reading a consented profile, say)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

import asyncpg

# $1 municipality; $2 person (id); $3 candidate id; $4 action; $5 from; $6 until; $7 before id
_MATCHING = """
FROM audit_log a
LEFT JOIN users u ON u.id = a.actor_id
LEFT JOIN proposals p ON a.object_type = 'proposal' AND p.id = a.object_id
WHERE (a.organisation_id = $1
       OR (a.object_type = 'candidate' AND EXISTS (
             SELECT 1 FROM candidates c WHERE c.id = a.object_id AND c.organisation_id = $1))
       OR (p.id IS NOT NULL AND EXISTS (
             SELECT 1 FROM candidates c WHERE c.id = p.candidate_id AND c.organisation_id = $1)))
  AND ($2::bigint IS NULL OR a.actor_id = $2)
  AND ($3::bigint IS NULL
       OR (a.object_type = 'candidate' AND a.object_id = $3) OR p.candidate_id = $3)
  AND ($4::text IS NULL OR a.action = $4)
  AND ($5::timestamptz IS NULL OR a.at >= $5)
  AND ($6::timestamptz IS NULL OR a.at < $6)
  AND ($7::bigint IS NULL OR a.id < $7)
"""
_COLUMNS = """
SELECT a.id, a.at, a.actor_id, a.actor_role, u.display_name AS actor_name,
       u.email AS actor_email, a.action, a.object_type, a.object_id,
       coalesce(p.candidate_id, CASE WHEN a.object_type = 'candidate' THEN a.object_id END)
           AS candidate_id,
       a.count
"""
PAGE = _COLUMNS + _MATCHING + "ORDER BY a.id DESC LIMIT $8"
ALL = _COLUMNS + _MATCHING + "ORDER BY a.id DESC"
PEOPLE = """
SELECT id, display_name, email, role FROM users
WHERE organisation_id = $1 AND role <> 'candidate' ORDER BY display_name, email
"""
ACTIONS = "SELECT DISTINCT action FROM audit_log WHERE organisation_id = $1 ORDER BY action"


@dataclass(frozen=True)
class AuditFilter:
    person_id: int | None = None
    candidate_id: int | None = None
    action: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive

    def args(self, municipality_id: int, before_id: int | None) -> list[object]:
        return [
            municipality_id,
            self.person_id,
            self.candidate_id,
            self.action,
            self.since,
            self.until,
            before_id,
        ]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_id: int | None
    actor_role: str | None
    actor_name: str | None
    actor_email: str | None
    action: str
    object_type: str
    object_id: int | None
    candidate_id: int | None
    count: int | None


@dataclass(frozen=True)
class Person:
    id: int
    display_name: str
    email: str
    role: str


async def page(
    conn: asyncpg.Connection,
    *,
    municipality_id: int,
    where: AuditFilter,
    before_id: int | None,
    size: int,
) -> list[AuditEntry]:
    rows = await conn.fetch(PAGE, *where.args(municipality_id, before_id), size)
    return [AuditEntry(**dict(r)) for r in rows]


async def stream(
    conn: asyncpg.Connection, *, municipality_id: int, where: AuditFilter
) -> AsyncIterator[AuditEntry]:
    """Every matching entry, newest first, read with a cursor (an export of a long log
    never sits in memory at once). The caller holds a transaction."""
    async for row in conn.cursor(ALL, *where.args(municipality_id, None), prefetch=500):
        yield AuditEntry(**dict(row))


async def people(conn: asyncpg.Connection, *, municipality_id: int) -> list[Person]:
    return [Person(**dict(r)) for r in await conn.fetch(PEOPLE, municipality_id)]


async def actions(conn: asyncpg.Connection, *, municipality_id: int) -> list[str]:
    return [r["action"] for r in await conn.fetch(ACTIONS, municipality_id)]
