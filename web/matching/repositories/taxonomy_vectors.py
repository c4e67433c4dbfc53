"""ESCO label vectors shared through PostgreSQL (one store per embedding model)."""

from __future__ import annotations

import asyncpg

UPSERT = """
INSERT INTO taxonomy_vectors (model, store) VALUES ($1, $2)
ON CONFLICT (model) DO UPDATE SET store = EXCLUDED.store, updated_at = now()
WHERE taxonomy_vectors.store IS DISTINCT FROM EXCLUDED.store
"""
DIGEST = "SELECT encode(sha256(store), 'hex') FROM taxonomy_vectors WHERE model = $1"
STORE = "SELECT store FROM taxonomy_vectors WHERE model = $1"


async def save(conn: asyncpg.Connection, *, model: str, store: bytes) -> None:
    await conn.execute(UPSERT, model, store)


async def digest(conn: asyncpg.Connection, *, model: str) -> str | None:
    """sha256 hex of the stored store, or None when no worker stored one yet."""
    found: str | None = await conn.fetchval(DIGEST, model)
    return found


async def load(conn: asyncpg.Connection, *, model: str) -> bytes | None:
    found: bytes | None = await conn.fetchval(STORE, model)
    return found
