"""Import batches: store rows chunk by chunk, resumable after a crash, never twice.

A batch is a row in `import_batches` with the file in `payload`. `run_batch` parses and
validates in a worker thread, then upserts one chunk per transaction together with the
batch counters, so the database always says how far the batch got. Re-running a batch
(after a kill, at the next start) skips the rows already counted; the upsert on
(organisation, external_ref) with a content hash makes even a repeated row harmless.
A per-batch advisory lock, held by the running connection, keeps two workers from
running the same batch; it is released by PostgreSQL when the process dies.

Batches run in the worker process (`import_batch` jobs, web/worker/jobs.py): the job is
enqueued in the transaction that stores the file, and each chunk enqueues the embedding
of its vacancies in the chunk's own transaction, so a crash can lose neither.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, cast

import asyncpg

from web.errors import NotFound
from web.oversight.repositories import audit
from web.settings import Settings
from web.vacancies.imports.errors import FileProblem, RowProblem
from web.vacancies.imports.parsing import Limits, parse_file
from web.vacancies.imports.validation import Outcome, RejectedRow, Validator, ValidRow, validate_row
from web.vacancies.repositories import imports, vacancies
from web.vacancies.repositories.imports import ImportBatch
from web.worker.queue import enqueue_embedding, enqueue_import

log = logging.getLogger(__name__)
ProgressHook = Callable[[ImportBatch | None, int, int], Any]


@asynccontextmanager
async def acquire(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection, typed as the connection the repositories take."""
    async with pool.acquire() as conn:
        yield cast(asyncpg.Connection, conn)


def limits_from(settings: Settings) -> Limits:
    return Limits(
        max_bytes=settings.import_max_bytes,
        max_rows=settings.import_max_rows,
        max_uncompressed_bytes=settings.import_xlsx_max_uncompressed_bytes,
    )


@dataclass
class ChunkResult:
    """What storing some validated rows did."""

    stored_ids: list[int] = field(default_factory=list)
    closed_ids: list[int] = field(default_factory=list)  # stored with status closed/filled
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)  # errors and warnings
    rejected_rows: int = 0
    refused: set[str] = field(default_factory=set)  # refs the database refused


async def store_rows(
    conn: asyncpg.Connection,
    *,
    organisation_id: int,
    outcomes: Sequence[Outcome],
    batch_id: int | None = None,
) -> ChunkResult:
    """Upsert the valid rows, collect the problems (the caller owns the transaction).

    One statement for all rows. Validation should catch every bad value; should the
    database still refuse one, the rows are stored again one by one, each in a
    savepoint, and only that row is rejected.
    """
    try:
        async with conn.transaction():
            return await _store(conn, organisation_id, outcomes, batch_id, isolate=False)
    except (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError):
        log.warning("a row was refused by the database; storing row by row")
        return await _store(conn, organisation_id, outcomes, batch_id, isolate=True)


async def _store(
    conn: asyncpg.Connection,
    organisation_id: int,
    outcomes: Sequence[Outcome],
    batch_id: int | None,
    *,
    isolate: bool,
) -> ChunkResult:
    result = ChunkResult()
    valid = [o for o in outcomes if isinstance(o, ValidRow)]
    rejected = [o for o in outcomes if isinstance(o, RejectedRow)]
    result.rejected_rows = len(rejected)
    result.problems = [p for o in outcomes for p in _problems(o)]
    if isolate:
        ids = await _upsert_one_by_one(conn, organisation_id, valid, batch_id, result)
    else:
        rows = [(o.external_ref, o.values) for o in valid]
        ids = await vacancies.upsert_many(
            conn, organisation_id=organisation_id, rows=rows, import_batch_id=batch_id
        )
    for outcome in valid:
        vacancy_id = ids.get(outcome.external_ref)
        if vacancy_id is None:
            result.unchanged += outcome.external_ref not in result.refused
        elif outcome.values.get("status", "open") == "open":
            result.stored_ids.append(vacancy_id)
        else:
            result.closed_ids.append(vacancy_id)
    return result


