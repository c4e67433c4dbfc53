"""Import batches: one uploaded file (or API bulk call, or CLI run) and its progress.

Counters move forward in the same transaction as the vacancies of a chunk, so after a
crash `processed_rows` says exactly where to resume.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

_COLUMNS = """id, organisation_id, created_by, source, filename, file_format, full_feed, status,
    total_rows, processed_rows, stored, unchanged, closed, rejected, created_at, finished_at"""

INSERT = f"""
INSERT INTO import_batches
    (organisation_id, created_by, source, filename, file_format, full_feed, payload, status)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING {_COLUMNS}
"""
BY_ID = f"SELECT {_COLUMNS} FROM import_batches WHERE id = $1"
PAYLOAD = "SELECT payload FROM import_batches WHERE id = $1"
ERRORS = "SELECT errors FROM import_batches WHERE id = $1"
FOR_ORGANISATION = f"""
SELECT {_COLUMNS} FROM import_batches WHERE organisation_id = $1
ORDER BY created_at DESC, id DESC LIMIT $2
"""
UNFINISHED = "SELECT id FROM import_batches WHERE status IN ('pending', 'running') ORDER BY id"
START = """
UPDATE import_batches SET status = 'running', total_rows = $2, file_format = $3,
    errors = errors || $4::jsonb
WHERE id = $1 AND status IN ('pending', 'running')
"""
PROGRESS = """
UPDATE import_batches SET processed_rows = $2, stored = stored + $3, unchanged = unchanged + $4,
    rejected = rejected + $5,
    errors = CASE WHEN jsonb_array_length(errors) < $7 THEN errors || $6::jsonb ELSE errors END
WHERE id = $1
"""
FINISH = f"""
UPDATE import_batches SET status = $2, closed = $3, finished_at = now(),
    errors = CASE WHEN $4::jsonb IS NULL THEN errors ELSE errors || $4::jsonb END
WHERE id = $1 RETURNING {_COLUMNS}
"""
# A lock per batch, held by the connection that runs it; it dies with the process.
LOCK_NAMESPACE = 0x5045  # "PE"
TRY_LOCK = "SELECT pg_try_advisory_lock($1::int, $2::int)"
UNLOCK = "SELECT pg_advisory_unlock($1::int, $2::int)"
MAX_STORED_ERRORS = 5000


@dataclass(frozen=True)
class ImportBatch:
    id: int
    organisation_id: int
    created_by: int | None
    source: str
    filename: str
    file_format: str
    full_feed: bool
    status: str
    total_rows: int
    processed_rows: int
    stored: int
    unchanged: int
    closed: int
    rejected: int
    created_at: datetime
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


async def create(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    created_by: int | None,
    source: str,
    filename: str = "",
    file_format: str = "",
    full_feed: bool = False,
    payload: bytes | None = None,
    status: str = "pending",
) -> ImportBatch:
    row = await conn.fetchrow(
        INSERT,
        organisation_id,
        created_by,
        source,
        filename,
        file_format,
        full_feed,
        payload,
        status,
    )
    assert row is not None
    return ImportBatch(**dict(row))


async def by_id(conn: asyncpg.Connection, *, batch_id: int) -> ImportBatch | None:
    row = await conn.fetchrow(BY_ID, batch_id)
    return ImportBatch(**dict(row)) if row else None


async def payload(conn: asyncpg.Connection, *, batch_id: int) -> bytes | None:
    result: bytes | None = await conn.fetchval(PAYLOAD, batch_id)
    return result


async def errors(conn: asyncpg.Connection, *, batch_id: int) -> list[dict[str, Any]]:
    return list(await conn.fetchval(ERRORS, batch_id) or [])


async def for_organisation(
    conn: asyncpg.Connection, *, organisation_id: int, limit: int = 50
) -> list[ImportBatch]:
    return [
        ImportBatch(**dict(r)) for r in await conn.fetch(FOR_ORGANISATION, organisation_id, limit)
    ]


async def unfinished_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(UNFINISHED)]


async def start(
    conn: asyncpg.Connection,
    *,
    batch_id: int,
    total_rows: int,
    file_format: str,
    problems: list[dict[str, Any]] | None = None,
) -> None:
    """Running, with the file's own problems (e.g. unknown columns) stored first."""
    await conn.execute(START, batch_id, total_rows, file_format, problems or [])


async def progress(
    conn: asyncpg.Connection,
    *,
    batch_id: int,
    processed_rows: int,
    stored: int,
    unchanged: int,
    rejected_rows: int,
    problems: list[dict[str, Any]],
) -> None:
    """Counters move on; the problems (errors and warnings) are kept up to a limit."""
    await conn.execute(
        PROGRESS,
        batch_id,
        processed_rows,
        stored,
        unchanged,
        rejected_rows,
        problems,
        MAX_STORED_ERRORS,
    )


async def finish(
    conn: asyncpg.Connection,
    *,
    batch_id: int,
    status: str,
    closed: int = 0,
    errors: list[dict[str, Any]] | None = None,
) -> ImportBatch:
    """Mark done or failed; `errors` (a file-level problem) is added to the stored ones."""
    row = await conn.fetchrow(FINISH, batch_id, status, closed, errors)
    assert row is not None
    return ImportBatch(**dict(row))


async def try_lock(conn: asyncpg.Connection, *, batch_id: int) -> bool:
    return bool(await conn.fetchval(TRY_LOCK, LOCK_NAMESPACE, batch_id))


async def unlock(conn: asyncpg.Connection, *, batch_id: int) -> None:
    await conn.execute(UNLOCK, LOCK_NAMESPACE, batch_id)
