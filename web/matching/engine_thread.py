"""One thread owns the in-memory matcher; the event loop only waits for it.

Matching, scoring and index updates are CPU work (numpy, FAISS, Python scoring). Run on
the event loop they stall every other request: with 20 coaches at once a page waited
seconds behind other people's matches. Every engine call goes through `EngineThread`:
calls run one after another in one thread, so a search never sees a half-applied
update, and the loop stays free to answer `/healthz` and `/login`.

Calls have a priority: what a person is waiting for (a page) runs before background
upkeep (refreshing the caseload's stored lists, saving the index), so a long
background backlog never sits in front of a coach's click. Within one priority the
order is first come, first served; an index update is never reordered with respect to
a search of the same priority that was submitted after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import functools
import itertools
import queue
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
PAGE, UPKEEP = 0, 1  # priorities: lower runs first
_STOP = (2, -1, None, None, None)


class EngineThread:
    """Serialises calls into one named worker thread, pages before upkeep."""

    def __init__(self, name: str = "matching-engine") -> None:
        self._queue: queue.PriorityQueue[tuple[int, int, Any, Any, Any]] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run fn(*args, **kwargs) in the engine thread, before any queued upkeep."""
        return await self._submit(PAGE, functools.partial(fn, *args, **kwargs))

    async def upkeep(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Like `run`, but only when no page is waiting."""
        return await self._submit(UPKEEP, functools.partial(fn, *args, **kwargs))

    async def _submit(self, priority: int, call: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        context = contextvars.copy_context()
        self._queue.put((priority, next(self._order), context, call, (loop, future)))
        return await future

    def _serve(self) -> None:
        while True:
            _priority, _n, context, call, waiter = self._queue.get()
            if call is None:
                return
            loop, future = waiter
            try:
                result = context.run(call)
            except BaseException as exc:  # handed to the awaiting coroutine
                _settle(loop, future, exc=exc)
            else:
                _settle(loop, future, result=result)

    def close(self, timeout: float = 30.0) -> None:
        """Stop after the calls already queued, and wait for that (the thread is a
        daemon only so that a crash can never hang the exit)."""
        self._queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)


def _settle(
    loop: asyncio.AbstractEventLoop,
    future: asyncio.Future[Any],
    *,
    result: Any = None,
    exc: BaseException | None = None,
) -> None:
    def settle() -> None:
        if future.done():  # the awaiting request was cancelled meanwhile
            return
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)

    with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
        loop.call_soon_threadsafe(settle)
