"""The append-only audit log: who, what, when, which object. Never a personal payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from web.accounts.repositories.users import User

INSERT = """
INSERT INTO audit_log (actor_id, actor_role, organisation_id, action, object_type, object_id)
VALUES ($1, $2, $3, $4, $5, $6)
"""
INSERT_COUNT = "INSERT INTO audit_log (action, object_type, count) VALUES ($1, $2, $3)"
FOR_OBJECT = """
SELECT id, at, actor_id, actor_role, action, object_type, object_id
FROM audit_log WHERE object_type = $1 AND object_id = $2 ORDER BY id
"""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    actor_id: int | None
    actor_role: str | None
    action: str
    object_type: str
    object_id: int | None


async def record(
    conn: asyncpg.Connection,
    *,
    action: str,
    object_type: str,
    object_id: int | None = None,
    actor_id: int | None = None,
    actor_role: str | None = None,
    organisation_id: int | None = None,
) -> None:
    await conn.execute(
        INSERT, actor_id, actor_role, organisation_id, action, object_type, object_id
    )


async def record_count(
    conn: asyncpg.Connection, *, action: str, object_type: str, count: int
) -> None:
    """One entry standing for `count` events without an actor or object (e.g. wrong
    invitation codes from one client in one window)."""
    await conn.execute(INSERT_COUNT, action, object_type, count)


async def for_object(
    conn: asyncpg.Connection, *, object_type: str, object_id: int
) -> list[AuditEvent]:
    return [AuditEvent(**dict(r)) for r in await conn.fetch(FOR_OBJECT, object_type, object_id)]


async def record_by(
    conn: asyncpg.Connection,
    actor: User,
    *,
    action: str,
    object_type: str,
    object_id: int | None = None,
) -> None:
    """Record an action by a signed-in user (their id, role and organisation)."""
    await record(
        conn,
        action=action,
        object_type=object_type,
        object_id=object_id,
        actor_id=actor.id,
        actor_role=actor.role,
        organisation_id=actor.organisation_id,
    )
