"""`perspectief vacancies import FILE --organisation SLUG`: the same import as an upload.

The file becomes an import batch (source 'cli') and runs in this process with a tqdm
bar on stderr; stdout gets one summary line. Each chunk enqueues the embedding of its
vacancies for a worker (`perspectief worker`), as an upload does; should this process
die halfway, a worker's import sweep finishes the batch. Exit code 1 only when the file itself
cannot be read (or the organisation does not exist): rejected rows are a result, not an
error, and are written to `--report` when asked.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from tqdm import tqdm

from web.accounts.repositories import organisations
from web.database import connect_database, create_pool
from web.migrations import migrate
from web.settings import Settings
from web.vacancies.imports.report import report_csv
from web.vacancies.imports.service import acquire, problems_of, run_batch, submit_file, wait_for
from web.vacancies.repositories import imports
from web.vacancies.repositories.imports import ImportBatch


class ImportRefused(Exception):
    """The file or the organisation cannot be used; the message is for the operator."""


async def import_file(args: argparse.Namespace, settings: Settings) -> ImportBatch:
    path: Path = args.file
    try:
        payload = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise ImportRefused(f"cannot read {path}: {exc.strerror}") from exc
    url = await connect_database(settings.database_url, settings.embedded_pgdata)
    pool = await create_pool(url)
    try:
        async with acquire(pool) as conn:
            await migrate(conn)
            org = await organisations.by_slug(conn, slug=args.organisation)
        if org is None:
            raise ImportRefused(f"no organisation with slug '{args.organisation}'")
        batch = await submit_file(
            pool,
            organisation_id=org.id,
            created_by=None,
            source="cli",
            filename=path.name,
            payload=payload,
            full_feed=args.full_feed,
            enqueue=False,
        )
        bar = tqdm(total=0, unit="rij", file=sys.stderr, disable=None)

        def progress(_batch: ImportBatch | None, done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        finished = await run_batch(pool, batch.id, settings=settings, on_progress=progress)
        if finished is None:  # a worker's sweep took it first: wait for that worker
            finished = await wait_for(pool, batch.id)
        bar.close()
        async with acquire(pool) as conn:
            errors = await imports.errors(conn, batch_id=batch.id)
    finally:
        await pool.close()
    if args.report:
        args.report.write_text(report_csv(problems_of(errors)), encoding="utf-8")
    if finished.status == "failed":
        raise ImportRefused("; ".join(e["message"] for e in errors) or "the file cannot be read")
    return finished


def summary(batch: ImportBatch) -> str:
    return (
        f"stored {batch.stored}, unchanged {batch.unchanged}, "
        f"closed {batch.closed}, rejected {batch.rejected}"
    )
