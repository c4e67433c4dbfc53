"""Run the worker's jobs in-process until the queue is empty (tests, benchmarks).

The same job functions and queue as `perspectief worker`, without the schedules: a
test enqueues through the real code path, then waits here for the work to be done.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg
from pgqueuer import QueueManager
from pgqueuer.queries import Queries

from web.database import create_pool
from web.settings import Settings
from web.vacancies.imports.service import acquire
from web.worker.jobs import WorkerContext
from web.worker.main import register_jobs, run_options
from web.worker.queue import enqueue_embed_sweep, open_jobs

POLL = 0.1


async def run_jobs_until_idle(
    database_url: str,
    settings: Settings,
    *,
    timeout: float = 120.0,  # noqa: ASYNC109 (a deadline for the whole run, not one call)
    sweep: bool = False,
) -> None:
    """Take jobs until none is queued or picked; `sweep` first enqueues an embed sweep
    (for objects written without a job, e.g. by test factories). A job left 'picked' by
    a dead worker counts as open and is taken over after the heartbeat timeout.
    Raises TimeoutError when the queue is not empty after `timeout` seconds."""
    pool = await create_pool(database_url, max_size=settings.worker_concurrency + 4)
    try:
        if sweep:
            async with acquire(pool) as conn:
                await enqueue_embed_sweep(conn)
        manager = QueueManager(Queries.from_asyncpg_pool(pool))
        register_jobs(manager, WorkerContext(pool=pool, settings=settings))
        options = {**run_options(settings), "dequeue_timeout": timedelta(seconds=POLL * 2)}
        runner = asyncio.create_task(manager.run(**options))
        try:
            await asyncio.wait_for(_until_idle(pool, runner), timeout)
        finally:
            manager.shutdown.set()
            await runner
    finally:
        await pool.close()


async def _until_idle(pool: asyncpg.Pool, runner: asyncio.Task[None]) -> None:
    while True:
        if runner.done():
            runner.result()  # the manager stopped early: raise its error
            raise RuntimeError("the queue manager stopped before the queue was empty")
        async with acquire(pool) as conn:
            if await open_jobs(conn) == 0:
                return
        await asyncio.sleep(POLL)
