"""Import batches against a real database: chunks, idempotence, full feed, crash recovery."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import make_org, make_user, make_vacancy
from tests.web.vacancy_files import csv_bytes, rows
from web.database import create_pool
from web.settings import Settings
from web.vacancies.imports.service import run_batch, submit_file
from web.vacancies.repositories import imports, vacancies
from web.worker.queue import decode, enqueue_import, enqueue_import_sweep
from web.worker.testing import run_jobs_until_idle


async def embed_jobs(conn) -> list[int]:
    """The vacancy ids the queued `embed` jobs ask for, in order."""
    payloads = await conn.fetch("SELECT payload FROM pgqueuer WHERE entrypoint = 'embed'")
    return [i for p in payloads for i in decode(p["payload"])["ids"]]


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        environment="test", data_dir=tmp_path, import_chunk_rows=10, worker_heartbeat_seconds=1
    )


@pytest.fixture
async def pool(database_url):
    pool = await create_pool(database_url)
    yield pool
    await pool.close()


async def _batch(pool, org, payload: bytes, *, full_feed: bool = False, name: str = "v.csv"):
    return await submit_file(
        pool,
        organisation_id=org.id,
        created_by=None,
        source="upload",
        filename=name,
        payload=payload,
        full_feed=full_feed,
    )


async def test_batch_stores_good_rows_and_reports_bad_ones(conn, pool, settings):
    org = await make_org(conn)
    body = rows(25) + [["BAD-1", "Kok", "", "veel", "", "", ""]]
    batch = await _batch(pool, org, csv_bytes(body))
    done = await run_batch(pool, batch.id, settings=settings)
    assert done is not None and done.status == "done"
    assert (done.total_rows, done.stored, done.unchanged, done.rejected) == (26, 25, 0, 1)
    [problem] = await imports.errors(conn, batch_id=batch.id)
    assert problem["row"] == 27 and problem["column"] == "uren"
    assert len(await embed_jobs(conn)) == 25  # one job per chunk, in the chunk's commit
    again = await _batch(pool, org, csv_bytes(body))
    second = await run_batch(pool, again.id, settings=settings)
    assert (second.stored, second.unchanged, second.rejected) == (0, 25, 1)
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 25
    assert len(await embed_jobs(conn)) == 25  # nothing changed, nothing to re-embed


async def test_full_feed_closes_what_is_missing_and_reopens_on_return(conn, pool, settings):
    org = await make_org(conn)
    other = await make_org(conn)
    foreign = await make_vacancy(conn, org=other, external_ref="V-9")
    await run_batch(pool, (await _batch(pool, org, csv_bytes(rows(5)))).id, settings=settings)
    feed = await _batch(pool, org, csv_bytes(rows(3)), full_feed=True)
    done = await run_batch(pool, feed.id, settings=settings)
    assert (done.stored, done.unchanged, done.closed) == (0, 3, 2)
    closed = await vacancies.by_ref(conn, organisation_id=org.id, external_ref="V-5")
    assert closed.status == "closed"
    assert (await vacancies.by_id(conn, vacancy_id=foreign)).status == "open"
    back = await run_batch(
        pool, (await _batch(pool, org, csv_bytes(rows(5)))).id, settings=settings
    )
    assert back.stored == 2  # the closed two are open again
    reopened = await vacancies.by_ref(conn, organisation_id=org.id, external_ref="V-5")
    assert reopened.status == "open"


async def test_full_feed_of_an_all_bad_file_closes_nothing(conn, pool, settings):
    org = await make_org(conn)
    await run_batch(pool, (await _batch(pool, org, csv_bytes(rows(3)))).id, settings=settings)
    bad = csv_bytes([["", "Kok", "", "", "", "", ""], ["V-1", "Kok", "", "veel", "", "", ""]])
    done = await run_batch(
        pool, (await _batch(pool, org, bad, full_feed=True)).id, settings=settings
    )
    assert done.closed == 0 and done.rejected == 2


async def test_unreadable_file_fails_the_batch_and_changes_nothing(conn, pool, settings):
    org = await make_org(conn)
    await make_vacancy(conn, org=org, external_ref="keep")
    batch = await _batch(pool, org, b"PK\x03\x04 not really", name="v.xlsx", full_feed=True)
    done = await run_batch(pool, batch.id, settings=settings)
    assert done.status == "failed"
    [problem] = await imports.errors(conn, batch_id=batch.id)
    assert "Excel" in problem["message"]
    assert await conn.fetchval("SELECT status FROM vacancies WHERE external_ref = 'keep'") == "open"


class Killed(Exception):
    pass


async def test_a_killed_batch_resumes_where_it_stopped_without_duplicates(
    conn, pool, settings, database_url
):
    org = await make_org(conn)
    body = rows(35) + [["BAD", "Kok", "", "x", "", "", ""]]
    batch = await _batch(pool, org, csv_bytes(body))

    def kill_after_two_chunks(_batch, done, _total):
        if done >= 20:
            raise Killed()

    with pytest.raises(Killed):
        await run_batch(pool, batch.id, settings=settings, on_progress=kill_after_two_chunks)
    halfway = await imports.by_id(conn, batch_id=batch.id)
    assert (halfway.status, halfway.processed_rows, halfway.stored) == ("running", 20, 20)
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 20
    await run_jobs_until_idle(database_url, settings)  # the batch's job, as a worker runs it
    done = await imports.by_id(conn, batch_id=batch.id)
    assert (done.status, done.processed_rows, done.stored, done.unchanged, done.rejected) == (
        "done",
        36,
        35,
        0,
        1,
    )
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 35
    assert len(await imports.errors(conn, batch_id=batch.id)) == 1


async def test_a_batch_held_by_another_process_is_left_alone(conn, pool, settings, database_url):
    org = await make_org(conn)
    batch = await _batch(pool, org, csv_bytes(rows(3)))
    await imports.try_lock(conn, batch_id=batch.id)  # "another process" holds the lock
    assert await run_batch(pool, batch.id, settings=settings) is None
    await imports.unlock(conn, batch_id=batch.id)
    assert (await run_batch(pool, batch.id, settings=settings)).status == "done"


async def test_import_keeps_the_site_responsive(conn, pool, settings):
    """While a batch runs, other coroutines get the loop between chunks."""
    org = await make_org(conn)
    user = await make_user(conn, role="agency", org=org)
    batch = await submit_file(
        pool,
        organisation_id=org.id,
        created_by=user.id,
        source="upload",
        filename="v.csv",
        payload=csv_bytes(rows(200)),
        full_feed=False,
    )
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(ticker())
    await run_batch(pool, batch.id, settings=settings)
    task.cancel()
    assert ticks >= 20  # at least once per chunk of 10


async def test_the_import_sweep_finishes_batches_whose_job_was_lost(
    conn, pool, settings, database_url
):
    org = await make_org(conn)
    batch = await _batch(pool, org, csv_bytes(rows(15)))
    await conn.execute("UPDATE import_batches SET status = 'running' WHERE id = $1", batch.id)
    await conn.execute("DELETE FROM pgqueuer")  # e.g. its job failed on a database outage
    await enqueue_import_sweep(conn)  # what the schedule does every minute
    await run_jobs_until_idle(database_url, settings)
    done = await imports.by_id(conn, batch_id=batch.id)
    assert (done.status, done.stored) == ("done", 15)
    assert await conn.fetchval("SELECT count(*) FROM embeddings WHERE kind = 'vacancy'") == 15


async def test_submitting_a_file_enqueues_its_batch_once(conn, pool):
    org = await make_org(conn)
    batch = await _batch(pool, org, csv_bytes(rows(2)))
    await enqueue_import(conn, batch_id=batch.id)  # e.g. by a sweep: the open job stays one
    jobs = await conn.fetch("SELECT payload FROM pgqueuer WHERE entrypoint = 'import_batch'")
    assert [decode(j["payload"]) for j in jobs] == [{"batch_id": batch.id}]


async def test_a_row_the_database_refuses_is_rejected_alone(conn):
    from web.vacancies.imports.service import store_rows
    from web.vacancies.imports.validation import ValidRow

    org = await make_org(conn)
    outcomes = [
        ValidRow(2, "ok-1", {"title": "Kok"}),
        ValidRow(3, "too-rich", {"title": "Directeur", "hourly_wage": 10_000_000}),
        ValidRow(4, "ok-2", {"title": "Bakker"}),
    ]
    async with conn.transaction():
        result = await store_rows(conn, organisation_id=org.id, outcomes=outcomes)
    assert len(result.stored_ids) == 2 and result.unchanged == 0
    [problem] = result.problems
    assert (problem.row, problem.external_ref) == (3, "too-rich")
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == 2
