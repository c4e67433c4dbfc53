"""Keeps the in-memory matcher in step with PostgreSQL, in the background.

PostgreSQL is the source of truth; the engine's indexes are derived data. At start the
service loads every open vacancy and every candidate, reuses stored embeddings whose
text hash still matches (so a restart embeds nothing), embeds the rest in batches off
the event loop, and stores them. Changes arrive two ways: `notify_*` from the request
that made them (immediate in this process) and a periodic reconcile on `updated_at`
(for the other app processes sharing the database).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

import asyncpg
import numpy as np
from tqdm import tqdm

from matcher.embedding import Encoder, text_hash
from matcher.engine import MatchEngine, MatchResult
from matcher.index import VectorIndex
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import Weights
from matcher.texts import candidate_text, vacancy_text
from web.repositories import embeddings, index_builds
from web.repositories import matching as matching_repo
from web.settings import Settings

log = logging.getLogger(__name__)
EMBED_BATCH = 256
RECONCILE_SECONDS = 15.0


@dataclass
class SideState:
    """Progress of one direction (vacancies or candidates), shown on /healthz."""

    indexed: int = 0
    embedded_now: int = 0  # embedded by this process since start (0 after a clean restart)
    reused: int = 0
    pending: int = 0
    build_id: str | None = None


@dataclass
class ServiceState:
    state: str = "starting"
    vacancies: SideState = field(default_factory=SideState)
    candidates: SideState = field(default_factory=SideState)
    consistent: bool | None = None
    taxonomy: str = "not loaded"
    error: str | None = None


def weights_from(settings: Settings) -> Weights:
    return Weights(
        semantic=settings.weight_semantic,
        occupation=settings.weight_occupation,
        skills=settings.weight_skills,
        perspective=settings.weight_perspective,
        distance=settings.weight_distance,
    )


class MatchingService:
    def __init__(self, *, settings: Settings, pool: asyncpg.Pool, progress: bool = False):
        self.settings = settings
        self.pool = pool
        self.encoder = Encoder(settings.embedding_model)
        self.engine = MatchEngine(self.encoder, taxonomy=None, weights=weights_from(settings))
        self.status = ServiceState()
        self.progress = progress
        self._queue: asyncio.Queue[tuple[str, tuple[int, ...]]] = asyncio.Queue()
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._taxonomy_task: asyncio.Task[None] | None = None
        self._watermark = datetime.min.replace(tzinfo=UTC)

    # --- lifecycle ------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="matching-service")

    async def stop(self) -> None:
        for task in (self._task, self._taxonomy_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def wait_ready(self, timeout_seconds: float | None = None) -> None:
        async with asyncio.timeout(timeout_seconds):
            await self._ready.wait()

    async def _run(self) -> None:
        try:
            await self.load_all()
        except Exception as exc:  # keep serving pages; /healthz says what broke
            log.exception("matching service failed to start")
            self.status.state, self.status.error = "failed", type(exc).__name__
            return
        while True:
            try:
                kind, ids = await asyncio.wait_for(self._queue.get(), RECONCILE_SECONDS)
                await self.refresh(kind, ids)
            except TimeoutError:
                await self.reconcile()
            except Exception:
                log.exception("matching refresh failed; next reconcile retries")

    # --- loading --------------------------------------------------------------

    async def load_all(self) -> None:
        """Load, reuse or embed, and index everything; then mark the service ready."""
        self.status.state = "loading"
        self._watermark = datetime.now(UTC)
        async with self._connection() as conn:
            vacancies = await matching_repo.open_vacancies(conn, today=date.today())
            candidates = await matching_repo.all_candidates(conn)
        await self._sync("vacancy", vacancies)
        await self._sync("candidate", candidates)
        await self._record_builds()
        self.status.consistent = await self.consistency_check()
        self.status.state = "ready"
        self._ready.set()
        # Its own task: the change queue is served while ESCO loads (minutes when cold).
        self._taxonomy_task = asyncio.create_task(self._load_taxonomy(), name="taxonomy")

    async def _load_taxonomy(self) -> None:
        """ESCO is optional: without it matching works on text; with it, occupations and
        skills are normalised. Loaded after "ready", so pages never wait for it."""
        esco_dir = self.settings.esco_dir
        if not esco_dir.exists():
            self.status.taxonomy = "not configured"
            return
        from matcher.taxonomy import load_taxonomy

        self.status.taxonomy = "loading"
        try:
            taxonomy = await _in_daemon_thread(
                load_taxonomy, esco_dir, encoder=self.encoder, cache_dir=self.settings.cache_dir
            )
        except Exception:
            log.exception("ESCO taxonomy failed to load; matching continues on text alone")
            self.status.taxonomy = "failed"
            return
        self.engine.taxonomy = taxonomy
        self.status.taxonomy = "loaded" if taxonomy is not None else "not configured"

    async def _sync(self, kind: str, items: Sequence[Vacancy | Candidate]) -> None:
        """Index `items`: stored vectors when the text hash matches, else embed + store."""
        side = self._side(kind)
        texts = {item.id: self._text(kind, item) for item in items}
        hashes = {i: text_hash(t) for i, t in texts.items()}
        async with self._connection() as conn:
            stored = await embeddings.stored(
                conn, kind=kind, model=self.encoder.model_name, dimension=self.encoder.dimension
            )
        known = stored.by_id()
        reuse = [it for it in items if known.get(it.id, ("", None))[0] == hashes[it.id]]
        if reuse:
            vectors = np.stack([known[it.id][1] for it in reuse])
            self._index(kind, reuse, vectors)
            side.reused += len(reuse)
        fresh = [it for it in items if known.get(it.id, ("", None))[0] != hashes[it.id]]
        await self._embed_and_store(kind, fresh, texts, hashes)

    async def _embed_and_store(
        self,
        kind: str,
        items: Sequence[Vacancy | Candidate],
        texts: dict[int, str],
        hashes: dict[int, str],
    ) -> None:
        side = self._side(kind)
        side.pending += len(items)
        # Batches of similar length pad least: the same trick encode() uses within a call.
        items = sorted(items, key=lambda it: len(texts[it.id]))
        bar = tqdm(total=len(items), desc=f"embed {kind}", disable=not self.progress or not items)
        batches = [list(items[i : i + EMBED_BATCH]) for i in range(0, len(items), EMBED_BATCH)]
        # Pipelined: batch i+1 is embedded (in a thread) while batch i is stored and
        # indexed, so storing costs no time beside the model.
        done: tuple[list[Vacancy | Candidate], np.ndarray] | None = None
        for batch in batches:
            encoding = asyncio.create_task(
                asyncio.to_thread(self.encoder.encode, [texts[it.id] for it in batch])
            )
            if done is not None:
                await self._store_and_index(kind, *done, hashes, bar)
            done = (batch, await encoding)
        if done is not None:
            await self._store_and_index(kind, *done, hashes, bar)
        bar.close()

    async def _store_and_index(
        self,
        kind: str,
        batch: list[Vacancy | Candidate],
        vectors: np.ndarray,
        hashes: dict[int, str],
        bar: tqdm,
    ) -> None:
        async with self._connection() as conn:
            await embeddings.store(
                conn,
                kind=kind,
                model=self.encoder.model_name,
                ids=[it.id for it in batch],
                vectors=vectors,
                text_hashes=[hashes[it.id] for it in batch],
            )
        self._index(kind, batch, vectors)
        side = self._side(kind)
        side.embedded_now += len(batch)
        side.pending -= len(batch)
        bar.update(len(batch))

    def _index(self, kind: str, items: Sequence[Vacancy | Candidate], vectors: np.ndarray) -> None:
        if kind == "vacancy":
            self.engine.index_vacancies(items, vectors=vectors)  # type: ignore[arg-type]
        else:
            self.engine.index_candidates(items, vectors=vectors)  # type: ignore[arg-type]
        self._side(kind).indexed = len(self._ids(kind))

    # --- keeping current -------------------------------------------------------

    def notify_vacancies(self, ids: Sequence[int]) -> None:
        """A vacancy was created, changed, closed or removed (after commit)."""
        self._queue.put_nowait(("vacancy", tuple(ids)))

    def notify_candidates(self, ids: Sequence[int]) -> None:
        self._queue.put_nowait(("candidate", tuple(ids)))

    def forget_vacancies(self, ids: Sequence[int]) -> None:
        """Drop from results at once (closing): no waiting for the background worker."""
        self.engine.remove_vacancies(ids)
        self.status.vacancies.indexed = len(self._ids("vacancy"))

    def forget_candidates(self, ids: Sequence[int]) -> None:
        """Drop from results at once (erasure)."""
        self.engine.remove_candidates(ids)
        self.status.candidates.indexed = len(self._ids("candidate"))

    async def refresh(self, kind: str, ids: Sequence[int]) -> None:
        """Re-read these objects: re-embed changed text, drop closed or erased ones."""
        async with self._connection() as conn:
            if kind == "vacancy":
                found: Sequence[Vacancy | Candidate] = await matching_repo.open_vacancies(
                    conn, today=date.today(), ids=list(ids)
                )
            else:
                found = await matching_repo.all_candidates(conn, ids=list(ids))
        gone = set(ids) - {item.id for item in found}
        if gone:
            forget = self.forget_vacancies if kind == "vacancy" else self.forget_candidates
            forget(sorted(gone))
        if found:
            await self._sync(kind, found)

    async def reconcile(self) -> None:
        """Pick up what other processes changed since the last look."""
        since, self._watermark = self._watermark, datetime.now(UTC)
        async with self._connection() as conn:
            changed_v = await matching_repo.vacancies_changed_since(conn, since=since)
            changed_c = await matching_repo.candidates_changed_since(conn, since=since)
            live_c = set(await matching_repo.candidate_ids(conn))
        if changed_v:
            await self.refresh("vacancy", changed_v)
        if changed_c:
            await self.refresh("candidate", changed_c)
        erased = set(self._ids("candidate")) - live_c
        if erased:
            self.forget_candidates(sorted(erased))

    async def consistency_check(self) -> bool:
        """Do the indexes hold exactly the ids PostgreSQL says they should?"""
        async with self._connection() as conn:
            open_ids = set(await matching_repo.open_vacancy_ids(conn, today=date.today()))
            candidate_ids = set(await matching_repo.candidate_ids(conn))
        return self._ids("vacancy") == open_ids and self._ids("candidate") == candidate_ids

    async def _record_builds(self) -> None:
        index_dir: Path = self.settings.index_dir
        async with self._connection() as conn:
            for kind in ("vacancy", "candidate"):
                index = self.engine.index_for(kind)
                if index is None:
                    continue
                await asyncio.to_thread(_save_index, index, index_dir / f"{kind}.index")
                self._side(kind).build_id = index.build_id
                await index_builds.record(
                    conn,
                    build_id=index.build_id,
                    kind=kind,
                    model=self.encoder.model_name,
                    size=len(index),
                )

    # --- queries ----------------------------------------------------------------

    def vacancies_for(
        self,
        candidate: Candidate,
        *,
        top: int,
        restrictions: Restrictions | None = None,
        today: date | None = None,
    ) -> MatchResult:
        return self.engine.match_vacancies(
            candidate, top=top, today=today or date.today(), restrictions=restrictions
        )

    def candidates_for(
        self,
        vacancy: Vacancy,
        *,
        top: int,
        restrictions: dict[int, Restrictions] | None = None,
        allowed: Callable[[int], bool] | None = None,
        today: date | None = None,
    ) -> MatchResult:
        return self.engine.match_candidates(
            vacancy, top=top, today=today or date.today(), restrictions=restrictions
        )

    def health(self) -> dict[str, Any]:
        s = self.status
        return {
            "state": s.state,
            "model": self.encoder.model_name,
            "consistent": s.consistent,
            "taxonomy": s.taxonomy,
            "vacancies": vars(s.vacancies),
            "candidates": vars(s.candidates),
            **({"error": s.error} if s.error else {}),
        }

    # --- helpers ----------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn:
            yield cast(asyncpg.Connection, conn)  # a pool proxy acts as a Connection

    def _side(self, kind: str) -> SideState:
        return self.status.vacancies if kind == "vacancy" else self.status.candidates

    def _ids(self, kind: str) -> set[int]:
        return set(self.engine.vacancies if kind == "vacancy" else self.engine.candidates)

    @staticmethod
    def _text(kind: str, item: Vacancy | Candidate) -> str:
        if kind == "vacancy":
            assert isinstance(item, Vacancy)
            return vacancy_text(item)
        assert isinstance(item, Candidate)
        return candidate_text(item)


def _save_index(index: VectorIndex, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    index.save(path)  # atomic: temp file + rename


async def _in_daemon_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Like asyncio.to_thread, but a daemon thread: a cold ESCO load takes minutes, and
    the process must be able to exit (and stop the embedded PostgreSQL) meanwhile."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[Any] = loop.create_future()

    def settle(outcome: Callable[[], None]) -> None:
        if not future.done():
            outcome()

    def work() -> None:
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # handed to the awaiting coroutine
            error = exc
            with contextlib.suppress(RuntimeError):  # loop already closed at exit
                loop.call_soon_threadsafe(settle, lambda: future.set_exception(error))
        else:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(settle, lambda: future.set_result(result))

    threading.Thread(target=work, name=f"daemon-{fn.__name__}", daemon=True).start()
    return await future
