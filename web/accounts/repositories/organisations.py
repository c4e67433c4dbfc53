"""Organisations: the municipal team, staffing agencies and employers."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

KINDS = ("municipality", "agency", "employer")

INSERT = """
INSERT INTO organisations (kind, name, slug, second_chance)
VALUES ($1, $2, $3, $4)
ON CONFLICT (slug) DO NOTHING
RETURNING id, kind, name, slug, second_chance
"""
BY_SLUG = "SELECT id, kind, name, slug, second_chance FROM organisations WHERE slug = $1"
BY_ID = "SELECT id, kind, name, slug, second_chance FROM organisations WHERE id = $1"
ALL = "SELECT id, kind, name, slug, second_chance FROM organisations ORDER BY kind, name"
# The kill switch: only a municipality has one (agencies and employers get no suggestions).
SUGGESTIONS_ON = """
SELECT automatic_suggestions FROM organisations WHERE id = $1 AND kind = 'municipality'
"""
SET_SUGGESTIONS = """
UPDATE organisations SET automatic_suggestions = $2 WHERE id = $1 AND kind = 'municipality'
RETURNING id
"""


@dataclass(frozen=True)
class Organisation:
    id: int
    kind: str
    name: str
    slug: str
    second_chance: bool = False


class DuplicateOrganisation(Exception):
    pass


async def create(
    conn: asyncpg.Connection, *, kind: str, name: str, slug: str, second_chance: bool = False
) -> Organisation:
    """Create an organisation; raises DuplicateOrganisation when the slug is taken."""
    row = await conn.fetchrow(INSERT, kind, name, slug, second_chance)
    if row is None:
        raise DuplicateOrganisation(f"an organisation with slug '{slug}' already exists")
    return Organisation(**dict(row))


async def by_slug(conn: asyncpg.Connection, *, slug: str) -> Organisation | None:
    row = await conn.fetchrow(BY_SLUG, slug)
    return Organisation(**dict(row)) if row else None


async def by_id(conn: asyncpg.Connection, *, organisation_id: int) -> Organisation | None:
    row = await conn.fetchrow(BY_ID, organisation_id)
    return Organisation(**dict(row)) if row else None


async def list_all(conn: asyncpg.Connection) -> list[Organisation]:
    return [Organisation(**dict(r)) for r in await conn.fetch(ALL)]


async def suggestions_on(conn: asyncpg.Connection, *, organisation_id: int) -> bool:
    """False when the municipality's admin pulled the kill switch, or for an
    organisation that is not a municipality."""
    return bool(await conn.fetchval(SUGGESTIONS_ON, organisation_id))


async def set_suggestions(conn: asyncpg.Connection, *, organisation_id: int, enabled: bool) -> bool:
    """Set a municipality's kill switch; False when it is not a municipality."""
    return await conn.fetchval(SET_SUGGESTIONS, organisation_id, enabled) is not None
