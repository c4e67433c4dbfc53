"""The outbox: notifications waiting to be mailed, and what became of them.

`add` runs in the caller's transaction (the event's). The sender takes rows with
`FOR UPDATE SKIP LOCKED`, so workers on any number of machines never send one twice at
the same time; a row stays locked until its mail went out (or failed) and that is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

ADD = """
INSERT INTO outbox (recipient_id, event, proposal_id, state, delivery, dedupe_key)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (dedupe_key) DO NOTHING
RETURNING id
"""
_ROW = "id, recipient_id, event, proposal_id, state, delivery, attempts"
# Due at $1: an immediate row or a retry once its time has come; a daily row's first try
# once a digest hour ($2, the last one before $1) has passed since it was written.
_WAITING = """sent_at IS NULL AND failed_at IS NULL AND send_after <= $1
  AND (delivery = 'immediate' OR attempts > 0 OR created_at <= $2)"""
NEXT_DUE = f"""
SELECT {_ROW} FROM outbox WHERE {_WAITING}
ORDER BY send_after, id LIMIT 1 FOR UPDATE SKIP LOCKED
"""
# The rest of a recipient's digest: their other daily rows that are due.
DIGEST_OF = f"""
SELECT {_ROW} FROM outbox WHERE {_WAITING} AND recipient_id = $3 AND delivery = 'daily'
ORDER BY created_at, id FOR UPDATE SKIP LOCKED
"""
MARK_SENT = "UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY($1)"
# Waits 1, 2, 4… minutes after each failed try, at most an hour; gives up after $3 tries.
MARK_FAILED = """
UPDATE outbox SET attempts = attempts + 1, last_error = $2,
  send_after = $4::timestamptz + make_interval(mins => least(60, power(2, attempts))::int),
  failed_at = CASE WHEN attempts + 1 >= $3 THEN now() END
WHERE id = ANY($1)
"""
# Nothing to say any more (the proposal or candidate is gone): closed without a mail.
MARK_DROPPED = "UPDATE outbox SET failed_at = now(), last_error = $2 WHERE id = ANY($1)"
# Done rows are kept a while to see what was sent; they hold ids only.
PRUNE = """
WITH gone AS (
  DELETE FROM outbox WHERE coalesce(sent_at, failed_at) < now() - make_interval(days => $1)
  RETURNING 1)
SELECT count(*) FROM gone
"""


@dataclass(frozen=True)
class OutboxRow:
    id: int
    recipient_id: int
    event: str
    proposal_id: int
    state: str | None
    delivery: str
    attempts: int


async def add(
    conn: asyncpg.Connection,
    *,
    recipient_id: int,
    event: str,
    delivery: str,
    proposal_id: int,
    state: str | None = None,
    dedupe_key: str | None = None,
) -> int | None:
    """The new row's id; None when a row with this dedupe key exists."""
    args = (recipient_id, event, proposal_id, state, delivery, dedupe_key)
    return await conn.fetchval(ADD, *args)


async def take_next(
    conn: asyncpg.Connection, *, now: datetime, last_digest: datetime
) -> list[OutboxRow]:
    """The next mail's rows, locked until the transaction ends: one immediate row, or a
    recipient's whole digest. Empty when nothing is due."""
    first = await conn.fetchrow(NEXT_DUE, now, last_digest)
    if first is None:
        return []
    row = OutboxRow(**dict(first))
    if row.delivery != "daily":
        return [row]
    rest = await conn.fetch(DIGEST_OF, now, last_digest, row.recipient_id)
    return [row] + [OutboxRow(**dict(r)) for r in rest if r["id"] != row.id]


async def mark_sent(conn: asyncpg.Connection, *, ids: list[int]) -> None:
    await conn.execute(MARK_SENT, ids)


async def mark_failed(
    conn: asyncpg.Connection,
    *,
    ids: list[int],
    error: str,
    max_attempts: int,
    now: datetime,
) -> None:
    await conn.execute(MARK_FAILED, ids, error[:200], max_attempts, now)


async def mark_dropped(conn: asyncpg.Connection, *, ids: list[int], reason: str) -> None:
    await conn.execute(MARK_DROPPED, ids, reason)


async def prune(conn: asyncpg.Connection, *, days: int) -> int:
    return int(await conn.fetchval(PRUNE, days))
