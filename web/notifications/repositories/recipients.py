"""Who is told about an event: active accounts only, each with the delivery they chose
(None: never chose, the role's default applies)."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

_RECIPIENT = "u.id AS user_id, u.role, np.delivery"
_PREFERENCE = "LEFT JOIN notification_preferences np ON np.user_id = u.id"
# Everyone of the agency or employer whose vacancy the proposal is for.
AGENCY_OF_PROPOSAL = f"""
SELECT {_RECIPIENT} FROM proposals p
JOIN vacancies v ON v.id = p.vacancy_id
JOIN users u ON u.organisation_id = v.organisation_id AND u.role = 'agency'
{_PREFERENCE}
WHERE p.id = $1 AND u.disabled_at IS NULL ORDER BY u.id
"""
# The candidate's coach; the coach who proposed when the candidate has none.
COACH_OF_PROPOSAL = f"""
SELECT {_RECIPIENT} FROM proposals p
JOIN candidates c ON c.id = p.candidate_id
JOIN users u ON u.id = coalesce(c.coach_id, p.created_by)
{_PREFERENCE}
WHERE p.id = $1 AND u.disabled_at IS NULL
"""
CANDIDATE_OF_PROPOSAL = f"""
SELECT {_RECIPIENT} FROM proposals p
JOIN candidates c ON c.id = p.candidate_id
JOIN users u ON u.id = c.user_id
{_PREFERENCE}
WHERE p.id = $1 AND u.disabled_at IS NULL
"""


@dataclass(frozen=True)
class Recipient:
    user_id: int
    role: str
    delivery: str | None  # None: the role's default


async def _fetch(conn: asyncpg.Connection, query: str, object_id: int) -> list[Recipient]:
    return [Recipient(**dict(r)) for r in await conn.fetch(query, object_id)]


async def agency_of_proposal(conn: asyncpg.Connection, *, proposal_id: int) -> list[Recipient]:
    return await _fetch(conn, AGENCY_OF_PROPOSAL, proposal_id)


async def coach_of_proposal(conn: asyncpg.Connection, *, proposal_id: int) -> list[Recipient]:
    return await _fetch(conn, COACH_OF_PROPOSAL, proposal_id)


async def candidate_of_proposal(conn: asyncpg.Connection, *, proposal_id: int) -> list[Recipient]:
    return await _fetch(conn, CANDIDATE_OF_PROPOSAL, proposal_id)
