"""Index builds: which FAISS build a suggestion came from."""

from __future__ import annotations

import asyncpg

INSERT = """
INSERT INTO index_builds (id, kind, model, size) VALUES ($1, $2, $3, $4)
ON CONFLICT (id) DO NOTHING
"""


async def record(
    conn: asyncpg.Connection, *, build_id: str, kind: str, model: str, size: int
) -> None:
    await conn.execute(INSERT, build_id, kind, model, size)
