"""ESCO look-ups of new vacancies, done in batches before a coach needs them.

Scoring a vacancy looks up its title's occupation and its skills in ESCO; uncached,
that is one model call per title, and a coach opening a candidate right after a
10,000-row upload paid for hundreds of them. The warmer looks them up in batches of
`CHUNK` (one encode per batch) in a thread of its own, beside the engine thread: it
only fills the look-up cache (each entry written once) and reads the taxonomy, which
is immutable. As engine upkeep it starved behind a steady stream of clicks.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from matcher.taxonomy_lookups import warm_lookups

if TYPE_CHECKING:
    from web.matching.service import MatchingService

CHUNK = 64  # vacancies whose titles and skills are looked up in one batch
BUDGET_SECONDS = 1.0  # per step of the service loop
AT_MOST = 50_000  # after ESCO loads: the newest vacancies (the look-up cache size)


class LookupWarmer:
    def __init__(self, service: MatchingService) -> None:
        self.service = service
        self._todo: collections.deque[int] = collections.deque()  # appended by any thread

    @property
    def busy(self) -> bool:
        return bool(self._todo)

    def add(self, vacancy_ids: Iterable[int]) -> None:
        """New or changed vacancies (engine thread, when ESCO is loaded)."""
        self._todo.extend(vacancy_ids)

    def add_newest(self) -> None:
        """Right after ESCO arrived (engine thread): the newest vacancies."""
        self._todo.extend(sorted(self.service.engine.vacancies)[-AT_MOST:])

    async def run_some(self) -> None:
        started = time.monotonic()
        while self._todo and time.monotonic() - started < BUDGET_SECONDS:
            chunk = [self._todo.popleft() for _ in range(min(CHUNK, len(self._todo)))]
            await asyncio.to_thread(self._warm, chunk)

    def _warm(self, ids: list[int]) -> None:
        taxonomy, held = self.service.engine.taxonomy, self.service.engine.vacancies
        if taxonomy is not None:
            warm_lookups(taxonomy, [v for v in (held.get(i) for i in ids) if v is not None])
