"""Per-organisation API keys: shown once, stored as sha256, revocable.

A key acts for the agency user who made it, so it works only while that user does: a
disabled user, or one moved to another organisation, takes their keys with them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

KEY_PREFIX = "pk_"
_COLUMNS = "id, organisation_id, name, prefix, created_by, created_at, revoked_at"
INSERT = f"""
INSERT INTO api_keys (organisation_id, name, prefix, key_hash, created_by)
VALUES ($1, $2, $3, $4, $5) RETURNING {_COLUMNS}
"""
FOR_ORGANISATION = f"""
SELECT {_COLUMNS} FROM api_keys WHERE organisation_id = $1
ORDER BY revoked_at IS NOT NULL, created_at DESC, id DESC
"""
LIVE_BY_HASH = """
SELECT k.id, k.organisation_id, k.name, k.prefix, k.created_by, k.created_at, k.revoked_at
FROM api_keys k JOIN users u ON u.id = k.created_by
WHERE k.key_hash = $1 AND k.revoked_at IS NULL
  AND u.disabled_at IS NULL AND u.organisation_id = k.organisation_id
"""
REVOKE = """
UPDATE api_keys SET revoked_at = now()
WHERE id = $1 AND organisation_id = $2 AND revoked_at IS NULL RETURNING id
"""


@dataclass(frozen=True)
class ApiKey:
    id: int
    organisation_id: int
    name: str
    prefix: str
    created_by: int | None
    created_at: datetime
    revoked_at: datetime | None


def key_hash(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8")).digest()


async def create(
    conn: asyncpg.Connection, *, organisation_id: int, name: str, created_by: int | None
) -> tuple[ApiKey, str]:
    """A new key; returns the record and the key itself (never stored, shown once)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = await conn.fetchrow(
        INSERT, organisation_id, name.strip()[:100], key[:10], key_hash(key), created_by
    )
    assert row is not None
    return ApiKey(**dict(row)), key


async def for_organisation(conn: asyncpg.Connection, *, organisation_id: int) -> list[ApiKey]:
    return [ApiKey(**dict(r)) for r in await conn.fetch(FOR_ORGANISATION, organisation_id)]


async def lookup(conn: asyncpg.Connection, *, key: str) -> ApiKey | None:
    """The live key record for this key, or None (unknown, revoked, or its user is
    gone: disabled or no longer in the key's organisation)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    row = await conn.fetchrow(LIVE_BY_HASH, key_hash(key))
    return ApiKey(**dict(row)) if row else None


async def revoke(conn: asyncpg.Connection, *, key_id: int, organisation_id: int) -> bool:
    """Revoke a key of this organisation; False when there is no such live key."""
    return await conn.fetchval(REVOKE, key_id, organisation_id) is not None
