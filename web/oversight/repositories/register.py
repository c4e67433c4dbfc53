"""What the algorithm register reads from the database: the kill switch of every
municipality with its last change, and the index builds the web processes serve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

SWITCHES = """
SELECT o.id, o.name, o.automatic_suggestions AS enabled,
       last.at AS changed_at, last.action, u.display_name AS changed_by_name,
       u.email AS changed_by_email
FROM organisations o
LEFT JOIN LATERAL (
    SELECT a.at, a.action, a.actor_id FROM audit_log a
    WHERE a.object_type = 'organisation' AND a.object_id = o.id
      AND a.action IN ('suggestions_on', 'suggestions_off')
    ORDER BY a.id DESC LIMIT 1) last ON true
LEFT JOIN users u ON u.id = last.actor_id
WHERE o.kind = 'municipality'
ORDER BY o.name
"""
LATEST_BUILDS = """
SELECT DISTINCT ON (kind) kind, id, model, size, created_at
FROM index_builds ORDER BY kind, created_at DESC
"""
LATEST_LISTS = "SELECT max(trained_at) FROM ivf_quantizers"


@dataclass(frozen=True)
class KillSwitch:
    id: int
    name: str
    enabled: bool
    changed_at: datetime | None
    action: str | None
    changed_by_name: str | None
    changed_by_email: str | None


@dataclass(frozen=True)
class IndexBuild:
    kind: str
    id: str
    model: str
    size: int
    created_at: datetime


async def kill_switches(conn: asyncpg.Connection) -> list[KillSwitch]:
    return [KillSwitch(**dict(r)) for r in await conn.fetch(SWITCHES)]


async def latest_builds(conn: asyncpg.Connection) -> list[IndexBuild]:
    return [IndexBuild(**dict(r)) for r in await conn.fetch(LATEST_BUILDS)]


async def lists_trained_at(conn: asyncpg.Connection) -> datetime | None:
    trained: datetime | None = await conn.fetchval(LATEST_LISTS)
    return trained
