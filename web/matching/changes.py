"""What changed since the last look, on the database's clock, never losing a window.

Every web process keeps its matcher in step with PostgreSQL. It is woken by
`LISTEN perspectief_changes` (statement-level triggers, migration 0004) and, should a
notification be missed (a dropped connection, a database restart), it looks anyway
every `poll_seconds`. A look reads the rows whose `updated_at` (vacancies, candidates),
`created_at` (embeddings) or `erased_at` (erased candidates' tombstones, migration 0011)
is at or after the last look's database time minus an overlap window: those timestamps
are transaction *start* times, so a transaction that committed after the last look can
carry an older stamp. Rows already applied with the same stamp are skipped. The mark
only moves when the caller acknowledges that it applied a look, so a failed query or a
failed refresh loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import asyncpg

log = logging.getLogger(__name__)
CHANNEL = "perspectief_changes"
# An erased candidate has no row left to be found by; its tombstone names it instead.
LOOK = """
SELECT 'row' AS source, 'vacancy' AS kind, id, updated_at AS stamp
FROM vacancies WHERE updated_at >= $1
UNION ALL
SELECT 'row', 'candidate', id, updated_at FROM candidates WHERE updated_at >= $1
UNION ALL
SELECT 'vector', kind, object_id, created_at
FROM embeddings WHERE model = $2 AND created_at >= $1
UNION ALL
SELECT 'erased', 'candidate', id, erased_at FROM erased_candidates WHERE erased_at >= $1
"""


@dataclass
class Look:
    """One read of the change tables: ids per kind that are new to this process."""

    at: datetime  # database time of the read
    ids: dict[str, set[int]] = field(default_factory=lambda: {"vacancy": set(), "candidate": set()})
    stamps: dict[tuple[str, str, int], datetime] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.ids.values())


class ChangeFeed:
    """LISTEN plus a polling fallback; `look()` then `ack(look)` after applying it."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        *,
        model: str,
        poll_seconds: float = 5.0,
        overlap: timedelta = timedelta(minutes=2),
    ) -> None:
        self.pool = pool
        self.model = model
        self.poll_seconds = poll_seconds
        self.overlap = overlap
        self.mark: datetime | None = None
        self._applied: dict[tuple[str, str, int], datetime] = {}
        self._wake = asyncio.Event()
        self._listener: Any = None  # a pooled connection held while listening

    async def begin(self) -> datetime:
        """Call before a full load: the first look starts from here.

        The rows changed within the overlap window before now are remembered as
        applied with their current stamps: the full load that follows reads them (or
        newer versions, which carry other stamps and so are looked at again). Without
        this, the first look after a start right behind a large import would read
        every row of that import a second time."""
        async with self.pool.acquire() as conn, conn.transaction(readonly=True):
            at: datetime = await conn.fetchval("SELECT now()")
            rows = await conn.fetch(LOOK, at - self.overlap, self.model)
        self._applied = {(r["source"], r["kind"], r["id"]): r["stamp"] for r in rows}
        self.mark = at
        return at

    def wake(self) -> None:
        """Look now (a change made by this process, after its commit)."""
        self._wake.set()

    async def wait(self, seconds: float | None = None) -> None:
        """Until a notification arrives or `seconds` (default `poll_seconds`) pass."""
        timeout = self.poll_seconds if seconds is None else seconds
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()

    async def listen(self) -> Any:
        """(Re)open the listening connection; it is also the caller's session for locks."""
        if self._listener is not None and not _closed(self._listener):
            return self._listener
        await self.close()
        conn = await self.pool.acquire()
        try:
            await conn.add_listener(CHANNEL, self._notified)
        except BaseException:
            await self.pool.release(conn)
            raise
        conn.add_termination_listener(lambda _c: self._wake.set())
        self._listener = conn
        self._wake.set()  # whatever happened while not listening: look now
        return conn

    async def look(self) -> Look:
        """Read what changed since the mark (minus the overlap); moves nothing yet."""
        assert self.mark is not None, "begin() first"
        since = self.mark - self.overlap
        async with self.pool.acquire() as conn, conn.transaction(readonly=True):
            at: datetime = await conn.fetchval("SELECT now()")
            rows = await conn.fetch(LOOK, since, self.model)
        look = Look(at)
        for row in rows:
            key = (row["source"], row["kind"], row["id"])
            if self._applied.get(key) == row["stamp"]:
                continue
            look.ids[row["kind"]].add(row["id"])
            look.stamps[key] = row["stamp"]
        return look

    def ack(self, look: Look) -> None:
        """The caller applied `look`: move the mark and remember what was applied."""
        self._applied.update(look.stamps)
        self.mark = max(self.mark or look.at, look.at)
        horizon = self.mark - self.overlap
        self._applied = {k: t for k, t in self._applied.items() if t >= horizon}

    async def close(self) -> None:
        conn, self._listener = self._listener, None
        if conn is None:
            return
        with contextlib.suppress(Exception):
            if not _closed(conn):
                await conn.remove_listener(CHANNEL, self._notified)
        with contextlib.suppress(Exception):
            await self.pool.release(conn)

    def _notified(self, *_args: object) -> None:
        self._wake.set()


def _closed(conn: Any) -> bool:
    """A pooled connection that broke may already be back in the pool: then it is gone."""
    try:
        return bool(conn.is_closed())
    except asyncpg.InterfaceError:
        return True
