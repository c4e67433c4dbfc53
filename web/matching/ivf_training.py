"""IVF lists trained in the worker and shared with the web processes through PostgreSQL.

An IVF index needs lists (k-means centroids) trained on its vectors; at 1,000,000
vectors that is minutes of CPU, which a web process spent in its engine thread while
coaches waited. The `ivf_train` job trains them here instead, in a thread, on a random
sample of the stored embeddings of the current model, and stores the trained, empty
index in `ivf_quantizers`; each web process adopts it and only assigns its vectors to
the lists (web/matching/ivf_quantizers.py).

A job asked for by a web process trains when there are no lists yet or they are stale
for the number of stored vectors; the daily one retrains (the data drifts) once a
kind is big enough for IVF or a web process has asked for lists before.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import cast

import asyncpg
import numpy as np

from matcher.index import EXACT_BELOW
from matcher.index_faiss import lists_for, quantizer_bytes, sample_size, trained_quantizer
from matcher.index_lists import stale
from web.matching.repositories import embeddings, ivf_quantizers
from web.matching.repositories.ivf_quantizers import StoredQuantizer

log = logging.getLogger(__name__)
SAMPLE_MARGIN = 1.05  # read a little more than needed: the random pick varies


class Stopped(Exception):
    """The worker is stopping; the training is dropped between two k-means iterations."""


async def train_in_worker(
    pool: asyncpg.Pool, *, kind: str, model: str, scheduled: bool, stop: threading.Event
) -> StoredQuantizer | None:
    """Train and store IVF lists for one kind when worthwhile; None when skipped."""
    async with pool.acquire() as conn:
        connection = cast(asyncpg.Connection, conn)
        n = await embeddings.count(connection, kind=kind, model=model)
        stored = await ivf_quantizers.latest(connection, kind=kind, model=model)
    if not _worth_training(n, stored, scheduled=scheduled):
        log.info(
            "ivf_train %s: skipped (%d stored vectors, lists: %s)", kind, n, _described(stored)
        )
        return None
    started = time.monotonic()
    sample = await _read_sample(pool, kind=kind, model=model, n=n)
    nlist = lists_for(n)
    if len(sample) < nlist:  # vectors deleted meanwhile, or too few for IVF at all
        log.info("ivf_train %s: skipped (%d vectors for %d lists)", kind, len(sample), nlist)
        return None
    log.info(
        "ivf_train %s: read %d of %d stored vectors in %.1f s; k-means into %d lists",
        kind, len(sample), n, _since(started), nlist,
    )  # fmt: skip
    template = await asyncio.to_thread(_train, kind, sample, nlist, stop)
    async with pool.acquire() as conn:
        trained_at = await ivf_quantizers.save(
            cast(asyncpg.Connection, conn),
            kind=kind,
            model=model,
            nlist=nlist,
            dimension=sample.shape[1],
            sample_size=len(sample),
            trained_for=n,
            template=template,
        )
    trained = StoredQuantizer(kind, model, nlist, sample.shape[1], len(sample), n, trained_at)
    log.info("ivf_train %s: stored %s after %.1f s", kind, _described(trained), _since(started))
    return trained


async def _read_sample(pool: asyncpg.Pool, *, kind: str, model: str, n: int) -> np.ndarray:
    """`sample_size(n)` of the n stored vectors, picked at random."""
    wanted = sample_size(n)
    async with pool.acquire() as conn:
        sample = await embeddings.sample_vectors(
            cast(asyncpg.Connection, conn),
            kind=kind,
            model=model,
            share=min(1.0, wanted * SAMPLE_MARGIN / n),
        )
    if len(sample) <= wanted:
        return sample
    return sample[np.sort(np.random.default_rng().choice(len(sample), wanted, replace=False))]


def _worth_training(n: int, stored: StoredQuantizer | None, *, scheduled: bool) -> bool:
    if n == 0:
        return False
    if scheduled:  # the daily retraining: for kinds that use IVF
        return stored is not None or n >= EXACT_BELOW
    return stored is None or stale(stored.nlist, n)


def _train(kind: str, sample: np.ndarray, nlist: int, stop: threading.Event) -> bytes:
    """In a thread of the worker: k-means, with a log line per iteration."""
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        log.info(
            "ivf_train %s: k-means iteration %d/%d, %.1f s", kind, done, total, _since(started)
        )
        if stop.is_set() and done < total:
            raise Stopped()

    return quantizer_bytes(trained_quantizer(sample, nlist, on_iteration=progress))


def _since(started: float) -> float:
    return time.monotonic() - started


def _described(stored: StoredQuantizer | None) -> str:
    if stored is None:
        return "none"
    trained_at = f"{stored.trained_at:%Y-%m-%d %H:%M}"
    return f"{stored.nlist} lists for {stored.trained_for} vectors, trained {trained_at}"
