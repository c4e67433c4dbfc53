"""Keeps the engine's two indexes equal to what PostgreSQL stores.

PostgreSQL is the source of truth; the indexes are derived data. The web process never
embeds: the worker stores a vector per vacancy and candidate in `embeddings`, and this
indexes what is stored. At start it loads every open vacancy and every candidate with
a current vector (text hash matches); objects still waiting for the worker are counted
as pending. Afterwards it re-reads just the ids the change feed reports, and a periodic
check repairs any difference (a missed change, an erased candidate).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

import asyncpg
import numpy as np

from matcher.embedding import text_hash
from matcher.models import Candidate, Vacancy
from web.matching.embedder import embedding_text
from web.matching.repositories import embeddings, index_builds
from web.matching.repositories import matching as matching_repo

if TYPE_CHECKING:
    from web.matching.service import MatchingService

log = logging.getLogger(__name__)
KINDS = ("vacancy", "candidate")
CHECK_SECONDS = 300.0  # the consistency check runs this often, not only at start
LOAD_PAGE = 20_000  # rows read, converted and indexed together


class IndexSync:
    def __init__(self, service: MatchingService) -> None:
        self.service = service
        self._waiting: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self._checked_at = 0.0

    @property
    def check_due(self) -> bool:
        return time.monotonic() - self._checked_at > CHECK_SECONDS

    # --- loading --------------------------------------------------------------

    async def load_all(self) -> None:
        """Index everything that has a current stored vector, then check the result.

        A saved index (`index_dir/<kind>.<model>.index`) is loaded and checked per id against
        the database's text hashes; only what differs is read again. Without a usable
        file, every stored vector is read (never embedded)."""
        files, quantizers = self.service.files, self.service.quantizers
        for kind in KINDS:
            await quantizers.adopt_stored(kind)  # so a build reaching IVF uses them
            saved = files.start_loading(kind)  # reads the file while rows arrive
            items, hashes = await self._load_everything(kind)
            restored = await files.restore(kind, items, hashes, saved)
            if restored is None:
                await self._apply(kind, items, gone=[], hashes=hashes)
            else:
                todo = {it.id for it in items} & restored
                todo_items = [it for it in items if it.id in todo]
                await self._apply(kind, todo_items, gone=[], hashes=hashes)
        await self._record_builds()
        await self.check_consistency()

    async def _load_everything(self, kind: str) -> tuple[list[Vacancy | Candidate], dict[int, str]]:
        """Every open vacancy or every candidate with its text hash, read in pages; a page
        is turned into engine data in a thread while the next one is read, so the event
        loop keeps serving pages and the reading and the converting overlap."""
        items: list[Vacancy | Candidate] = []
        hashes: dict[int, str] = {}
        after = 0
        converting: asyncio.Future[tuple[list[Vacancy | Candidate], dict[int, str]]] | None = None
        while True:
            async with self._connection() as conn:
                rows = await matching_repo.rows_page(
                    conn, kind=kind, after_id=after, limit=LOAD_PAGE
                )
            if converting is not None:
                page, page_hashes = await converting
                items += page
                hashes.update(page_hashes)
            if not rows:
                return items, hashes
            converting = asyncio.ensure_future(asyncio.to_thread(_items_and_hashes, kind, rows))
            after = rows[-1]["id"]

    # --- keeping current -------------------------------------------------------

    async def catch_up(self) -> None:
        """Apply what changed since the last look; the mark moves only after success."""
        feed = self.service.feed
        look = await feed.look()
        for kind in KINDS:
            if look.ids[kind]:
                await self.refresh(kind, sorted(look.ids[kind]))
        if look:
            await self._record_builds()
        feed.ack(look)
        self.service.status.last_sync = look.at

    async def refresh(self, kind: str, ids: Sequence[int]) -> None:
        """Re-read these objects: index those with a current vector, drop closed ones."""
        async with self._connection() as conn:
            items = await _load_items(conn, kind, ids=list(ids))
        found = {item.id for item in items}
        gone = [i for i in ids if i not in found]
        await self._apply(kind, items, gone=gone)
        if kind == "vacancy":
            self.service.match_state.mark_all_stale()
        else:
            self.service.match_state.mark_stale(found)
            if gone:  # erased: their vectors leave memory and the file too
                self.service.files.removed(kind)

    async def _apply(
        self,
        kind: str,
        items: Sequence[Vacancy | Candidate],
        *,
        gone: Sequence[int],
        hashes: dict[int, str] | None = None,
    ) -> None:
        """Index the items whose stored vector is current (in chunks, each read by id);
        the rest wait for the worker. `gone` leave the index. `hashes`: the items' text
        hashes when the caller already has them (a start computes them while reading)."""
        if gone:
            await self.service.thread.run(self._index, kind, [], None, [], gone)
        for start in range(0, len(items), LOAD_PAGE):
            await self._apply_chunk(kind, items[start : start + LOAD_PAGE], hashes)
        self._waiting[kind] -= set(gone)
        self._side_counts(kind)

    async def _apply_chunk(
        self, kind: str, items: Sequence[Vacancy | Candidate], known: dict[int, str] | None
    ) -> None:
        thread = self.service.thread
        hashes = known if known is not None else await thread.run(_hashes, items)
        async with self._connection() as conn:
            stored = await embeddings.stored(
                conn,
                kind=kind,
                model=self.service.encoder.model_name,
                dimension=None,  # as stored: the web process need not load the model
                ids=[it.id for it in items],
            )
        ready, vectors = await asyncio.to_thread(_current_vectors, items, hashes, stored)
        ids = {it.id for it in items}
        self._waiting[kind] = (self._waiting[kind] - ids) | (ids - {it.id for it in ready})
        ready_hashes = [hashes[it.id] for it in ready]
        await thread.run(self._index, kind, ready, vectors, ready_hashes, [])

    def _index(
        self,
        kind: str,
        ready: Sequence[Vacancy | Candidate],
        vectors: np.ndarray | None,
        hashes: list[str],
        gone: Sequence[int],
    ) -> None:
        """In the engine thread: one consistent update of one side."""
        engine, skills = self.service.engine, self.service.skills
        if kind == "vacancy":
            changed = [*gone, *(it.id for it in ready)]
            skills.replace([engine.vacancies.get(i) for i in changed], [])
            if gone:
                engine.remove_vacancies(gone)
            if ready:
                engine.index_vacancies(
                    cast(list[Vacancy], ready), vectors=vectors, text_hashes=hashes
                )
                if engine.taxonomy is not None:
                    self.service.warmer.add(it.id for it in ready)
            skills.replace([], [engine.vacancies[it.id] for it in ready])
        else:
            if gone:
                engine.remove_candidates(gone)
            if ready:
                engine.index_candidates(
                    cast(list[Candidate], ready), vectors=vectors, text_hashes=hashes
                )
        self._side_counts(kind)

    def _side_counts(self, kind: str) -> None:
        engine = self.service.engine
        side = self.service.status.side(kind)
        side.indexed = len(engine.vacancies if kind == "vacancy" else engine.candidates)
        side.pending = len(self._waiting[kind])

    async def check_consistency(self) -> bool:
        """Do the indexes hold exactly the stored objects that have a current vector?
        Differences (a missed change, an erased candidate) are repaired at once."""
        self._checked_at = time.monotonic()
        async with self._connection() as conn:
            expected = {
                "vacancy": set(await matching_repo.open_vacancy_ids(conn, today=date.today())),
                "candidate": set(await matching_repo.candidate_ids(conn)),
            }
        consistent = True
        for kind in KINDS:
            held = await self.service.thread.upkeep(self._held_ids, kind)
            # Waiting for the worker: out of the index, or still in it with the old vector.
            want = expected[kind] - (self._waiting[kind] - held)
            if held != want:
                consistent = False
                log.warning("matching: %s index differs from the database; repairing", kind)
                await self.refresh(kind, sorted(held ^ want))
        self.service.status.consistent = consistent
        self.service.status.checked_at = datetime.now().astimezone()
        return consistent

    def _held_ids(self, kind: str) -> set[int]:
        engine = self.service.engine
        return set(engine.vacancies if kind == "vacancy" else engine.candidates)

    async def _record_builds(self) -> None:
        """Every index state a suggestion can name is recorded in `index_builds`."""
        builds = await self.service.thread.run(self._builds)
        async with self._connection() as conn:
            for kind, build_id, size in builds:
                self.service.status.side(kind).build_id = build_id
                await index_builds.record(
                    conn,
                    build_id=build_id,
                    kind=kind,
                    model=self.service.encoder.model_name,
                    size=size,
                )

    def _builds(self) -> list[tuple[str, str, int]]:
        found = []
        for kind in KINDS:
            index = self.service.engine.index_for(kind)
            if index is not None:
                found.append((kind, index.build_id, len(index)))
        return found

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.service.pool.acquire() as conn:
            yield cast(asyncpg.Connection, conn)  # a pool proxy acts as a Connection


async def _load_items(
    conn: asyncpg.Connection, kind: str, *, ids: list[int] | None
) -> Sequence[Vacancy | Candidate]:
    if kind == "vacancy":
        return await matching_repo.open_vacancies(conn, today=date.today(), ids=ids)
    return await matching_repo.all_candidates(conn, ids=ids)


def _items_and_hashes(
    kind: str, rows: list[asyncpg.Record]
) -> tuple[list[Vacancy | Candidate], dict[int, str]]:
    items: list[Vacancy | Candidate] = list(matching_repo.as_items(kind, rows))
    return items, _hashes(items)


def _hashes(items: Sequence[Vacancy | Candidate]) -> dict[int, str]:
    return {it.id: text_hash(embedding_text(it)) for it in items}


def _current_vectors(
    items: Sequence[Vacancy | Candidate],
    hashes: dict[int, str],
    stored: embeddings.StoredEmbeddings,
) -> tuple[list[Vacancy | Candidate], np.ndarray | None]:
    """The items whose stored vector was made from their current text, with those vectors."""
    row_of = dict(zip(stored.ids.tolist(), range(len(stored.ids)), strict=True))
    ready = [
        it for it in items if it.id in row_of and stored.text_hashes[row_of[it.id]] == hashes[it.id]
    ]
    vectors = stored.vectors[[row_of[it.id] for it in ready]] if ready else None
    return ready, vectors
