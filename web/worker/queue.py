"""The job queue (pgqueuer on our own PostgreSQL) and how to put work on it.

Every helper takes the caller's asyncpg connection, so a job is enqueued in the same
transaction as the change that needs it: if the request rolls back, so does the job,
and a committed change always has its job. Payloads are small JSON objects.

Jobs are picked with `FOR UPDATE SKIP LOCKED`, so any number of workers on any number
of machines share one queue and each job runs once. A worker that dies leaves its job
'picked' with a heartbeat that stops moving; another worker takes it over once the
heartbeat is older than `PERSPECTIEF_WORKER_HEARTBEAT_SECONDS`. Every job is written
to be safe to run again (embedding skips unchanged texts, an import resumes from its
last committed chunk under a per-batch advisory lock).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import asyncpg
from pgqueuer.adapters.drivers.asyncpg import AsyncpgDriver
from pgqueuer.queries import Queries

EMBED = "embed"
EMBED_SWEEP = "embed_sweep"
IMPORT_BATCH = "import_batch"
IMPORT_SWEEP = "import_sweep"
TAXONOMY = "taxonomy_vectors"
IVF_TRAIN = "ivf_train"
RETENTION = "retention"
SEND_MAIL = "send_mail"
CHECKIN_REMINDERS = "checkin_reminders"
TRAIN_RANKER = "train_ranker"
ENTRYPOINTS = (
    EMBED, EMBED_SWEEP, IMPORT_BATCH, IMPORT_SWEEP, TAXONOMY, IVF_TRAIN, RETENTION,
    SEND_MAIL, CHECKIN_REMINDERS, TRAIN_RANKER,
)  # fmt: skip
KINDS = ("vacancy", "candidate")
# Jobs not yet done (waiting, or held by a worker that may have died).
OPEN_JOBS = "SELECT count(*) FROM pgqueuer WHERE status IN ('queued', 'picked')"


def _queries(conn: asyncpg.Connection) -> Queries:
    return Queries(AsyncpgDriver(conn))


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode("utf-8")


def decode(payload: bytes | None) -> dict[str, Any]:
    result = json.loads(payload or b"{}")
    if not isinstance(result, dict):
        raise ValueError("a job payload is a JSON object")
    return result


async def enqueue_embedding(
    conn: asyncpg.Connection, *, kind: str, ids: Sequence[int], priority: int = 10
) -> None:
    """Embed these vacancies or candidates soon (no-op without ids).

    Priority above the sweeps: what a person just saved comes before the backlog.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if not ids:
        return
    payload = encode({"kind": kind, "ids": sorted({int(i) for i in ids})})
    await _queries(conn).enqueue(EMBED, payload, priority)


async def enqueue_import(conn: asyncpg.Connection, *, batch_id: int) -> None:
    """Run (or resume) this import batch; at most one open job per batch."""
    await _queries(conn).enqueue(
        IMPORT_BATCH,
        encode({"batch_id": batch_id}),
        5,
        dedupe_key=f"{IMPORT_BATCH}:{batch_id}",
        on_conflict="skip",
    )


async def enqueue_embed_sweep(conn: asyncpg.Connection) -> None:
    """Embed everything that is missing or stale; skipped while one is already open."""
    await _queries(conn).enqueue(EMBED_SWEEP, None, 0, dedupe_key=EMBED_SWEEP, on_conflict="skip")


async def enqueue_taxonomy_vectors(conn: asyncpg.Connection) -> None:
    """Embed the ESCO labels that have no vector yet and share them with the web."""
    await _queries(conn).enqueue(TAXONOMY, None, -1, dedupe_key=TAXONOMY, on_conflict="skip")


async def enqueue_ivf_train(
    conn: asyncpg.Connection, *, kind: str, scheduled: bool = False
) -> None:
    """Train IVF lists for one kind (web/matching/ivf_training.py); at most one open job
    per kind. `scheduled`: the daily retraining, else a web process asks for lists."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    await _queries(conn).enqueue(
        IVF_TRAIN,
        encode({"kind": kind, "scheduled": scheduled}),
        0,
        dedupe_key=f"{IVF_TRAIN}:{kind}",
        on_conflict="skip",
    )


async def enqueue_retention(conn: asyncpg.Connection) -> None:
    """Erase inactive candidates and remove expired records (web/oversight/retention.py)."""
    await _queries(conn).enqueue(RETENTION, None, 0, dedupe_key=RETENTION, on_conflict="skip")


async def enqueue_import_sweep(conn: asyncpg.Connection) -> None:
    await _queries(conn).enqueue(IMPORT_SWEEP, None, 0, dedupe_key=IMPORT_SWEEP, on_conflict="skip")


async def enqueue_send_mail(conn: asyncpg.Connection) -> None:
    """Send the mails in the outbox that are due (web/notifications/sender.py). While one
    job runs, another is skipped: the running one, or the minute's sweep, sends the rest."""
    await _queries(conn).enqueue(SEND_MAIL, None, 5, dedupe_key=SEND_MAIL, on_conflict="skip")


async def enqueue_checkin_reminders(conn: asyncpg.Connection) -> None:
    """Tell coaches about check-ins that are due (web/notifications/service.py)."""
    await _queries(conn).enqueue(
        CHECKIN_REMINDERS, None, 0, dedupe_key=CHECKIN_REMINDERS, on_conflict="skip"
    )


async def enqueue_train_ranker(
    conn: asyncpg.Connection, *, organisation_id: int | None = None
) -> None:
    """Learn weights from decisions (web/ranker/training.py) for one municipality, or for
    every one (None, the nightly run); at most one open job per municipality."""
    payload = None if organisation_id is None else encode({"organisation_id": organisation_id})
    await _queries(conn).enqueue(
        TRAIN_RANKER,
        payload,
        0,
        dedupe_key=f"{TRAIN_RANKER}:{organisation_id or 'all'}",
        on_conflict="skip",
    )


async def open_jobs(conn: asyncpg.Connection) -> int:
    return int(await conn.fetchval(OPEN_JOBS))
