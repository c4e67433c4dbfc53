"""Reviews (a jobcoach's decision), proposals and their timeline events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

INSERT_REVIEW = """
INSERT INTO reviews (candidate_id, vacancy_id, suggestion_id, coach_id, decision, reason_code,
                     note, vacancy_content_hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (candidate_id, vacancy_id, vacancy_content_hash) DO NOTHING
RETURNING id
"""
INSERT_PROPOSAL = """
INSERT INTO proposals (candidate_id, vacancy_id, review_id, created_by) VALUES ($1, $2, $3, $4)
ON CONFLICT (candidate_id, vacancy_id) DO NOTHING
RETURNING id
"""
# An erased candidate's proposal names the former id, which is the tombstone's.
_PROPOSAL = """
p.id, coalesce(p.candidate_id, p.erased_candidate_id) AS candidate_id, p.vacancy_id, p.state,
p.end_reason, p.created_at, p.state_changed_at,
v.title AS vacancy_title, v.employer_name, v.city, v.organisation_id
"""
BY_ID = (
    f"SELECT {_PROPOSAL} FROM proposals p JOIN vacancies v ON v.id = p.vacancy_id WHERE p.id = $1"
)
FOR_PAIR = f"""
SELECT {_PROPOSAL} FROM proposals p JOIN vacancies v ON v.id = p.vacancy_id
WHERE p.candidate_id = $1 AND p.vacancy_id = $2
"""
FOR_CANDIDATE = f"""
SELECT {_PROPOSAL} FROM proposals p JOIN vacancies v ON v.id = p.vacancy_id
WHERE p.candidate_id = $1 ORDER BY p.created_at DESC, p.id DESC
"""
SET_STATE = """
UPDATE proposals SET state = $3, end_reason = coalesce($4, end_reason)
WHERE id = $1 AND state = $2 RETURNING id
"""
INSERT_EVENT = """
INSERT INTO proposal_events (proposal_id, from_state, to_state, actor_id, reason_code, note)
VALUES ($1, $2, $3, $4, $5, $6)
"""
TIMELINE = """
SELECT e.id, e.proposal_id, e.from_state, e.to_state, e.reason_code, e.note, e.created_at,
       u.display_name AS actor_name, u.role AS actor_role, v.title AS vacancy_title
FROM proposal_events e
JOIN proposals p ON p.id = e.proposal_id
JOIN vacancies v ON v.id = p.vacancy_id
LEFT JOIN users u ON u.id = e.actor_id
WHERE p.candidate_id = $1 ORDER BY e.created_at DESC, e.id DESC
"""
TRANSITIONS = "SELECT from_state, to_state FROM proposal_transitions"
# FOR SHARE: a close or an import of this vacancy waits until the proposal is committed,
# so a proposal is only ever made for a vacancy that is open at that moment.
VACANCY_OPENNESS = """
SELECT status, coalesce(closing_date < current_date, false) AS expired
FROM vacancies WHERE id = $1 FOR SHARE
"""
REVIEWED = """
SELECT DISTINCT ON (vacancy_id) vacancy_id, decision, vacancy_content_hash
FROM reviews WHERE candidate_id = $1 ORDER BY vacancy_id, created_at DESC
"""
OPEN_COUNTS = """
SELECT candidate_id, count(*) AS open_proposals
FROM proposals WHERE candidate_id = ANY($1::bigint[])
  AND state NOT IN ('candidate_declined', 'declined_by_agency', 'withdrawn', 'ended', 'working_6m')
GROUP BY candidate_id
"""
CHECKINS_DUE = """
SELECT candidate_id, count(*) AS due FROM proposals
WHERE candidate_id = ANY($1::bigint[]) AND (
  (state = 'hired' AND state_changed_at <= now() - interval '1 month') OR
  (state = 'working_1m' AND state_changed_at <= now() - interval '2 months') OR
  (state = 'working_3m' AND state_changed_at <= now() - interval '3 months'))
GROUP BY candidate_id
"""


@dataclass(frozen=True)
class Proposal:
    id: int
    candidate_id: int
    vacancy_id: int
    state: str
    end_reason: str | None
    created_at: datetime
    state_changed_at: datetime
    vacancy_title: str
    employer_name: str | None
    city: str | None
    organisation_id: int


@dataclass(frozen=True)
class VacancyOpenness:
    status: str  # open, closed or filled
    expired: bool  # the closing date has passed (the database's today)


@dataclass(frozen=True)
class TimelineEvent:
    id: int
    proposal_id: int
    from_state: str | None
    to_state: str
    reason_code: str | None
    note: str
    created_at: datetime
    actor_name: str | None
    actor_role: str | None
    vacancy_title: str


async def insert_review(
    conn: asyncpg.Connection,
    *,
    candidate_id: int,
    vacancy_id: int,
    suggestion_id: int | None,
    coach_id: int,
    decision: str,
    reason_code: str,
    note: str,
    vacancy_content_hash: str,
) -> int | None:
    """The new review's id, or None when this pair (at this vacancy version) was decided."""
    args = (candidate_id, vacancy_id, suggestion_id, coach_id, decision, reason_code, note)
    return await conn.fetchval(INSERT_REVIEW, *args, vacancy_content_hash)


async def vacancy_openness(conn: asyncpg.Connection, *, vacancy_id: int) -> VacancyOpenness | None:
    """Whether a vacancy can still be proposed, locked until the transaction ends."""
    row = await conn.fetchrow(VACANCY_OPENNESS, vacancy_id)
    return VacancyOpenness(**dict(row)) if row else None


async def insert_proposal(
    conn: asyncpg.Connection, *, candidate_id: int, vacancy_id: int, review_id: int, created_by: int
) -> int | None:
    return await conn.fetchval(INSERT_PROPOSAL, candidate_id, vacancy_id, review_id, created_by)


async def by_id(conn: asyncpg.Connection, *, proposal_id: int) -> Proposal | None:
    row = await conn.fetchrow(BY_ID, proposal_id)
    return Proposal(**dict(row)) if row else None


async def for_pair(
    conn: asyncpg.Connection, *, candidate_id: int, vacancy_id: int
) -> Proposal | None:
    row = await conn.fetchrow(FOR_PAIR, candidate_id, vacancy_id)
    return Proposal(**dict(row)) if row else None


async def for_candidate(conn: asyncpg.Connection, *, candidate_id: int) -> list[Proposal]:
    return [Proposal(**dict(r)) for r in await conn.fetch(FOR_CANDIDATE, candidate_id)]


async def set_state(
    conn: asyncpg.Connection,
    *,
    proposal_id: int,
    from_state: str,
    to_state: str,
    end_reason: str | None = None,
) -> bool:
    """Move a proposal on; False when it was no longer in `from_state` (someone was first).

    An illegal transition raises asyncpg.CheckViolationError from the trigger."""
    return await conn.fetchval(SET_STATE, proposal_id, from_state, to_state, end_reason) is not None


async def add_event(
    conn: asyncpg.Connection,
    *,
    proposal_id: int,
    from_state: str | None,
    to_state: str,
    actor_id: int | None,
    reason_code: str | None = None,
    note: str = "",
) -> None:
    await conn.execute(INSERT_EVENT, proposal_id, from_state, to_state, actor_id, reason_code, note)


async def timeline(conn: asyncpg.Connection, *, candidate_id: int) -> list[TimelineEvent]:
    return [TimelineEvent(**dict(r)) for r in await conn.fetch(TIMELINE, candidate_id)]


async def transitions(conn: asyncpg.Connection) -> dict[str, set[str]]:
    allowed: dict[str, set[str]] = {}
    for row in await conn.fetch(TRANSITIONS):
        allowed.setdefault(row["from_state"], set()).add(row["to_state"])
    return allowed


async def reviewed(conn: asyncpg.Connection, *, candidate_id: int) -> dict[int, tuple[str, str]]:
    """Latest decision per vacancy: vacancy id → (decision, vacancy content hash then)."""
    rows = await conn.fetch(REVIEWED, candidate_id)
    return {r["vacancy_id"]: (r["decision"], r["vacancy_content_hash"]) for r in rows}


async def open_counts(conn: asyncpg.Connection, *, candidate_ids: list[int]) -> dict[int, int]:
    rows = await conn.fetch(OPEN_COUNTS, candidate_ids)
    return {r["candidate_id"]: r["open_proposals"] for r in rows}


async def checkins_due(conn: asyncpg.Connection, *, candidate_ids: list[int]) -> dict[int, int]:
    rows = await conn.fetch(CHECKINS_DUE, candidate_ids)
    return {r["candidate_id"]: r["due"] for r in rows}
