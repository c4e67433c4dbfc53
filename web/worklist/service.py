"""The work list's writes: a coach marks an item done (audited), and each look at the
list is recorded, so "new since my last visit" knows when that was."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.errors import AppError, NotFound
from web.oversight.repositories import audit
from web.worklist.repositories import marks

KINDS = frozenset({"answer", "consent", "checkin", "matches", "quiet"})
MAX_VERSION = 100  # characters: a version is an id, a state or a moment
VISIT_GAP_MINUTES = 60  # looks further apart than this are separate visits


async def mark_done(
    conn: asyncpg.Connection,
    *,
    coach: User,
    kind: str,
    object_id: int,
    candidate_id: int,
    version: str,
) -> None:
    """Hide this item from the coach's list until it changes (another version)."""
    if kind not in KINDS or not version or len(version) > MAX_VERSION:
        raise AppError("Dit punt staat niet op je lijst. Laad de pagina opnieuw.")
    candidate = await candidates.by_id(conn, candidate_id=candidate_id)
    if candidate is None or candidate.coach_id != coach.id:
        raise NotFound("Deze kandidaat bestaat niet.")
    await marks.mark_done(
        conn,
        coach_id=coach.id,
        kind=kind,
        object_id=object_id,
        candidate_id=candidate_id,
        version=version,
    )
    await audit.record_by(
        conn, coach, action="worklist_done", object_type="candidate", object_id=candidate_id
    )


async def record_visit(conn: asyncpg.Connection, *, coach: User) -> datetime | None:
    """Record that the coach looks at the list now; the end of their previous visit."""
    return await marks.record_look(conn, coach_id=coach.id, visit_gap_minutes=VISIT_GAP_MINUTES)
