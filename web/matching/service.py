"""The in-memory matcher of one web process: its loop, its upkeep and its queries.

PostgreSQL is the source of truth; the engine's indexes are derived data, kept equal
to it by `IndexSync` (index_sync.py). `ChangeFeed` wakes the loop on every committed
change (LISTEN/NOTIFY, with a poll on the database clock as fallback). All engine work
runs in one `EngineThread`; a query is one call into it.

Faults are part of the design: every step of the loop may fail (database gone, a bug
in one record); the loop logs, says `degraded` on /healthz, waits and tries again from
the same mark, so nothing committed is ever skipped and no restart is needed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, cast

import asyncpg

from matcher.embedding import Encoder
from matcher.engine import MatchEngine, MatchResult
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.ranking import Rejection, Suggestion, Weights
from web.matching.changes import ChangeFeed
from web.matching.engine_thread import EngineThread
from web.matching.health_state import ServiceState
from web.matching.index_files import IndexFiles
from web.matching.index_sync import IndexSync
from web.matching.ivf_quantizers import IvfQuantizers
from web.matching.lookup_warmer import LookupWarmer
from web.matching.match_state import MatchStateKeeper
from web.matching.skill_vocabulary import SkillVocabulary
from web.matching.taxonomy_loader import TaxonomyLoader
from web.ranker.active import ActiveWeights
from web.settings import Settings

log = logging.getLogger(__name__)
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
            relevance_floor=settings.relevance_floor,
            index_options={"train_ivf": False},  # IVF lists come from a worker
        )
        self.thread = EngineThread()
        self.status = ServiceState()
        self.feed = ChangeFeed(pool, model=self.encoder.model_name, poll_seconds=poll_seconds)
        self.match_state = MatchStateKeeper(self, top=settings.suggestions_per_candidate)
        self.taxonomy = TaxonomyLoader(self)
        self.skills = SkillVocabulary()
        self.sync = IndexSync(self)
        self.warmer = LookupWarmer(self)
        self.files = IndexFiles(self)
        self.quantizers = IvfQuantizers(self)
        self.ranker = ActiveWeights(self.engine.weights)  # learned weights per municipality
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

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
        if self.sync.check_due:
            await self.check_consistency()
        if self.files.due:
            await self.files.save()
        if self.quantizers.due:
            await self.quantizers.check()
        if self.ranker.due:
            await self.refresh_weights()
        self.status.ok()

    # --- loading and keeping current (index_sync.py) ---------------------------

    async def load_all(self) -> None:
        """Index everything that has a current stored vector; then mark the service ready."""
        self.status.state = "loading"
        await self.feed.begin()
        await self.sync.load_all()
        await self.quantizers.check()
        await self.refresh_weights()
        self.status.ok()
        self._ready.set()

    async def refresh_weights(self) -> None:
        """Read the municipalities' active ranker versions; a change makes every stored
        suggestion list stale, so the caseload counts follow the new weights."""
        async with self.pool.acquire() as conn:
            if await self.ranker.refresh(cast(asyncpg.Connection, conn)):
                self.match_state.mark_all_stale()

    async def save_indexes(self) -> None:
        """Save the changed indexes now (see web/matching/index_files.py)."""
        await self.files.save()

    async def catch_up(self) -> None:
        """Apply what changed since the last look; the mark moves only after success."""
        await self.sync.catch_up()

    async def refresh(self, kind: str, ids: Sequence[int]) -> None:
        """Re-read these objects: index those with a current vector, drop closed ones."""
        await self.sync.refresh(kind, ids)

    async def check_consistency(self) -> bool:
        """Do the indexes hold exactly the stored objects that have a current vector?"""
        return await self.sync.check_consistency()

    # --- queries (each one call into the engine thread) ---------------------------

    async def vacancies_for(
        self,
        candidate: Candidate,
        *,
        top: int,
        restrictions: Restrictions | None = None,
        today: date | None = None,
        weights: Weights | None = None,
        exclude: Collection[int] = (),
    ) -> MatchResult:
        """`weights`: the candidate's municipality's (self.ranker), else hand-set;
        `exclude`: vacancy ids not to search (the coach decided on them already)."""
        return await self.thread.run(
            self.engine.match_vacancies,
            candidate,
            top=top,
            today=today or date.today(),
            restrictions=restrictions,
            weights=weights,
            exclude=exclude,
        )

    async def candidates_among(
        self,
        vacancy: Vacancy,
        *,
        among: Sequence[int],
        restrictions: dict[int, Restrictions],
        today: date | None = None,
        weights: Weights | None = None,
    ) -> MatchResult:
        return await self.thread.run(
            self.engine.match_candidates,
            vacancy,
            top=len(among) or 1,
            today=today or date.today(),
            restrictions=restrictions,
            among=list(among),
            weights=weights,
        )

    async def explain_pair(
        self,
        candidate: Candidate,
        vacancy: Vacancy,
        *,
        restrictions: Restrictions | None,
        today: date | None = None,
        weights: Weights | None = None,
    ) -> Suggestion | Rejection:
        """One pair scored on demand: "why (not) this one?"."""
        return await self.thread.run(
            self.engine.explain_pair,
            candidate,
            vacancy,
            today=today or date.today(),
            restrictions=restrictions,
            weights=weights,
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