async def _upsert_one_by_one(
    conn: asyncpg.Connection,
    organisation_id: int,
    valid: list[ValidRow],
    batch_id: int | None,
    result: ChunkResult,
) -> dict[str, int]:
    """Each row in a savepoint: a row the database refuses leaves the others."""
    ids: dict[str, int] = {}
    for row in valid:
        try:
            async with conn.transaction():
                vacancy_id = await vacancies.upsert(
                    conn,
                    organisation_id=organisation_id,
                    external_ref=row.external_ref,
                    values=row.values,
                    import_batch_id=batch_id,
                )
        except (asyncpg.DataError, asyncpg.IntegrityConstraintViolationError):
            message = "kon niet worden opgeslagen; controleer de waarden in deze rij"
            result.problems.append(RowProblem(row.row, "", message, row.external_ref))
            result.refused.add(row.external_ref)
            result.rejected_rows += 1
            continue
        if vacancy_id is not None:
            ids[row.external_ref] = vacancy_id
    return ids


async def run_batch(
    pool: asyncpg.Pool,
    batch_id: int,
    *,
    settings: Settings,
    on_progress: ProgressHook | None = None,
) -> ImportBatch | None:
    """Run (or resume) one batch to done/failed. None when another process holds it."""
    async with acquire(pool) as conn:
        if not await imports.try_lock(conn, batch_id=batch_id):
            return None
        try:
            batch = await imports.by_id(conn, batch_id=batch_id)
            if batch is None or batch.finished:
                return batch
            return await _run_locked(conn, batch, settings, on_progress)
        finally:
            await imports.unlock(conn, batch_id=batch_id)


async def _run_locked(
    conn: asyncpg.Connection,
    batch: ImportBatch,
    settings: Settings,
    on_progress: ProgressHook | None,
) -> ImportBatch:
    payload = await imports.payload(conn, batch_id=batch.id) or b""
    try:
        parsed = await asyncio.to_thread(parse_file, payload, batch.filename, limits_from(settings))
    except FileProblem as exc:
        problem = RowProblem(0, "", exc.message)
        return await imports.finish(
            conn, batch_id=batch.id, status="failed", errors=[problem.to_json()]
        )
    await imports.start(
        conn,
        batch_id=batch.id,
        total_rows=len(parsed.rows),
        file_format=parsed.file_format,
        problems=[p.to_json() for p in parsed.header_warnings()]
        if batch.status == "pending"
        else [],
    )
    validator = Validator(parsed.columns)
    chunk = max(1, settings.import_chunk_rows)
    for start in range(0, len(parsed.rows), chunk):
        rows = parsed.rows[start : start + chunk]
        outcomes = await asyncio.to_thread(validator.validate, rows)
        done = start + len(rows)
        if done <= batch.processed_rows:
            continue  # committed before a restart
        todo = outcomes[max(0, batch.processed_rows - start) :]
        await _store_chunk(conn, batch, todo, done)
        if on_progress is not None:
            await _call(on_progress, batch, done, len(parsed.rows))
        await asyncio.sleep(0)
    return await _finish(conn, batch, validator)


async def _store_chunk(
    conn: asyncpg.Connection,
    batch: ImportBatch,
    outcomes: Sequence[Outcome],
    processed_rows: int,
) -> None:
    async with conn.transaction():
        result = await store_rows(
            conn, organisation_id=batch.organisation_id, outcomes=outcomes, batch_id=batch.id
        )
        await imports.progress(
            conn,
            batch_id=batch.id,
            processed_rows=processed_rows,
            stored=len(result.stored_ids) + len(result.closed_ids),
            unchanged=result.unchanged,
            rejected_rows=result.rejected_rows,
            problems=[p.to_json() for p in result.problems],
        )
        # Closed ones need no vector; the change trigger takes them out of results.
        await enqueue_embedding(conn, kind="vacancy", ids=result.stored_ids)


async def _finish(
    conn: asyncpg.Connection,
    batch: ImportBatch,
    validator: Validator,
) -> ImportBatch:
    closed: list[int] = []
    async with conn.transaction():
        # A file without one good row is not a feed: closing everything would be a disaster.
        if batch.full_feed and validator.valid_rows > 0:
            closed = await vacancies.close_absent(
                conn,
                organisation_id=batch.organisation_id,
                present_refs=sorted(validator.refs),
                batch_id=batch.id,
            )
        finished = await imports.finish(conn, batch_id=batch.id, status="done", closed=len(closed))
        await audit.record(
            conn,
            action="import_done",
            object_type="import_batch",
            object_id=batch.id,
            actor_id=batch.created_by,
            organisation_id=batch.organisation_id,
        )
    return finished


