"""Keeps the in-memory matcher of one web process in step with PostgreSQL.

PostgreSQL is the source of truth; the engine's indexes are derived data. The web
process never embeds: the worker stores a vector per vacancy and candidate in
`embeddings`, and this service indexes what is stored. At start it loads every open
vacancy and every candidate with a current vector (text hash matches); objects still
waiting for the worker are counted as pending. Afterwards `ChangeFeed` wakes it on
every committed change (LISTEN/NOTIFY, with a poll on the database clock as fallback)
and it re-reads just the changed ids. All engine work runs in one `EngineThread`.

Faults are part of the design: every step of the loop may fail (database gone, a bug
in one record); the loop logs, says `degraded` on /healthz, waits and tries again from
the same mark, so nothing committed is ever skipped and no restart is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any, cast

import asyncpg
import numpy as np

from matcher.embedding import Encoder, text_hash
from matcher.engine import MatchEngine, MatchResult
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import Rejection, Suggestion, Weights
from web.matching.changes import ChangeFeed
from web.matching.embedder import embedding_text
from web.matching.engine_thread import EngineThread
from web.matching.health_state import ServiceState
from web.matching.index_files import IndexFiles
from web.matching.ivf_quantizers import IvfQuantizers
from web.matching.lookup_warmer import LookupWarmer
from web.matching.match_state import MatchStateKeeper
from web.matching.repositories import embeddings, index_builds
from web.matching.repositories import matching as matching_repo
from web.matching.skill_vocabulary import SkillVocabulary
from web.matching.taxonomy_loader import TaxonomyLoader
from web.settings import Settings

log = logging.getLogger(__name__)
KINDS = ("vacancy", "candidate")
CHECK_SECONDS = 300.0  # the consistency check runs this often, not only at start
LOAD_PAGE = 20_000  # rows read, converted and indexed together
BACKLOG_WAIT_SECONDS = 0.05  # between two rounds of background work
RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0)  # waits after a failed step, then the last


def weights_from(settings: Settings) -> Weights:
    return Weights(
        semantic=settings.weight_semantic,
        occupation=settings.weight_occupation,
        skills=settings.weight_skills,
        perspective=settings.weight_perspective,
        distance=settings.weight_distance,
    )


class MatchingService:
    def __init__(self, *, settings: Settings, pool: asyncpg.Pool, poll_seconds: float = 5.0):
        self.settings = settings
        self.pool = pool
        self.encoder = Encoder(settings.embedding_model)
        self.engine = MatchEngine(
            self.encoder,
            taxonomy=None,
            weights=weights_from(settings),
            index_options={"train_ivf": False},  # IVF lists come from a worker
        )
        self.thread = EngineThread()
        self.status = ServiceState()
        self.feed = ChangeFeed(pool, model=self.encoder.model_name, poll_seconds=poll_seconds)
        self.match_state = MatchStateKeeper(self, top=settings.suggestions_per_candidate)
        self.taxonomy = TaxonomyLoader(self)
        self.skills = SkillVocabulary()
        self._waiting: dict[str, set[int]] = {kind: set() for kind in KINDS}
        self.warmer = LookupWarmer(self)
        self.files = IndexFiles(self)
        self.quantizers = IvfQuantizers(self)
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._checked_at = 0.0

    # --- lifecycle ------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="matching-service")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.taxonomy.stop()
        await self.feed.close()
        if self.ready:
            with contextlib.suppress(Exception):
                await self.files.save()
        await asyncio.to_thread(self.thread.close)

    async def wait_ready(self, timeout_seconds: float | None = None) -> None:
        async with asyncio.timeout(timeout_seconds):
            await self._ready.wait()

    async def _run(self) -> None:
        await self._retrying(self.load_all)
        self.taxonomy.start()
        while True:
            await self._retrying(self.step)

    async def _retrying(self, step: Any) -> None:
        """Run one step; on failure say so on /healthz and retry until it succeeds."""
        for attempt in range(1_000_000_000):
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.exception("matching: %s failed; retrying", step.__name__)
                self.status.fail(exc)
                await asyncio.sleep(RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)])
            else:
                return

    async def step(self) -> None:
        """Wait for a change (or the poll), apply it, and do the periodic upkeep."""
        await self.feed.listen()
        backlog = self.warmer.busy or self.match_state.busy
        longest = self.files.purge_wait(self.feed.poll_seconds)
        await self.feed.wait(BACKLOG_WAIT_SECONDS if backlog else longest)
        await self.catch_up()
        await self.warmer.run_some()
        await self.match_state.refresh_stale()
        if time.monotonic() - self._checked_at > CHECK_SECONDS:
            await self.check_consistency()
        if self.files.due:
            await self.files.save()
        if self.quantizers.due:
            await self.quantizers.check()
        self.status.ok()

    # --- loading --------------------------------------------------------------

    async def load_all(self) -> None:
        """Index everything that has a current stored vector; then mark the service ready.

        A saved index (`index_dir/<kind>.<model>.index`) is loaded and checked per id against
        the database's text hashes; only what differs is read again. Without a usable
        file, every stored vector is read (never embedded)."""
        self.status.state = "loading"
        await self.feed.begin()
        for kind in KINDS:
            await self.quantizers.adopt_stored(kind)  # so a build reaching IVF uses them
            saved = self.files.start_loading(kind)  # reads the file while rows arrive
            items, hashes = await self._load_everything(kind)
            restored = await self.files.restore(kind, items, hashes, saved)
            if restored is None:
                await self._apply(kind, items, gone=[], hashes=hashes)
            else:
                todo = {it.id for it in items} & restored
                todo_items = [it for it in items if it.id in todo]
                await self._apply(kind, todo_items, gone=[], hashes=hashes)
        await self._record_builds()
        await self.check_consistency()
        await self.quantizers.check()
        self.status.ok()
        self._ready.set()

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

    async def save_indexes(self) -> None:
        """Save the changed indexes now (see web/matching/index_files.py)."""
        await self.files.save()

    # --- keeping current -------------------------------------------------------

    async def catch_up(self) -> None:
        """Apply what changed since the last look; the mark moves only after success."""
        look = await self.feed.look()
        for kind in KINDS:
            if look.ids[kind]:
                await self.refresh(kind, sorted(look.ids[kind]))
        if look:
            await self._record_builds()
        self.feed.ack(look)
        self.status.last_sync = look.at

    async def refresh(self, kind: str, ids: Sequence[int]) -> None:
        """Re-read these objects: index those with a current vector, drop closed ones."""
        async with self._connection() as conn:
            items = await _load_items(conn, kind, ids=list(ids))
        found = {item.id for item in items}
        gone = [i for i in ids if i not in found]
        await self._apply(kind, items, gone=gone)
        if kind == "vacancy":
            self.match_state.mark_all_stale()
        else:
            self.match_state.mark_stale(found)
            if gone:  # erased: their vectors leave memory and the file too
                self.files.removed(kind)

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
            await self.thread.run(self._index, kind, [], None, [], gone)
        for start in range(0, len(items), LOAD_PAGE):
            await self._apply_chunk(kind, items[start : start + LOAD_PAGE], hashes)
        self._waiting[kind] -= set(gone)
        self._side_counts(kind)

    async def _apply_chunk(
        self, kind: str, items: Sequence[Vacancy | Candidate], known: dict[int, str] | None
    ) -> None:
        hashes = known if known is not None else await self.thread.run(_hashes, items)
        async with self._connection() as conn:
            stored = await embeddings.stored(
                conn,
                kind=kind,
                model=self.encoder.model_name,
                dimension=None,  # as stored: the web process need not load the model
                ids=[it.id for it in items],
            )
        ready, vectors = await asyncio.to_thread(_current_vectors, items, hashes, stored)
        ids = {it.id for it in items}
        self._waiting[kind] = (self._waiting[kind] - ids) | (ids - {it.id for it in ready})
        ready_hashes = [hashes[it.id] for it in ready]
        await self.thread.run(self._index, kind, ready, vectors, ready_hashes, [])

    def _index(
        self,
        kind: str,
        ready: Sequence[Vacancy | Candidate],
        vectors: np.ndarray | None,
        hashes: list[str],
        gone: Sequence[int],
    ) -> None:
        """In the engine thread: one consistent update of one side."""
        if kind == "vacancy":
            changed = [*gone, *(it.id for it in ready)]
            self.skills.replace([self.engine.vacancies.get(i) for i in changed], [])
            if gone:
                self.engine.remove_vacancies(gone)
            if ready:
                self.engine.index_vacancies(
                    cast(list[Vacancy], ready), vectors=vectors, text_hashes=hashes
                )
                if self.engine.taxonomy is not None:
                    self.warmer.add(it.id for it in ready)
            self.skills.replace([], [self.engine.vacancies[it.id] for it in ready])
        else:
            if gone:
                self.engine.remove_candidates(gone)
            if ready:
                self.engine.index_candidates(
                    cast(list[Candidate], ready), vectors=vectors, text_hashes=hashes
                )
        self._side_counts(kind)

    def _side_counts(self, kind: str) -> None:
        side = self.status.side(kind)
        side.indexed = len(self.engine.vacancies if kind == "vacancy" else self.engine.candidates)
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
            held = await self.thread.upkeep(self._held_ids, kind)
            # Waiting for the worker: out of the index, or still in it with the old vector.
            want = expected[kind] - (self._waiting[kind] - held)
            if held != want:
                consistent = False
                log.warning("matching: %s index differs from the database; repairing", kind)
                await self.refresh(kind, sorted(held ^ want))
        self.status.consistent = consistent
        self.status.checked_at = datetime.now().astimezone()
        return consistent

    def _held_ids(self, kind: str) -> set[int]:
        return set(self.engine.vacancies if kind == "vacancy" else self.engine.candidates)

    async def _record_builds(self) -> None:
        """Every index state a suggestion can name is recorded in `index_builds`."""
        builds = await self.thread.run(self._builds)
        async with self._connection() as conn:
            for kind, build_id, size in builds:
                self.status.side(kind).build_id = build_id
                await index_builds.record(
                    conn, build_id=build_id, kind=kind, model=self.encoder.model_name, size=size
                )

    def _builds(self) -> list[tuple[str, str, int]]:
        found = []
        for kind in KINDS:
            index = self.engine.index_for(kind)
            if index is not None:
                found.append((kind, index.build_id, len(index)))
        return found

    # --- queries (each one call into the engine thread) ---------------------------

    async def vacancies_for(
        self,
        candidate: Candidate,
        *,
        top: int,
        restrictions: Restrictions | None = None,
        today: date | None = None,
    ) -> MatchResult:
        return await self.thread.run(
            self.engine.match_vacancies,
            candidate,
            top=top,
            today=today or date.today(),
            restrictions=restrictions,
        )

    async def candidates_among(
        self,
        vacancy: Vacancy,
        *,
        among: Sequence[int],
        restrictions: dict[int, Restrictions],
        today: date | None = None,
    ) -> MatchResult:
        return await self.thread.run(
            self.engine.match_candidates,
            vacancy,
            top=len(among) or 1,
            today=today or date.today(),
            restrictions=restrictions,
            among=list(among),
        )

    async def explain_pair(
        self,
        candidate: Candidate,
        vacancy: Vacancy,
        *,
        restrictions: Restrictions | None,
        today: date | None = None,
    ) -> Suggestion | Rejection:
        """One pair scored on demand: "why (not) this one?"."""
        return await self.thread.run(
            self.engine.explain_pair,
            candidate,
            vacancy,
            today=today or date.today(),
            restrictions=restrictions,
        )

    async def skill_options(self, phrase: str, *, limit: int) -> list[str]:
        """Skills vacancies ask for, then ESCO skills, for a phrase being typed."""
        return await self.thread.run(self._skill_options, phrase, limit)

    def _skill_options(self, phrase: str, limit: int) -> list[str]:
        options = self.skills.lookup(phrase, limit=limit)
        if self.engine.taxonomy is not None and len(phrase.strip()) >= 2:
            options += [m.label for m in self.engine.taxonomy.skills_for(phrase, k=limit)]
        return list(dict.fromkeys(options))[: limit * 2]

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    def health(self) -> dict[str, Any]:
        return {
            "model": self.encoder.model_name,
            **self.status.as_dict(),
            "taxonomy": self.taxonomy.state,
            "caseload_state_stale": self.match_state.stale_count,
        }

    # --- helpers ----------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn:
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
