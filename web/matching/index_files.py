"""The saved index files of one web process: a restart loads instead of rebuilding.

Each direction's index is saved atomically with the text hash of every row, in
`index_dir/<kind>.<model>.index` (another model never loads it), when it changed: every
`SAVE_SECONDS` and at stop. At start the file is loaded and compared per id with the
text hashes of the objects the database holds now; only what differs is read again.
Every saved build is recorded in `index_builds` with its checksum.

An erased candidate must leave the file too, not only the searches. Removing an entry
leaves its vector behind as a tombstone until a compaction (an approximate index
compacts on save only when a fifth of it is dead), so once a candidate has left the
index the candidate side is compacted and written within `PURGE_SECONDS`.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

import asyncpg

from matcher.index import VectorIndex
from matcher.models import Candidate, Vacancy
from web.matching.repositories import index_builds

if TYPE_CHECKING:
    from web.matching.service import MatchingService

log = logging.getLogger(__name__)
KINDS = ("vacancy", "candidate")
SAVE_SECONDS = 600.0  # a changed index is saved this often (and at stop)
PURGE_SECONDS = 2.0  # after a candidate left the index; erasures close together share a save


class IndexFiles:
    def __init__(self, service: MatchingService) -> None:
        self.service = service
        self._saved_at = time.monotonic()
        self._saved_builds: dict[str, str] = {}
        self._purge: set[str] = set()  # sides whose memory and file may hold removed rows
        self._purge_at: float | None = None

    @property
    def due(self) -> bool:
        now = time.monotonic()
        purge = self._purge_at is not None and now >= self._purge_at
        return purge or now - self._saved_at > SAVE_SECONDS

    def purge_wait(self, longest: float) -> float:
        """How long the service loop may sleep, at most `longest`, before a purge is due."""
        if self._purge_at is None:
            return longest
        return max(0.0, min(longest, self._purge_at - time.monotonic()))

    def removed(self, kind: str) -> None:
        """Objects of this side left the index because their rows are gone: compact it
        and write its file soon (candidates only; a vacancy is not personal data)."""
        if kind != "candidate":
            return
        self._purge.add(kind)
        if self._purge_at is None:
            self._purge_at = time.monotonic() + PURGE_SECONDS

    def path(self, kind: str) -> Path:
        model = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.service.encoder.model_name)[-60:]
        return self.service.settings.index_dir / f"{kind}.{model}.index"

    def start_loading(self, kind: str) -> asyncio.Future[VectorIndex] | None:
        """Begin reading the saved index in a thread (None without a file)."""
        path = self.path(kind)
        if not path.exists():
            return None
        train_ivf = self.service.engine.index_options.get("train_ivf", True)
        return asyncio.ensure_future(asyncio.to_thread(VectorIndex.load, path, train_ivf=train_ivf))

    async def restore(
        self,
        kind: str,
        items: Sequence[Vacancy | Candidate],
        hashes: dict[int, str],
        loading: asyncio.Future[VectorIndex] | None,
    ) -> set[int] | None:
        """Start from the saved index; returns the ids still to (re)read, or None when
        there is no usable file."""
        if loading is None:
            return None
        try:
            index = await loading
        except Exception:
            log.exception("matching: saved %s index unreadable; rebuilding from vectors", kind)
            return None
        return await self.service.thread.run(self._restore_side, kind, items, index, hashes)

    def _restore_side(
        self,
        kind: str,
        items: Sequence[Vacancy | Candidate],
        index: VectorIndex,
        hashes: dict[int, str],
    ) -> set[int]:
        engine = self.service.engine
        if kind == "vacancy":
            missing = engine.restore_vacancies(cast(list[Vacancy], items), index)
            self.service.skills.replace([], engine.vacancies.values())
        else:
            if set(index.ids().tolist()) - {it.id for it in items}:
                self.removed(kind)  # erased while no process ran: the file still has them
            missing = engine.restore_candidates(cast(list[Candidate], items), index)
        held = engine.text_hashes(kind)
        stale = {i for i, h in held.items() if hashes.get(i) != h}
        self.service.status.side(kind).restored = len(held) - len(stale)
        return set(missing.tolist()) | stale

    async def save(self) -> None:
        """Write each changed index atomically (engine thread, as upkeep) and record it."""
        self.service.settings.index_dir.mkdir(parents=True, exist_ok=True)
        purge, self._purge, self._purge_at = self._purge, set(), None
        for kind in KINDS:
            try:
                saved = await self.service.thread.upkeep(self._save_side, kind, kind in purge)
            except BaseException:
                for side in purge:
                    self.removed(side)  # the next try purges again
                raise
            if saved is None:
                continue
            build_id, size, checksum = saved
            async with self.service.pool.acquire() as conn:
                await index_builds.record(
                    cast(asyncpg.Connection, conn),
                    build_id=build_id,
                    kind=kind,
                    model=self.service.encoder.model_name,
                    size=size,
                    checksum=checksum,
                )
        self._saved_at = time.monotonic()

    def _save_side(self, kind: str, purge: bool) -> tuple[str, int, str] | None:
        """Save when changed (a save may compact, which makes a new build; `purge`
        compacts first); returns the saved build with its size and checksum."""
        index = self.service.engine.index_for(kind)
        if index is not None and purge:
            index.compact()
        if index is None or index.build_id == self._saved_builds.get(kind):
            return None
        index.save(self.path(kind))
        self._saved_builds[kind] = index.build_id
        self.service.status.side(kind).build_id = index.build_id
        return index.build_id, len(index), index.checksum()
