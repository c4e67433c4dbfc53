"""The worker process: `perspectief worker`.

A pgqueuer QueueManager takes jobs from the `pgqueuer` table (woken by NOTIFY, polling
every `worker_poll_seconds` as the fallback) and a SchedulerManager enqueues the
sweeps on their cron schedules; a schedule fires in one worker only, however many
run. At start the worker migrates (idempotent, under an advisory lock) and enqueues
both sweeps, so vectors missing after a seed or a model change are made at once.

SIGTERM/SIGINT: no new jobs are taken, an import hands its batch back after the
current chunk, a running embedding finishes; then the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import timedelta

import asyncpg
from pgqueuer import PgQueuer, QueueManager
from pgqueuer.models import Job, Schedule

from web.database import DATABASE_UNREACHABLE, connect_database, create_pool
from web.matching.repositories import taxonomy_vectors
from web.migrations import migrate
from web.settings import Settings, configure_process
from web.vacancies.imports.service import acquire
from web.worker import jobs
from web.worker.jobs import WorkerContext
from web.worker.queue import (
    CHECKIN_REMINDERS,
    EMBED,
    EMBED_SWEEP,
    IMPORT_BATCH,
    IMPORT_SWEEP,
    IVF_TRAIN,
    KINDS,
    RETENTION,
    SEND_MAIL,
    TAXONOMY,
    TRAIN_RANKER,
    enqueue_checkin_reminders,
    enqueue_embed_sweep,
    enqueue_import_sweep,
    enqueue_ivf_train,
    enqueue_retention,
    enqueue_send_mail,
    enqueue_taxonomy_vectors,
    enqueue_train_ranker,
)

log = logging.getLogger(__name__)
JobFunction = Callable[[WorkerContext, Job], Awaitable[None]]
Enqueue = Callable[[asyncpg.Connection], Awaitable[None]]  # what a schedule does
JOBS: dict[str, JobFunction] = {
    EMBED: jobs.embed,
    EMBED_SWEEP: jobs.embed_sweep,
    IMPORT_BATCH: jobs.import_batch,
    IMPORT_SWEEP: jobs.import_sweep,
    TAXONOMY: jobs.taxonomy_vectors,
    IVF_TRAIN: jobs.ivf_train,
    RETENTION: jobs.retention,
    SEND_MAIL: jobs.send_mail,
    CHECKIN_REMINDERS: jobs.checkin_reminders,
    TRAIN_RANKER: jobs.train_ranker,
}
# The daily retraining of the IVF lists (a constant, so that every worker registers the
# same schedule): at night, when nobody waits for a worker.
IVF_TRAIN_CRON = "40 3 * * *"
# The daily retention pass (web/oversight/retention.py), a constant for the same reason.
RETENTION_CRON = "10 3 * * *"
# Mail: what is due goes out within the minute (retries, digests, a job that was
# skipped); check-ins that opened are queued early in the morning, before the digests.
SEND_MAIL_CRON = "* * * * *"
CHECKIN_REMINDERS_CRON = "30 4 * * *"
# Learning from decisions (web/ranker/): nightly, proposing a version to each admin.
TRAIN_RANKER_CRON = "20 2 * * *"
RECONNECT_MAX_SECONDS = 30.0  # the longest wait between tries when the database is gone
POOL_CLOSE_SECONDS = 10.0


def register_jobs(manager: QueueManager, ctx: WorkerContext) -> None:
    for name, function in JOBS.items():
        manager.entrypoint(name, accepts_context=False)(_bind(function, ctx))


def _bind(function: JobFunction, ctx: WorkerContext) -> Callable[[Job], Awaitable[None]]:
    async def run(job: Job) -> None:
        await function(ctx, job)

    return run


def register_schedules(pgq: PgQueuer, ctx: WorkerContext) -> None:
    """The cron side only enqueues: the work itself runs as an ordinary job."""
    schedules: list[tuple[str, str, Enqueue]] = [
        ("schedule_embed_sweep", ctx.settings.embed_sweep_cron, enqueue_embed_sweep),
        ("schedule_import_sweep", ctx.settings.import_sweep_cron, enqueue_import_sweep),
        ("schedule_ivf_train", IVF_TRAIN_CRON, _enqueue_ivf_trains),
        ("schedule_retention", RETENTION_CRON, enqueue_retention),
        ("schedule_send_mail", SEND_MAIL_CRON, enqueue_send_mail),
        ("schedule_checkin_reminders", CHECKIN_REMINDERS_CRON, enqueue_checkin_reminders),
        ("schedule_train_ranker", TRAIN_RANKER_CRON, enqueue_train_ranker),
    ]
    for name, cron, enqueue in schedules:
        _schedule(pgq, ctx, name, cron, enqueue)


def _schedule(pgq: PgQueuer, ctx: WorkerContext, name: str, cron: str, enqueue: Enqueue) -> None:
    @pgq.schedule(name, cron, clean_old=True)
    async def _enqueue(_schedule: Schedule) -> None:
        async with acquire(ctx.pool) as conn:
            await enqueue(conn)


async def _enqueue_ivf_trains(conn: asyncpg.Connection) -> None:
    for kind in KINDS:
        await enqueue_ivf_train(conn, kind=kind, scheduled=True)


def run_options(settings: Settings) -> dict:
    """QueueManager.run arguments: one job per dequeue, so a busy worker leaves the rest
    of the queue to the others."""
    return {
        "dequeue_timeout": timedelta(seconds=settings.worker_poll_seconds),
        "batch_size": 1,
        "max_concurrent_tasks": max(2, settings.worker_concurrency),
        "heartbeat_timeout": timedelta(seconds=settings.worker_heartbeat_seconds),
    }


async def run_worker(
    settings: Settings,
    *,
    database_url: str | None = None,
    stop: asyncio.Event | None = None,
    progress: bool = False,
) -> None:
    """Run jobs and schedules until `stop` is set (or a signal, see `worker_main`). When
    the database goes away the worker waits for it and starts again (back-off up to
    RECONNECT_MAX_SECONDS): a blip must not leave vacancies unembedded until someone
    restarts the process. A job cut off mid-way is taken over through its heartbeat."""
    configure_process(settings)
    url = database_url or await connect_database(settings.database_url, settings.embedded_pgdata)
    stop = stop or asyncio.Event()
    delay = 1.0
    while not stop.is_set():
        try:
            await _serve_jobs(settings, url, stop, progress)
            return
        except DATABASE_UNREACHABLE as error:
            log.warning("worker lost the database (%s); trying again in %.0f s", error, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, RECONNECT_MAX_SECONDS)


async def _serve_jobs(settings: Settings, url: str, stop: asyncio.Event, progress: bool) -> None:
    """One life of the worker on one pool: migrate, sweep, then run jobs until `stop`."""
    pool = await create_pool(url, max_size=settings.worker_concurrency + 4)
    try:
        async with acquire(pool) as conn:
            await migrate(conn)
            await enqueue_embed_sweep(conn)
            await enqueue_import_sweep(conn)
            if await _taxonomy_wanted(conn, settings):
                await enqueue_taxonomy_vectors(conn)
        ctx = WorkerContext(pool=pool, settings=settings, progress=progress)
        pgq = PgQueuer.from_asyncpg_pool(pool)
        register_jobs(pgq.qm, ctx)
        register_schedules(pgq, ctx)
        stopper = asyncio.create_task(_forward_stop(stop, ctx, pgq.shutdown))
        try:
            log.info("worker %s ready", pgq.qm.queue_manager_id)
            await pgq.run(**run_options(settings))
        finally:
            stopper.cancel()
    finally:
        await _close(pool)


async def _close(pool: asyncpg.Pool) -> None:
    """Close the pool; with the database gone, closing politely could wait forever."""
    try:
        await asyncio.wait_for(pool.close(), POOL_CLOSE_SECONDS)
    except TimeoutError:
        pool.terminate()
    except DATABASE_UNREACHABLE:
        pool.terminate()


def _limit_embedding_threads(threads: int) -> None:
    """Torch would use every core for one encode; leave the rest to the web process."""
    import torch

    torch.set_num_threads(max(1, threads))


async def _taxonomy_wanted(conn: asyncpg.Connection, settings: Settings) -> bool:
    """ESCO is configured and no worker has shared its label vectors for this model yet
    (a stopped job is re-queued by pgqueuer itself)."""
    if not settings.esco_dir.is_dir():
        return False
    shared = await taxonomy_vectors.digest(conn, model=settings.embedding_model)
    return shared is None


async def _forward_stop(stop: asyncio.Event, ctx: WorkerContext, shutdown: asyncio.Event) -> None:
    await stop.wait()
    ctx.stopping.set()
    shutdown.set()


def worker_main(settings: Settings, *, database_url: str | None = None) -> None:
    """The process entry point: logging, signals, run."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    _limit_embedding_threads(settings.worker_embed_threads)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await run_worker(settings, database_url=database_url, stop=stop, progress=True)

    asyncio.run(main())
