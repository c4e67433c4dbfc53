"""Outcome reports a web process computed lately, kept for a minute.

With 10,000 people of history a report reads tens of thousands of rows and counts them
in Python: a few hundred milliseconds of CPU, on a 2-core machine shared with every
other page. Figures of a year do not change from one second to the next, so a process
keeps each report (municipality, period, day): for TTL_SECONDS it is served as it is;
after that it is still served while a fresh one is computed in the background (up to
STALE_SECONDS; an older one is waited for). Admins asking for the same report at the
same time wait for one computation. The page says when its figures were computed. Only
the finished, suppressed figures are kept: nothing about a person.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import date

from web.oversight.audit_trail import Period
from web.oversight.outcomes import OutcomeReport

log = logging.getLogger(__name__)
TTL_SECONDS = 60.0
STALE_SECONDS = 600.0
KEPT = 32  # reports per process (an admin browsing periods), oldest dropped first

Key = tuple[int, Period, date]


class ReportCache:
    def __init__(
        self, ttl: float = TTL_SECONDS, stale: float = STALE_SECONDS, kept: int = KEPT
    ) -> None:
        self.ttl, self.stale, self.kept = ttl, stale, kept
        # key → (when computed, on the monotonic clock; the report)
        self._done: OrderedDict[Key, tuple[float, OutcomeReport]] = OrderedDict()
        self._running: dict[Key, asyncio.Future[OutcomeReport]] = {}

    async def get(self, key: Key, compute: Callable[[], Awaitable[OutcomeReport]]) -> OutcomeReport:
        """The kept report (a stale one starts a fresh computation), or one computed now:
        once, however many ask meanwhile."""
        kept = self._done.get(key)
        age = time.monotonic() - kept[0] if kept is not None else None
        if kept is not None and age is not None and age < self.ttl:
            return kept[1]
        running = self._running.get(key) or self._start(key, compute)
        if kept is not None and age is not None and age < self.stale:
            return kept[1]
        # A visitor who leaves does not stop the computation the others wait for.
        return await asyncio.shield(running)

    def _start(
        self, key: Key, compute: Callable[[], Awaitable[OutcomeReport]]
    ) -> asyncio.Future[OutcomeReport]:
        running = asyncio.ensure_future(compute())
        self._running[key] = running
        running.add_done_callback(lambda done: self._finish(key, done))
        return running

    def _finish(self, key: Key, done: asyncio.Future[OutcomeReport]) -> None:
        self._running.pop(key, None)
        if done.cancelled():
            return
        if done.exception() is not None:
            log.error("outcome report failed", exc_info=done.exception())
            return
        self._done[key] = (time.monotonic(), done.result())
        self._done.move_to_end(key)
        while len(self._done) > self.kept:
            self._done.popitem(last=False)
