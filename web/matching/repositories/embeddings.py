"""Stored embeddings: one unit vector per (kind, object, model), with its text hash.

The FAISS indexes are derived from this table, so a restart rebuilds them without
embedding anything, and unchanged text is never embedded twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg
import numpy as np

STORED = """
SELECT object_id, text_hash, vector FROM embeddings
WHERE kind = $1 AND model = $2 AND dimension = $3 ORDER BY object_id
"""
UPSERT = """
INSERT INTO embeddings (kind, object_id, model, dimension, vector, text_hash)
SELECT $1, u.object_id, $2, $3, u.vector, u.text_hash
FROM unnest($4::bigint[], $5::bytea[], $6::text[]) AS u(object_id, vector, text_hash)
ON CONFLICT (kind, object_id, model) DO UPDATE
SET vector = EXCLUDED.vector, text_hash = EXCLUDED.text_hash, dimension = EXCLUDED.dimension,
    created_at = now()
"""
BY_IDS = """
SELECT object_id, text_hash, vector FROM embeddings
WHERE kind = $1 AND model = $2 AND ($3::int IS NULL OR dimension = $3)
  AND object_id = ANY($4::bigint[])
ORDER BY object_id
"""
HASHES = """
SELECT object_id, text_hash FROM embeddings
WHERE kind = $1 AND model = $2 AND object_id = ANY($3::bigint[])
"""
COUNT = "SELECT count(*) FROM embeddings WHERE kind = $1 AND model = $2"
# Each row with probability $3: a uniform sample without sorting the table.
SAMPLE = "SELECT vector FROM embeddings WHERE kind = $1 AND model = $2 AND random() < $3"
SAMPLE_PAGE = 10_000


@dataclass(frozen=True)
class StoredEmbeddings:
    ids: np.ndarray  # int64, sorted
    text_hashes: list[str]
    vectors: np.ndarray  # (n, dimension) float32

    def by_id(self) -> dict[int, tuple[str, np.ndarray]]:
        return {
            int(i): (h, self.vectors[row])
            for row, (i, h) in enumerate(zip(self.ids.tolist(), self.text_hashes, strict=True))
        }


async def stored(
    conn: asyncpg.Connection,
    *,
    kind: str,
    model: str,
    dimension: int | None,
    ids: list[int] | None = None,
) -> StoredEmbeddings:
    """Every stored vector of a kind and model, or only those of `ids` (by primary key:
    one changed object costs one row, not a scan of all of them). `dimension` None:
    whatever the model stored (so a reader need not load the model to know it)."""
    if ids is None:
        assert dimension is not None, "a full read names the dimension"
        rows = await conn.fetch(STORED, kind, model, dimension)
    else:
        rows = await conn.fetch(BY_IDS, kind, model, dimension, ids)
    return _unpack(rows, dimension)


def _unpack(rows: list[asyncpg.Record], dimension: int | None) -> StoredEmbeddings:
    if dimension is None:
        dimension = len(rows[0]["vector"]) // 4 if rows else 0
    ids = np.fromiter((r["object_id"] for r in rows), dtype=np.int64, count=len(rows))
    blob = b"".join(r["vector"] for r in rows)
    vectors = np.frombuffer(blob, dtype="<f4").reshape(len(rows), dimension).astype(np.float32)
    return StoredEmbeddings(ids, [r["text_hash"] for r in rows], vectors)


async def store(
    conn: asyncpg.Connection,
    *,
    kind: str,
    model: str,
    ids: list[int],
    vectors: np.ndarray,
    text_hashes: list[str],
) -> None:
    """Upsert vectors (float32, little-endian bytes) for these objects."""
    if not ids:
        return
    blobs = [np.asarray(v, dtype="<f4").tobytes() for v in vectors]
    await conn.execute(UPSERT, kind, model, int(vectors.shape[1]), ids, blobs, text_hashes)


async def hashes(
    conn: asyncpg.Connection, *, kind: str, model: str, ids: list[int]
) -> dict[int, str]:
    """Text hash of the stored vector per object id (objects without one are absent)."""
    rows = await conn.fetch(HASHES, kind, model, ids)
    return {r["object_id"]: r["text_hash"] for r in rows}


async def count(conn: asyncpg.Connection, *, kind: str, model: str) -> int:
    return int(await conn.fetchval(COUNT, kind, model))


async def sample_vectors(
    conn: asyncpg.Connection, *, kind: str, model: str, share: float
) -> np.ndarray:
    """About `share` (0-1) of the stored vectors of a kind and model, picked at random
    and read in pages: (n, dimension) float32, e.g. the sample IVF lists are trained on."""
    pages: list[np.ndarray] = []
    async with conn.transaction():
        cursor = await conn.cursor(SAMPLE, kind, model, share)
        while rows := await cursor.fetch(SAMPLE_PAGE):
            blob = b"".join(r["vector"] for r in rows)
            pages.append(np.frombuffer(blob, dtype="<f4").reshape(len(rows), -1).astype(np.float32))
    return np.concatenate(pages) if pages else np.empty((0, 0), dtype=np.float32)
