"""One thread owns the in-memory matcher; the event loop only waits for it.

Matching, scoring and index updates are CPU work (numpy, FAISS, Python scoring). Run on
the event loop they stall every other request: with 20 coaches at once a page waited
seconds behind other people's matches. Every engine call goes through `EngineThread`,
a single-thread executor: calls run one after another, so a search never sees a
half-applied update, and the loop stays free to answer `/healthz` and `/login`.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class EngineThread:
    """Serialises calls into one named worker thread."""

    def __init__(self, name: str = "matching-engine") -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run fn(*args, **kwargs) in the engine thread and await its result."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        call = functools.partial(context.run, fn, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    def close(self) -> None:
        """Stop taking calls; a call already running finishes in the background."""
        self._executor.shutdown(wait=False, cancel_futures=True)
