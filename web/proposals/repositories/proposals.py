"""Reviews (a jobcoach's decision), proposals and their timeline events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

INSERT_REVIEW = """
INSERT INTO reviews (candidate_id, vacancy_id, suggestion_id, coach_id, decision, reason_code,
                     note, vacancy_content_hash)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (candidate_id, vacancy_id, vacancy_content_hash, decision) DO NOTHING
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
v.title AS vacancy_title, v.employer_name, v.city, v.organisation_id, p.start_date,
(SELECT c.to_state FROM placement_checkins c WHERE c.from_state = p.state) AS next_checkin,
checkin_opens_on(p.state, p.start_date) AS checkin_opens_on,
coalesce(checkin_opens_on(p.state, p.start_date) <= local_today(), false) AS checkin_open
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
# A hire without a start date gets the day of the hire from the transition trigger.
SET_STATE = """
UPDATE proposals SET state = $3, end_reason = coalesce($4, end_reason),
    start_date = coalesce($5, start_date)
WHERE id = $1 AND state = $2 RETURNING id
"""
SET_START_DATE = """
UPDATE proposals SET start_date = $2 WHERE id = $1 AND start_date IS NOT NULL RETURNING id
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
# Check-ins that have opened (1, 3 and 6 months after the start date, on the Dutch day;
# placement_checkins in migrations/0012) and are not recorded yet: due since `due_on`.
# NULL filters mean everyone (reminders); a coach's or a caseload's otherwise.
CHECKINS_DUE = """
SELECT p.id AS proposal_id, p.candidate_id, k.coach_id, c.to_state AS checkin,
       checkin_opens_on(p.state, p.start_date) AS due_on,
       local_today() - checkin_opens_on(p.state, p.start_date) AS days_since_due,
       v.title AS vacancy_title, v.employer_name
FROM proposals p
JOIN placement_checkins c ON c.from_state = p.state
JOIN candidates k ON k.id = p.candidate_id
JOIN vacancies v ON v.id = p.vacancy_id
WHERE checkin_opens_on(p.state, p.start_date) <= local_today()
  AND ($1::bigint[] IS NULL OR p.candidate_id = ANY($1::bigint[]))
  AND ($2::bigint IS NULL OR k.coach_id = $2)
ORDER BY due_on, p.id
"""
# Which of these candidates already have a proposal for which of these vacancies.
PAIRS = """
SELECT candidate_id, vacancy_id, state FROM proposals
WHERE candidate_id = ANY($1::bigint[]) AND vacancy_id = ANY($2::bigint[])
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
    start_date: date | None  # set from the hire on
    next_checkin: str | None  # the check-in state that follows this one, if any
    checkin_opens_on: date | None  # the day that check-in can be recorded
    checkin_open: bool  # that day has come (Europe/Amsterdam)


@dataclass(frozen=True)
class CheckinDue:
    """A check-in that can be recorded and is not yet: due since `due_on`."""

    proposal_id: int
    candidate_id: int
    coach_id: int | None
    checkin: str  # working_1m, working_3m or working_6m
    due_on: date
    days_since_due: int  # 0 on the day it opens
    vacancy_title: str
    employer_name: str | None


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
    """The new review's id, or None when this pair (at this vacancy version) was decided
    so before (the same decision: a double click or two coaches at once)."""
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
    start_date: date | None = None,
) -> bool:
    """Move a proposal on; False when it was no longer in `from_state` (someone was first).

    An illegal transition raises asyncpg.CheckViolationError from the trigger."""
    args = (proposal_id, from_state, to_state, end_reason, start_date)
    return await conn.fetchval(SET_STATE, *args) is not None


async def set_start_date(conn: asyncpg.Connection, *, proposal_id: int, start_date: date) -> bool:
    """Change the start date of a placement; False when it was never hired."""
    return await conn.fetchval(SET_START_DATE, proposal_id, start_date) is not None


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


async def checkins_due(
    conn: asyncpg.Connection,
    *,
    candidate_ids: list[int] | None = None,
    coach_id: int | None = None,
) -> list[CheckinDue]:
    """Every check-in that is due or overdue, longest due first; only of these candidates
    and/or this coach's candidates when given."""
    rows = await conn.fetch(CHECKINS_DUE, candidate_ids, coach_id)
    return [CheckinDue(**dict(r)) for r in rows]


async def states_of_pairs(
    conn: asyncpg.Connection, *, candidate_ids: list[int], vacancy_ids: list[int]
) -> dict[tuple[int, int], str]:
    """(candidate id, vacancy id) → the state of its proposal, for the pairs that have one."""
    rows = await conn.fetch(PAIRS, candidate_ids, vacancy_ids)
    return {(r["candidate_id"], r["vacancy_id"]): r["state"] for r in rows}
