"""ESCO in the web process: optional, loaded after the service is ready.

Without ESCO matching works on text alone; with it, titles and skills are normalised.
The label vectors come from a worker through PostgreSQL (web/matching/taxonomy_vectors);
until a worker stored them the state is "waiting for the worker" and the load is tried
again. Building the lexical indexes still takes CPU, in a daemon thread so that the
process can always exit; the finished taxonomy is handed to the engine inside the
engine thread, between two matches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from web.matching.taxonomy_vectors import (
    QUERY_TEXTS,
    MissingLabelVectors,
    QueryOnlyEncoder,
    fetch_for_web,
)

if TYPE_CHECKING:
    from web.matching.service import MatchingService

log = logging.getLogger(__name__)
RETRY_SECONDS = 30.0  # while no worker has stored the label vectors yet


class TaxonomyLoader:
    def __init__(self, service: MatchingService) -> None:
        self.service = service
        self.state = "not loaded"
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._load(), name="taxonomy")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _load(self) -> None:
        settings = self.service.settings
        if not settings.esco_dir.exists():
            self.state = "not configured"
            return
        while self.state not in ("loaded", "not configured"):
            try:
                await self._try_load()
            except MissingLabelVectors:
                self.state = "waiting for the worker"
            except Exception:
                log.exception("ESCO taxonomy failed to load; matching continues on text alone")
                self.state = "failed"
            if self.state not in ("loaded", "not configured"):
                await asyncio.sleep(RETRY_SECONDS)

    async def _try_load(self) -> None:
        """Build the taxonomy from the label vectors a worker stored; embeds no labels."""
        service, settings = self.service, self.service.settings
        if not await fetch_for_web(service.pool, settings, service.encoder.model_name):
            self.state = "waiting for the worker"
            return
        from matcher.taxonomy import load_taxonomy  # scikit-learn: 1.6 s of imports

        self.state = "loading"
        # Nothing is embedded while loading (so the daemon thread never runs inside
        # torch, which would abort the interpreter at exit); afterwards a query's titles.
        encoder = QueryOnlyEncoder(service.encoder, max_texts=0)
        taxonomy = await _in_daemon_thread(
            load_taxonomy, settings.esco_dir, encoder=encoder, cache_dir=settings.cache_dir
        )
        encoder.max_texts = QUERY_TEXTS
        await service.thread.run(self._install, taxonomy)
        self.state = "loaded" if taxonomy is not None else "not configured"

    def _install(self, taxonomy: Any) -> None:
        """In the engine thread, between two matches."""
        self.service.engine.taxonomy = taxonomy
        if taxonomy is not None:
            self.service.warmer.add_newest()


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
