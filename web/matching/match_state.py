"""Keeps the stored suggestion lists (`candidate_match_state`) current, in the background.

The caseload shows per candidate how many fresh suggestions wait. Matching every
candidate per page view made the caseload take ~400 ms and stall other coaches; now a
page reads stored lists, and this keeper recomputes the lists that a change made stale:
one candidate after its profile changed, everyone after vacancies changed (at most once
per `FULL_SWEEP_SECONDS`, so a 10,000-row upload does not recompute all day). It works
in small batches, so coaches' own matches get the engine thread in between. With
several web processes only one keeps the lists: the holder of an advisory lock.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, cast

import asyncpg

from matcher.models import Restrictions
from matcher.ranking import Weights
from web.candidates.repositories import candidates as candidates_repo
from web.matching.repositories import match_state, strong_matches
from web.ranker.repositories import versions as ranker_versions

if TYPE_CHECKING:
    from web.matching.service import MatchingService

LEADER_LOCK = 4_242_002  # advisory lock key: the one process that keeps the lists
BATCH = 1  # candidates per engine call: a coach's click never waits behind more
BUDGET_SECONDS = 1.0  # per step of the service loop
FULL_SWEEP_SECONDS = 30.0
EXTRA = 30  # stored beyond the page's top, so decided ones leave room for fresh ones
STRONG_CAP = 40  # strong matches stored per candidate; a full list reads "40+"


class MatchStateKeeper:
    def __init__(self, service: MatchingService, *, top: int) -> None:
        self.service = service
        self.size = top + EXTRA
        self.strong_score = service.settings.strong_match_score
        self._stale: set[int] = set()
        self._all_stale = True
        self._swept_at = -FULL_SWEEP_SECONDS
        self._lock_conn: object | None = None

    @property
    def stale_count(self) -> int:
        return len(self._stale)

    @property
    def busy(self) -> bool:
        return bool(self._stale)

    def mark_stale(self, ids: Iterable[int]) -> None:
        self._stale |= set(ids)

    def mark_all_stale(self) -> None:
        self._all_stale = True

    async def refresh_stale(self) -> None:
        """Recompute stale lists for up to BUDGET_SECONDS (leader only)."""
        if not await self._is_leader():
            self._stale.clear()
            return
        now = time.monotonic()
        if self._all_stale and now - self._swept_at >= FULL_SWEEP_SECONDS:
            self._all_stale, self._swept_at = False, now
            self._stale |= await self.service.thread.upkeep(self._active_ids)
        while self._stale and time.monotonic() - now < BUDGET_SECONDS:
            batch = sorted(self._stale)[:BATCH]
            await self.refresh(batch)
            self._stale -= set(batch)

    async def refresh(self, candidate_ids: list[int]) -> None:
        """Recompute and store the lists of these candidates now."""
        async with self.service.pool.acquire() as conn:
            db = cast(asyncpg.Connection, conn)
            limits = await candidates_repo.restrictions_for_many(db, candidate_ids=candidate_ids)
            homes = await ranker_versions.organisations_of(db, candidate_ids=candidate_ids)
        weights = {c: self.service.ranker.for_organisation(o).weights for c, o in homes.items()}
        lists, build = await self.service.thread.upkeep(
            self._compute, candidate_ids, limits, weights
        )
        strong = [strongest(s, threshold=self.strong_score) for s in lists]
        async with self.service.pool.acquire() as pooled, pooled.transaction():
            db = cast(asyncpg.Connection, pooled)
            kept = [_first(s, self.size) for s in lists]
            await match_state.store(db, lists=kept, index_build=build)
            await strong_matches.replace(db, lists=strong)

    def _compute(
        self,
        candidate_ids: list[int],
        limits: dict[int, Restrictions],
        weights: dict[int, Weights],
    ) -> tuple[list[match_state.SuggestionList], str | None]:
        """In the engine thread: the current list of each (still indexed) candidate,
        ranked with the weights of the candidate's municipality."""
        engine, today = self.service.engine, date.today()
        lists = []
        for candidate_id in candidate_ids:
            candidate = engine.candidates.get(candidate_id)
            if candidate is None:
                continue
            result = engine.match_vacancies(
                candidate,
                top=max(self.size, STRONG_CAP),
                today=today,
                restrictions=limits.get(candidate_id),
                weights=weights.get(candidate_id),
            )
            ids = [s.vacancy_id for s in result.suggestions]
            scores = [s.score for s in result.suggestions]
            lists.append(match_state.SuggestionList(candidate_id, ids, scores))
        index = engine.index_for("vacancy")
        return lists, index.build_id if index is not None else None

    def _active_ids(self) -> set[int]:
        return set(self.service.engine.candidates)

    async def _is_leader(self) -> bool:
        """Hold the advisory lock on the service's listening connection (a session lock:
        PostgreSQL releases it when that connection or process dies)."""
        conn = await self.service.feed.listen()
        if conn is not self._lock_conn:
            self._lock_conn = None
            if await conn.fetchval("SELECT pg_try_advisory_lock($1)", LEADER_LOCK):
                self._lock_conn = conn
        return self._lock_conn is conn


def strongest(found: match_state.SuggestionList, *, threshold: float) -> strong_matches.StrongList:
    """The suggestions (best first) that score at least `threshold` (0–1), at most
    STRONG_CAP: a count that is not the top-k cap, and "40+" when the list is full."""
    pairs = [(v, x) for v, x in zip(found.vacancy_ids, found.scores, strict=True) if x >= threshold]
    pairs = pairs[:STRONG_CAP]
    return strong_matches.StrongList(
        found.candidate_id, [v for v, _ in pairs], [x for _, x in pairs]
    )


def _first(found: match_state.SuggestionList, size: int) -> match_state.SuggestionList:
    return match_state.SuggestionList(
        found.candidate_id, found.vacancy_ids[:size], found.scores[:size]
    )
