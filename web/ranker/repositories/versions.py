"""The ranker versions of a municipality: proposed, active (at most one), retired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

COLUMNS = """id, organisation_id, version, weights, report, trained_from, trained_until, status,
             created_at, accepted_by, accepted_at, retired_at"""
INSERT = f"""
INSERT INTO ranker_versions (organisation_id, version, weights, report, trained_from,
                             trained_until)
SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3::jsonb, $4, $5
FROM ranker_versions WHERE organisation_id = $1
RETURNING {COLUMNS}
"""
FOR_ORGANISATION = f"""
SELECT {COLUMNS} FROM ranker_versions WHERE organisation_id = $1 ORDER BY version DESC
"""
ONE = f"SELECT {COLUMNS} FROM ranker_versions WHERE organisation_id = $1 AND version = $2"
ALL_ACTIVE = f"SELECT {COLUMNS} FROM ranker_versions WHERE status = 'active'"
RETIRE_ACTIVE = """
UPDATE ranker_versions SET status = 'retired', retired_at = now()
WHERE organisation_id = $1 AND status = 'active'
RETURNING version
"""
RETIRE_PROPOSED = """
UPDATE ranker_versions SET status = 'retired', retired_at = now()
WHERE organisation_id = $1 AND status = 'proposed'
"""
ACTIVATE = """
UPDATE ranker_versions SET status = 'active', accepted_by = coalesce($3, accepted_by),
       accepted_at = CASE WHEN $3::bigint IS NULL THEN accepted_at ELSE now() END,
       retired_at = NULL
WHERE organisation_id = $1 AND version = $2
"""
# Where "back" goes from version $2: the newest older version an admin once accepted.
PREVIOUS = """
SELECT max(version) FROM ranker_versions
WHERE organisation_id = $1 AND version < $2 AND accepted_at IS NOT NULL
"""
LOCK = "SELECT pg_advisory_xact_lock(4242019, $1::int)"


@dataclass(frozen=True)
class RankerVersion:
    id: int
    organisation_id: int
    version: int
    weights: dict[str, float]
    report: dict[str, Any]
    trained_from: datetime
    trained_until: datetime
    status: str
    created_at: datetime
    accepted_by: int | None
    accepted_at: datetime | None
    retired_at: datetime | None


def _version(row: asyncpg.Record) -> RankerVersion:
    return RankerVersion(**dict(row))  # jsonb decodes to dicts (web/database.py codec)


async def lock(conn: asyncpg.Connection, *, organisation_id: int) -> None:
    """Serialise changes of one municipality's versions until the transaction ends."""
    await conn.fetchval(LOCK, organisation_id)


async def add(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    weights: dict[str, float],
    report: dict[str, Any],
    trained_from: datetime,
    trained_until: datetime,
) -> RankerVersion:
    """A new proposed version, numbered after the municipality's last one."""
    row = await conn.fetchrow(
        INSERT,
        organisation_id,
        weights,
        report,
        trained_from,
        trained_until,
    )
    assert row is not None  # INSERT … RETURNING always returns the row
    return _version(row)


async def for_organisation(
    conn: asyncpg.Connection, *, organisation_id: int
) -> list[RankerVersion]:
    """Newest first."""
    return [_version(r) for r in await conn.fetch(FOR_ORGANISATION, organisation_id)]


async def one(
    conn: asyncpg.Connection, *, organisation_id: int, version: int
) -> RankerVersion | None:
    row = await conn.fetchrow(ONE, organisation_id, version)
    return None if row is None else _version(row)


async def all_active(conn: asyncpg.Connection) -> list[RankerVersion]:
    return [_version(r) for r in await conn.fetch(ALL_ACTIVE)]


async def retire_active(conn: asyncpg.Connection, *, organisation_id: int) -> int | None:
    """Retire the active version (if any); returns its number."""
    return await conn.fetchval(RETIRE_ACTIVE, organisation_id)


async def retire_proposed(conn: asyncpg.Connection, *, organisation_id: int) -> None:
    """Versions still waiting for an admin are superseded by a newer one."""
    await conn.execute(RETIRE_PROPOSED, organisation_id)


async def activate(
    conn: asyncpg.Connection, *, organisation_id: int, version: int, accepted_by: int | None
) -> None:
    """Make a version active; `accepted_by` None keeps its first acceptance (a rollback)."""
    await conn.execute(ACTIVATE, organisation_id, version, accepted_by)


async def previous(conn: asyncpg.Connection, *, organisation_id: int, before: int) -> int | None:
    """The newest version older than `before` that an admin once accepted (None: the
    hand-set weights)."""
    return await conn.fetchval(PREVIOUS, organisation_id, before)


ORGANISATIONS_OF = "SELECT id, organisation_id FROM candidates WHERE id = ANY($1::bigint[])"


async def organisations_of(conn: asyncpg.Connection, *, candidate_ids: list[int]) -> dict[int, int]:
    """candidate id -> municipality id: whose weights rank the candidate's list."""
    rows = await conn.fetch(ORGANISATIONS_OF, candidate_ids)
    return {r["id"]: r["organisation_id"] for r in rows}


ACTIVE_WITH_NAMES = """
SELECT o.name AS municipality, v.version, v.weights, v.accepted_at
FROM ranker_versions v JOIN organisations o ON o.id = v.organisation_id
WHERE v.status = 'active' ORDER BY o.name
"""


@dataclass(frozen=True)
class ActiveVersion:
    municipality: str
    version: int
    weights: dict[str, float]
    accepted_at: datetime | None


async def active_with_names(conn: asyncpg.Connection) -> list[ActiveVersion]:
    """The active version of every municipality that has one, by municipality name."""
    return [ActiveVersion(**dict(r)) for r in await conn.fetch(ACTIVE_WITH_NAMES)]
