"""Index builds: which FAISS build a suggestion came from."""

from __future__ import annotations

import asyncpg

INSERT = """
INSERT INTO index_builds (id, kind, model, size, checksum) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (id) DO UPDATE SET checksum = coalesce(EXCLUDED.checksum, index_builds.checksum)
"""


async def record(
    conn: asyncpg.Connection,
    *,
    build_id: str,
    kind: str,
    model: str,
    size: int,
    checksum: str | None = None,
) -> None:
    """A build a suggestion can name; `checksum` (ids and text hashes of its contents)
    when it was saved, so a saved file can be matched to its build."""
    await conn.execute(INSERT, build_id, kind, model, size, checksum)
