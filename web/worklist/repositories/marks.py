"""What a coach did with the work list: items marked done (`worklist_done`) and when
they last looked (`worklist_visits`)."""

from __future__ import annotations

from datetime import datetime

import asyncpg

MARK = """
INSERT INTO worklist_done (coach_id, kind, object_id, candidate_id, version)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (coach_id, kind, object_id) DO UPDATE SET
    candidate_id = EXCLUDED.candidate_id, version = EXCLUDED.version, done_at = now()
"""
DONE = "SELECT kind, object_id, version FROM worklist_done WHERE coach_id = $1"
# A look more than `$2` minutes after the previous one starts a new visit: `since` moves
# to the previous look. Looks within a minute of the last recorded one change nothing and
# lock nothing, so many requests of one coach at once never queue on this row.
LOOK = """
UPDATE worklist_visits SET
    since = CASE WHEN seen_at < now() - make_interval(mins => $2) THEN seen_at ELSE since END,
    seen_at = now()
WHERE coach_id = $1 AND seen_at < now() - interval '1 minute'
"""
FIRST_LOOK = """
INSERT INTO worklist_visits (coach_id) VALUES ($1) ON CONFLICT (coach_id) DO NOTHING
"""
SINCE = "SELECT since FROM worklist_visits WHERE coach_id = $1"


async def mark_done(
    conn: asyncpg.Connection,
    *,
    coach_id: int,
    kind: str,
    object_id: int,
    candidate_id: int,
    version: str,
) -> None:
    await conn.execute(MARK, coach_id, kind, object_id, candidate_id, version)


async def done_versions(conn: asyncpg.Connection, *, coach_id: int) -> dict[tuple[str, int], str]:
    """(kind, object id) → the version the coach marked done."""
    rows = await conn.fetch(DONE, coach_id)
    return {(r["kind"], r["object_id"]): r["version"] for r in rows}


async def record_look(
    conn: asyncpg.Connection, *, coach_id: int, visit_gap_minutes: int
) -> datetime | None:
    """Record that the coach looks now; the end of their previous visit (None: none)."""
    await conn.execute(LOOK, coach_id, visit_gap_minutes)
    row = await conn.fetchrow(SINCE, coach_id)
    if row is None:
        await conn.execute(FIRST_LOOK, coach_id)
        return None
    since: datetime | None = row["since"]
    return since
