"""IVF lists trained by a worker, shared with the web processes (one per kind and model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

SAVE = """
INSERT INTO ivf_quantizers (kind, model, nlist, dimension, sample_size, trained_for, template)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (kind, model) DO UPDATE
SET nlist = EXCLUDED.nlist, dimension = EXCLUDED.dimension,
    sample_size = EXCLUDED.sample_size, trained_for = EXCLUDED.trained_for,
    template = EXCLUDED.template, trained_at = clock_timestamp()
RETURNING trained_at
"""
LATEST = """
SELECT kind, model, nlist, dimension, sample_size, trained_for, trained_at
FROM ivf_quantizers WHERE kind = $1 AND model = $2
"""
TEMPLATE = "SELECT template FROM ivf_quantizers WHERE kind = $1 AND model = $2 AND trained_at = $3"


@dataclass(frozen=True)
class StoredQuantizer:
    """What a training produced, without the template bytes."""

    kind: str
    model: str
    nlist: int
    dimension: int
    sample_size: int
    trained_for: int
    trained_at: datetime


async def save(
    conn: asyncpg.Connection,
    *,
    kind: str,
    model: str,
    nlist: int,
    dimension: int,
    sample_size: int,
    trained_for: int,
    template: bytes,
) -> datetime:
    """Replace the lists of this kind and model; returns their `trained_at`."""
    found: datetime = await conn.fetchval(
        SAVE, kind, model, nlist, dimension, sample_size, trained_for, template
    )
    return found


async def latest(conn: asyncpg.Connection, *, kind: str, model: str) -> StoredQuantizer | None:
    row = await conn.fetchrow(LATEST, kind, model)
    return None if row is None else StoredQuantizer(**dict(row))


async def template(
    conn: asyncpg.Connection, *, kind: str, model: str, trained_at: datetime
) -> bytes | None:
    """The template of that training; None when a newer one replaced it meanwhile."""
    found: bytes | None = await conn.fetchval(TEMPLATE, kind, model, trained_at)
    return found