async def _call(hook: ProgressHook, batch: ImportBatch, done: int, total: int) -> None:
    result = hook(batch, done, total)
    if asyncio.iscoroutine(result):
        await result


async def submit_file(
    pool: asyncpg.Pool,
    *,
    organisation_id: int,
    created_by: int | None,
    source: str,
    filename: str,
    payload: bytes,
    full_feed: bool,
    enqueue: bool = True,
) -> ImportBatch:
    """Store the file as a pending batch and, in the same transaction, its job.

    `enqueue=False` is for a caller that runs the batch itself (the command line);
    should it die, the scheduled import sweep gives the batch to a worker.
    """
    async with acquire(pool) as conn, conn.transaction():
        batch = await imports.create(
            conn,
            organisation_id=organisation_id,
            created_by=created_by,
            source=source,
            filename=filename[:255],
            full_feed=full_feed,
            payload=payload,
        )
        if enqueue:
            await enqueue_import(conn, batch_id=batch.id)
        return batch


async def import_records(
    pool: asyncpg.Pool,
    *,
    organisation_id: int,
    created_by: int | None,
    records: list[Any],
    full_feed: bool,
    settings: Settings,
) -> tuple[ImportBatch, list[RowProblem]]:
    """The API's bulk call: the records become a batch like a file and run here, now.

    Same parsing, validation, chunks, audit and embedding jobs as an upload; the caller
    gets the finished batch and every problem of it."""
    payload = json.dumps({"vacancies": records}).encode()
    batch = await submit_file(
        pool,
        organisation_id=organisation_id,
        created_by=created_by,
        source="api",
        filename="API",
        payload=payload,
        full_feed=full_feed,
        enqueue=False,
    )
    finished = await run_batch(pool, batch.id, settings=settings)
    if finished is None:  # a worker's sweep took it first: wait for that worker
        finished = await wait_for(pool, batch.id)
    async with acquire(pool) as conn:
        return finished, problems_of(await imports.errors(conn, batch_id=batch.id))


async def wait_for(pool: asyncpg.Pool, batch_id: int) -> ImportBatch:
    """The batch once finished, by whichever process runs it."""
    while True:
        async with acquire(pool) as conn:
            batch = await imports.by_id(conn, batch_id=batch_id)
        if batch is not None and batch.finished:
            return batch
        await asyncio.sleep(0.5)


async def store_one(
    conn: asyncpg.Connection, *, organisation_id: int, record: dict[str, Any]
) -> tuple[Outcome, ChunkResult]:
    """One vacancy from the API, validated as an upload row, stored in the caller's
    transaction with its embedding job."""
    outcome = await asyncio.to_thread(validate_row, 1, record)
    result = await store_rows(conn, organisation_id=organisation_id, outcomes=[outcome])
    await enqueue_embedding(conn, kind="vacancy", ids=result.stored_ids)
    return outcome, result


async def close_vacancy(
    conn: asyncpg.Connection, *, organisation_id: int, external_ref: str, status: str
) -> tuple[int, bool]:
    """Close (or mark filled) one of the organisation's vacancies: its id, and whether
    anything changed. The change trigger takes it out of every result."""
    found = await vacancies.by_ref(conn, organisation_id=organisation_id, external_ref=external_ref)
    if found is None:
        raise NotFound("Deze vacature bestaat niet.")
    changed = await vacancies.close_by_ref(
        conn, organisation_id=organisation_id, external_ref=external_ref, status=status
    )
    return found.id, changed is not None


async def fail_batch(pool: asyncpg.Pool, batch_id: int) -> None:
    """A bug, not an outage: stop retrying; the rows stored so far stay counted."""
    problem = RowProblem(0, "", "Er ging iets mis bij het verwerken. Probeer het opnieuw.")
    async with acquire(pool) as conn:
        await imports.finish(conn, batch_id=batch_id, status="failed", errors=[problem.to_json()])


def _problems(outcome: Outcome) -> tuple[RowProblem, ...]:
    return outcome.problems if isinstance(outcome, RejectedRow) else outcome.warnings


def problems_of(errors: list[dict[str, Any]]) -> list[RowProblem]:
    return [RowProblem.from_json(e) for e in errors]
