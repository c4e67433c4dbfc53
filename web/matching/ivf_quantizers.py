"""IVF lists in the web process: adopted from the worker, never trained here.

Above `exact_below` vectors an index is IVF, whose lists (k-means centroids) cost
minutes of CPU to train at 1,000,000 vectors. A web process does not train them: its
indexes are built with `train_ivf=False`, so an index that reaches the threshold stays
exact until lists arrive, and a compaction reuses the lists it has. This keeper looks
in `ivf_quantizers` (every CHECK_SECONDS, like the ESCO label vectors) for lists a
worker trained (web/matching/ivf_training.py); new ones are handed to the engine, which
rebuilds at once, in the engine thread as upkeep, when the index was waiting for them
(exact above the threshold, or lists made for less than half its size) and otherwise
keeps them for the next compaction. While an index wants lists it asks for them with
an `ivf_train` job (one open job per kind, however many processes ask).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from datetime import datetime
from typing import TYPE_CHECKING, cast

import asyncpg

from matcher.index_faiss import quantizer_from_bytes
from web.matching.repositories import index_builds, ivf_quantizers
from web.matching.repositories.ivf_quantizers import StoredQuantizer
from web.worker.queue import enqueue_ivf_train

if TYPE_CHECKING:
    from web.matching.service import MatchingService

log = logging.getLogger(__name__)
KINDS = ("vacancy", "candidate")
CHECK_SECONDS = 30.0


class IvfQuantizers:
    def __init__(self, service: MatchingService) -> None:
        self.service = service
        self._adopted: dict[str, datetime] = {}  # kind -> trained_at of the lists adopted
        self._checked_at = -CHECK_SECONDS

    @property
    def due(self) -> bool:
        return time.monotonic() - self._checked_at > CHECK_SECONDS

    async def check(self) -> None:
        """Adopt lists a worker stored since the last look; ask for lists when wanted."""
        self._checked_at = time.monotonic()
        for kind in KINDS:
            await self.adopt_stored(kind)
            if await self.service.thread.upkeep(self._wanted, kind):
                async with self._connection() as conn:
                    await enqueue_ivf_train(conn, kind=kind)
                log.info("matching: %s index asks a worker for IVF lists", kind)

    async def adopt_stored(self, kind: str) -> bool:
        """Hand the stored lists of this kind to the engine when they are new to it;
        True when the index was rebuilt on them."""
        model = self.service.encoder.model_name
        async with self._connection() as conn:
            stored = await ivf_quantizers.latest(conn, kind=kind, model=model)
            if stored is None or self._adopted.get(kind) == stored.trained_at:
                return False
            data = await ivf_quantizers.template(
                conn, kind=kind, model=model, trained_at=stored.trained_at
            )
        if data is None:  # replaced since: the next look takes the newer lists
            return False
        self._adopted[kind] = stored.trained_at
        try:
            template = await asyncio.to_thread(quantizer_from_bytes, data)
        except ValueError:
            log.exception("matching: stored %s IVF lists unusable; kept the current ones", kind)
            return False
        build = await self.service.thread.upkeep(self._adopt, kind, template, stored)
        if build is not None:
            await self._record(kind, *build)
        return build is not None

    def _adopt(
        self, kind: str, template: object, stored: StoredQuantizer
    ) -> tuple[str, int] | None:
        """In the engine thread: adopt, and rebuild when the index was waiting; returns
        the new build (id, size) when it rebuilt."""
        rebuilt = self.service.engine.adopt_quantizer(kind, template)
        log.info(
            "matching: %s adopted %d IVF lists trained for %d vectors%s",
            kind, stored.nlist, stored.trained_for, "; rebuilt on them" if rebuilt else "",
        )  # fmt: skip
        index = self.service.engine.index_for(kind)
        return (index.build_id, len(index)) if rebuilt and index is not None else None

    def _wanted(self, kind: str) -> bool:
        index = self.service.engine.index_for(kind)
        return index is not None and index.quantizer_wanted

    async def _record(self, kind: str, build_id: str, size: int) -> None:
        """A rebuild is a new build: recorded, so that suggestions can name it."""
        async with self._connection() as conn:
            await index_builds.record(
                conn, build_id=build_id, kind=kind, model=self.service.encoder.model_name, size=size
            )
        self.service.status.side(kind).build_id = build_id

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.service.pool.acquire() as conn:
            yield cast(asyncpg.Connection, conn)
