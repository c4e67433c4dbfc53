"""ESCO label vectors: embedded by a worker, shared through PostgreSQL, read by the web.

A cold ESCO load embeds ~60k labels: minutes of CPU. In the web process that time was
taken from the pages, in a thread that could not be stopped. Now a worker job
(`prepare_in_worker`) embeds them, stoppable between chunks, keeps its progress in the
on-disk cache and stores the finished store in `taxonomy_vectors`; each web process
copies that store into its own cache (`fetch_for_web`) and builds the taxonomy with an
encoder that refuses to embed label batches, so a web process never embeds labels.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from typing import Any, cast

import asyncpg
import numpy as np

from matcher.embedding import Encoder
from matcher.taxonomy.vectors import store_bytes, store_path, write_store_bytes
from web.matching.repositories import taxonomy_vectors
from web.settings import Settings

QUERY_TEXTS = 64  # the most texts a query encodes at once (titles of one match)


class Cancelled(Exception):
    """The worker is stopping; the labels embedded so far are kept in the cache."""


class MissingLabelVectors(Exception):
    """The web process was asked to embed labels: the worker has not stored them yet."""


class StoppableEncoder:
    """An encoder that stops between two chunks once `stop` is set."""

    def __init__(self, encoder: Encoder, stop: threading.Event) -> None:
        self.encoder, self.stop = encoder, stop
        self.model_name = encoder.model_name

    @property
    def dimension(self) -> int:
        return self.encoder.dimension

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        if self.stop.is_set():
            raise Cancelled()
        return self.encoder.encode(texts, **kwargs)


class QueryOnlyEncoder(StoppableEncoder):
    """For the web process: encodes a query's few texts, refuses batches of labels."""

    def __init__(self, encoder: Encoder, *, max_texts: int = QUERY_TEXTS) -> None:
        super().__init__(encoder, threading.Event())
        self.max_texts = max_texts

    def encode(self, texts: list[str], **kwargs: Any) -> np.ndarray:
        if len(texts) > self.max_texts:
            raise MissingLabelVectors(f"{len(texts)} label texts without stored vectors")
        return self.encoder.encode(texts, **kwargs)


async def prepare_in_worker(
    pool: asyncpg.Pool, settings: Settings, encoder: Encoder, stop: threading.Event
) -> bool:
    """Embed missing ESCO label vectors and share them; False when ESCO is not configured."""
    if not settings.esco_dir.is_dir():
        return False
    from matcher.taxonomy import load_taxonomy  # scikit-learn: imported only when needed

    stoppable = cast(Encoder, StoppableEncoder(encoder, stop))
    await asyncio.to_thread(
        load_taxonomy, settings.esco_dir, encoder=stoppable, cache_dir=settings.cache_dir
    )
    data = await asyncio.to_thread(store_bytes, settings.cache_dir, encoder.model_name)
    if data is not None:
        async with pool.acquire() as conn:
            await taxonomy_vectors.save(
                cast(asyncpg.Connection, conn), model=encoder.model_name, store=data
            )
    return True


async def fetch_for_web(pool: asyncpg.Pool, settings: Settings, model: str) -> bool:
    """Copy the shared store into this process's cache when it differs; False when no
    worker has stored one yet."""
    async with pool.acquire() as conn:
        remote = await taxonomy_vectors.digest(cast(asyncpg.Connection, conn), model=model)
    if remote is None:
        return False
    if await asyncio.to_thread(_local_digest, settings, model) == remote:
        return True
    async with pool.acquire() as conn:
        data = await taxonomy_vectors.load(cast(asyncpg.Connection, conn), model=model)
    if data is None:
        return False
    await asyncio.to_thread(write_store_bytes, settings.cache_dir, model, data)
    return True


def _local_digest(settings: Settings, model: str) -> str | None:
    path = store_path(settings.cache_dir, model)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
