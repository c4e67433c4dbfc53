"""Embedding vacancies and candidates: the worker's job, never the web process's.

`embed_pending` finds objects whose stored vector is missing or was made from other
text (by text hash), embeds them in batches of similar length off the event loop, and
stores them in `embeddings`. Storing fires the `embeddings` change trigger, which wakes
every web process; they read the new vectors by id and add them to their index. The
same function serves a job for a few ids (after a write) and the sweep over everything
(after a seed, a CLI import or a model change).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import cast

import asyncpg
from tqdm import tqdm

from matcher.embedding import Encoder, text_hash
from matcher.models import Candidate, Vacancy
from matcher.texts import candidate_text, vacancy_text
from web.matching.repositories import embeddings
from web.matching.repositories import matching as matching_repo

log = logging.getLogger(__name__)
KINDS = ("vacancy", "candidate")
EMBED_BATCH = 256
PAGE = 5000  # objects read per query when walking all of them


@dataclass
class EmbedCount:
    checked: int = 0
    embedded: int = 0


async def embed_pending(
    pool: asyncpg.Pool,
    encoder: Encoder,
    *,
    kind: str,
    ids: Sequence[int] | None = None,
    progress: bool = False,
) -> EmbedCount:
    """Embed the objects of `kind` (all, or only `ids`) whose vector is missing or stale."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    count = EmbedCount()
    bar = tqdm(desc=f"embed {kind}", unit=kind, disable=not progress)
    async for items in _pages(pool, kind, ids):
        count.checked += len(items)
        embedded = await _embed_stale(pool, encoder, kind, items)
        count.embedded += embedded
        bar.update(embedded)
    bar.close()
    return count


async def _pages(
    pool: asyncpg.Pool, kind: str, ids: Sequence[int] | None
) -> AsyncIterator[list[Vacancy | Candidate]]:
    if ids is not None:
        for start in range(0, len(ids), PAGE):
            chunk = list(ids[start : start + PAGE])
            async with _connection(pool) as conn:
                if kind == "vacancy":
                    found: list = await matching_repo.open_vacancies(
                        conn, today=date.today(), ids=chunk
                    )
                else:
                    found = await matching_repo.all_candidates(conn, ids=chunk)
            yield found
        return
    after = 0
    while True:
        async with _connection(pool) as conn:
            if kind == "vacancy":
                page: list = await matching_repo.open_vacancies_page(
                    conn, today=date.today(), after_id=after, limit=PAGE
                )
            else:
                page = await matching_repo.candidates_page(conn, after_id=after, limit=PAGE)
        if not page:
            return
        yield page
        after = page[-1].id


async def _embed_stale(
    pool: asyncpg.Pool, encoder: Encoder, kind: str, items: list[Vacancy | Candidate]
) -> int:
    texts = {it.id: embedding_text(it) for it in items}
    hashes = {i: text_hash(t) for i, t in texts.items()}
    async with _connection(pool) as conn:
        known = await embeddings.hashes(conn, kind=kind, model=encoder.model_name, ids=list(texts))
    stale = sorted((i for i in texts if known.get(i) != hashes[i]), key=lambda i: len(texts[i]))
    for start in range(0, len(stale), EMBED_BATCH):
        batch = stale[start : start + EMBED_BATCH]
        vectors = await asyncio.to_thread(encoder.encode, [texts[i] for i in batch])
        async with _connection(pool) as conn:
            await embeddings.store(
                conn,
                kind=kind,
                model=encoder.model_name,
                ids=batch,
                vectors=vectors,
                text_hashes=[hashes[i] for i in batch],
            )
    return len(stale)


def embedding_text(item: Vacancy | Candidate) -> str:
    """The text whose vector stands for this object (see matcher.texts)."""
    return vacancy_text(item) if isinstance(item, Vacancy) else candidate_text(item)


@contextlib.asynccontextmanager
async def _connection(pool: asyncpg.Pool) -> AsyncIterator[asyncpg.Connection]:
    async with pool.acquire() as conn:
        yield cast(asyncpg.Connection, conn)
