"""An agency's API keys: made (shown once, stored as a hash) and revoked, each audited."""

from __future__ import annotations

import asyncpg

from web.accounts.repositories import api_keys
from web.accounts.repositories.api_keys import ApiKey
from web.accounts.repositories.users import User
from web.errors import NotFound
from web.oversight.repositories import audit


async def listed(conn: asyncpg.Connection, agency: User) -> list[ApiKey]:
    """The keys of the user's organisation (their hashes never leave the database)."""
    return await api_keys.for_organisation(conn, organisation_id=agency.organisation_id)


async def create(conn: asyncpg.Connection, agency: User, *, name: str) -> tuple[ApiKey, str]:
    """A new key for the user's organisation and its secret (the only time it is seen)."""
    key, secret = await api_keys.create(
        conn, organisation_id=agency.organisation_id, name=name, created_by=agency.id
    )
    await _audit(conn, agency, "api_key_created", key.id)
    return key, secret


async def revoke(conn: asyncpg.Connection, agency: User, *, key_id: int) -> None:
    if not await api_keys.revoke(conn, key_id=key_id, organisation_id=agency.organisation_id):
        raise NotFound("Deze sleutel bestaat niet.")
    await _audit(conn, agency, "api_key_revoked", key_id)


async def _audit(conn: asyncpg.Connection, agency: User, action: str, key_id: int) -> None:
    await audit.record_by(conn, agency, action=action, object_type="api_key", object_id=key_id)
