"""What the worker's jobs do. Each is safe to run twice (see web/worker/queue.py).

- `embed` {"kind", "ids"}: embed these objects if their text changed.
- `embed_sweep`: embed every open vacancy and every candidate whose vector is missing or
  stale (after a seed, an import by hand, a model change; and as the safety net).
- `import_batch` {"batch_id"}: run or resume one import batch.
- `import_sweep`: give every unfinished batch that nobody is running a job again.
- `taxonomy_vectors`: embed the ESCO labels without a vector and share the store with
  the web processes through PostgreSQL (web/matching/taxonomy_vectors.py).
- `ivf_train` {"kind", "scheduled"}: train IVF lists (k-means) on a sample of the stored
  vectors and share them with the web processes (web/matching/ivf_training.py).
- `retention`: erase inactive candidates, delete ended sessions and old login attempts,
  clear the files of old import batches (web/oversight/retention.py).
- `send_mail`: mail what is due in the outbox (web/notifications/sender.py).
- `checkin_reminders`: outbox rows for the check-ins that are due (web/notifications/).
- `train_ranker` {"organisation_id"?}: learn weights from the coaches' decisions and
  propose them to the municipality's admin (web/ranker/training.py); all municipalities
  without an id (the nightly run).

Embedding runs in a thread (embed_pending) and one at a time per process: two jobs
encoding at once would only fight over the same cores; more workers add throughput.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

import asyncpg
from pgqueuer.errors import RetryRequested
from pgqueuer.models import Job

from matcher.embedding import Encoder
from web.database import DATABASE_UNREACHABLE
from web.matching.embedder import embed_pending
from web.matching.ivf_training import Stopped, train_in_worker
from web.matching.service import weights_from
from web.matching.taxonomy_vectors import Cancelled, prepare_in_worker
from web.notifications import sender
from web.notifications import service as notifications
from web.oversight import retention as retention_pass
from web.oversight.report_periods import today_in_amsterdam
from web.ranker import training
from web.settings import Settings
from web.vacancies.imports.service import acquire, fail_batch, run_batch
from web.vacancies.repositories import imports
from web.vacancies.repositories.imports import ImportBatch
from web.worker.queue import KINDS, decode, enqueue_import

log = logging.getLogger(__name__)
# Lost the database halfway: try again after this (the chunks so far are committed).
OUTAGE_RETRY = timedelta(seconds=10)
_encoders: dict[str, Encoder] = {}


def encoder_for(model: str) -> Encoder:
    """One encoder per model and process; the model itself loads on first encode (in
    the embedding thread), so a worker that only imports never loads it."""
    if model not in _encoders:
        _encoders[model] = Encoder(model)
    return _encoders[model]


@dataclass
class WorkerContext:
    pool: asyncpg.Pool
    settings: Settings
    progress: bool = False  # tqdm bar on stderr for the sweep
    # Set on SIGTERM/SIGINT: imports hand their batch back after the current chunk.
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    embedding: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def encoder(self) -> Encoder:
        return encoder_for(self.settings.embedding_model)


async def embed(ctx: WorkerContext, job: Job) -> None:
    payload = decode(job.payload)
    kind = str(payload["kind"])
    ids = [int(i) for i in payload["ids"]]
    async with ctx.embedding:
        count = await embed_pending(ctx.pool, ctx.encoder, kind=kind, ids=ids)
    log.info("embed %s: %d checked, %d embedded", kind, count.checked, count.embedded)


async def embed_sweep(ctx: WorkerContext, job: Job) -> None:
    async with ctx.embedding:  # both kinds in one go: candidates do not wait behind others
        for kind in KINDS:
            count = await embed_pending(ctx.pool, ctx.encoder, kind=kind, progress=ctx.progress)
            log.info("embed sweep %s: %d checked, %d embedded", kind, count.checked, count.embedded)


async def taxonomy_vectors(ctx: WorkerContext, job: Job) -> None:
    """ESCO label vectors for the web processes; a stopping worker stops between chunks
    (what was embedded stays in its cache) and the job runs again at the next start."""
    stop = threading.Event()
    watcher = asyncio.create_task(_set_when(ctx.stopping, stop))
    try:
        # Not under the embedding lock: a cold ESCO load embeds for minutes, and vacancies
        # and candidates saved meanwhile must not wait for it.
        shared = await prepare_in_worker(ctx.pool, ctx.settings, ctx.encoder, stop)
    except Cancelled:
        raise RetryRequested(reason="worker stopping; labels so far are cached") from None
    finally:
        watcher.cancel()
    log.info("taxonomy vectors %s", "shared" if shared else "skipped: no ESCO directory")


async def ivf_train(ctx: WorkerContext, job: Job) -> None:
    """IVF lists for the web processes, trained in a thread; a stopping worker drops
    the training between two k-means iterations and the job runs again later."""
    payload = decode(job.payload)
    stop = threading.Event()
    watcher = asyncio.create_task(_set_when(ctx.stopping, stop))
    try:
        await train_in_worker(
            ctx.pool,
            kind=str(payload["kind"]),
            model=ctx.settings.embedding_model,
            scheduled=bool(payload.get("scheduled", False)),
            stop=stop,
        )
    except Stopped:
        raise RetryRequested(reason="worker stopping; training starts again") from None
    finally:
        watcher.cancel()


async def retention(ctx: WorkerContext, job: Job) -> None:
    """Counts only in the log, never who."""
    async with acquire(ctx.pool) as conn:
        report = await retention_pass.run(conn, ctx.settings, dry_run=False)
    for line in report.lines(ctx.settings):
        log.info("retention: %s", line)


async def send_mail(ctx: WorkerContext, job: Job) -> None:
    async with acquire(ctx.pool) as conn:
        report = await sender.send_due(conn, ctx.settings)
    if report.no_host:
        _warn_once("PERSPECTIEF_SMTP_HOST is not set: mails wait in the outbox")
    elif report.sent or report.failed or report.dropped:
        log.info("mail: %d sent, %d failed, %d dropped", report.sent, report.failed, report.dropped)


async def checkin_reminders(ctx: WorkerContext, job: Job) -> None:
    async with acquire(ctx.pool) as conn, conn.transaction():
        written = await notifications.queue_checkin_reminders(conn)
    log.info("check-in reminders: %d queued", written)


async def train_ranker(ctx: WorkerContext, job: Job) -> None:
    """The fit runs in a thread; the version only waits for an admin (never active)."""
    payload = decode(job.payload)
    async with acquire(ctx.pool) as conn:
        wanted = payload.get("organisation_id")
        targets = [int(wanted)] if wanted else await training.municipalities(conn)
        for organisation_id in targets:
            made = await training.train(
                conn,
                organisation_id=organisation_id,
                prior=weights_from(ctx.settings),
                today=today_in_amsterdam(),
            )
            outcome = f"version {made.version} proposed" if made else "nothing proposed"
            log.info("ranker for organisation %s: %s", organisation_id, outcome)


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        log.warning(message)


async def _set_when(event: asyncio.Event, flag: threading.Event) -> None:
    await event.wait()
    flag.set()


class _HandBack(Exception):
    """The worker is stopping; the batch goes back on the queue between chunks."""


async def import_batch(ctx: WorkerContext, job: Job) -> None:
    batch_id = int(decode(job.payload)["batch_id"])

    def stop_between_chunks(_batch: ImportBatch | None, _done: int, _total: int) -> None:
        if ctx.stopping.is_set():
            raise _HandBack

    try:
        await run_batch(ctx.pool, batch_id, settings=ctx.settings, on_progress=stop_between_chunks)
    except _HandBack:
        raise RetryRequested(reason="worker stopping; resumes at the next chunk") from None
    except DATABASE_UNREACHABLE as exc:
        log.warning("import batch %s interrupted (%s); it will be resumed", batch_id, exc)
        raise RetryRequested(OUTAGE_RETRY, reason="database unreachable") from exc
    except Exception:
        log.exception("import batch %s failed", batch_id)
        await fail_batch(ctx.pool, batch_id)


async def import_sweep(ctx: WorkerContext, job: Job) -> None:
    """Re-enqueue unfinished batches whose runner is gone (its advisory lock with it).

    A batch that still has an open job is skipped by the job's dedupe key; one run
    inline by `perspectief vacancies import` holds its lock and is left alone."""
    async with acquire(ctx.pool) as conn:
        for batch_id in await imports.unfinished_ids(conn):
            if not await imports.try_lock(conn, batch_id=batch_id):
                continue
            await imports.unlock(conn, batch_id=batch_id)
            await enqueue_import(conn, batch_id=batch_id)
