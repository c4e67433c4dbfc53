"""Consents: a candidate lets the agency of one proposal see their name and contact.

At most one active consent per proposal (a partial unique index); withdrawing sets
`withdrawn_at`, which the agency queries read at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

# ON CONFLICT on the partial index: a double click gives one consent, not an error.
GIVE = """
INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)
ON CONFLICT (proposal_id) WHERE withdrawn_at IS NULL DO NOTHING
RETURNING id
"""
WITHDRAW = """
UPDATE consents SET withdrawn_at = now()
WHERE proposal_id = $1 AND candidate_id = $2 AND withdrawn_at IS NULL
RETURNING id
"""
ACTIVE = """
SELECT proposal_id FROM consents
WHERE candidate_id = $1 AND withdrawn_at IS NULL
"""
FOR_CANDIDATE = """
SELECT k.id, k.proposal_id, v.title AS vacancy_title, k.given_at, k.withdrawn_at
FROM consents k JOIN proposals p ON p.id = k.proposal_id JOIN vacancies v ON v.id = p.vacancy_id
WHERE k.candidate_id = $1 ORDER BY k.given_at DESC, k.id DESC
"""


@dataclass(frozen=True)
class Consent:
    id: int
    proposal_id: int
    vacancy_title: str
    given_at: datetime
    withdrawn_at: datetime | None


async def give(conn: asyncpg.Connection, *, proposal_id: int, candidate_id: int) -> int | None:
    """The new consent's id, or None when an active consent already exists."""
    return await conn.fetchval(GIVE, proposal_id, candidate_id)


async def withdraw(conn: asyncpg.Connection, *, proposal_id: int, candidate_id: int) -> int | None:
    """The withdrawn consent's id, or None when there was no active consent."""
    return await conn.fetchval(WITHDRAW, proposal_id, candidate_id)


async def active_proposal_ids(conn: asyncpg.Connection, *, candidate_id: int) -> set[int]:
    return {r["proposal_id"] for r in await conn.fetch(ACTIVE, candidate_id)}


async def for_candidate(conn: asyncpg.Connection, *, candidate_id: int) -> list[Consent]:
    return [Consent(**dict(r)) for r in await conn.fetch(FOR_CANDIDATE, candidate_id)]
