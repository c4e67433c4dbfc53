"""The SQL of the demo world's simulated history (web/demo/history.py): past suggestions,
the coaches' reviews of them and the placements that followed, written with their own
past timestamps. Only the demo seed writes here: nothing in it happened, so it is not
audited, and the domain services (which stamp `now()`) are bypassed on purpose."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

HAS_HISTORY = """
SELECT EXISTS (SELECT 1 FROM suggestions s JOIN candidates c ON c.id = s.candidate_id
               WHERE c.organisation_id = $1 AND s.model = $2)
"""
OPEN_VACANCY_IDS = "SELECT id FROM vacancies WHERE status = 'open' ORDER BY id"
CANDIDATE_IDS = """
SELECT id FROM candidates WHERE organisation_id = $1 AND user_id IS NULL ORDER BY id
"""
INSERT_SUGGESTIONS = """
INSERT INTO suggestions (candidate_id, vacancy_id, direction, score, breakdown, model,
                         weights, shown_to, created_at)
SELECT u.c, u.v, 'vacancies_for_candidate', u.score, u.breakdown::jsonb, $1, $2::jsonb,
       u.coach, u.at
FROM unnest($3::bigint[], $4::bigint[], $5::real[], $6::text[], $7::bigint[],
            $8::timestamptz[]) AS u(c, v, score, breakdown, coach, at)
RETURNING id
"""
INSERT_REVIEWS = """
INSERT INTO reviews (candidate_id, vacancy_id, suggestion_id, coach_id, decision, reason_code,
                     vacancy_content_hash, created_at)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                     $6::text[], $7::text[], $8::timestamptz[])
RETURNING id
"""
INSERT_PROPOSALS = """
INSERT INTO proposals (candidate_id, vacancy_id, review_id, created_by, created_at, start_date)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[],
                     $5::timestamptz[], $6::date[])
RETURNING id
"""
# One step of each listed proposal (the transition trigger checks every step).
STEP = """
UPDATE proposals p SET state = u.to_state
FROM unnest($1::bigint[], $2::text[]) AS u(id, to_state) WHERE p.id = u.id
"""
SETTLE = """
UPDATE proposals p SET state_changed_at = u.at
FROM unnest($1::bigint[], $2::timestamptz[]) AS u(id, at) WHERE p.id = u.id
"""
INSERT_EVENTS = """
INSERT INTO proposal_events (proposal_id, from_state, to_state, actor_id, created_at)
SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[])
"""


@dataclass(frozen=True)
class PastSuggestion:
    candidate_id: int
    vacancy_id: int
    score: float
    breakdown: dict[str, float]
    coach_id: int
    at: datetime


@dataclass(frozen=True)
class PastReview:
    suggestion_id: int
    candidate_id: int
    vacancy_id: int
    coach_id: int
    decision: str
    reason_code: str
    content_hash: str
    at: datetime


@dataclass(frozen=True)
class PastPlacement:
    review_id: int
    candidate_id: int
    vacancy_id: int
    coach_id: int
    at: datetime
    start_date: date | None
    steps: list[tuple[str, datetime]]  # (state reached, when), in order


async def has_history(conn: asyncpg.Connection, *, organisation_id: int, model: str) -> bool:
    return bool(await conn.fetchval(HAS_HISTORY, organisation_id, model))


async def open_vacancy_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(OPEN_VACANCY_IDS)]


async def candidate_ids(conn: asyncpg.Connection, *, organisation_id: int) -> list[int]:
    """The municipality's candidates without a login (the demo candidate keeps a clean page)."""
    return [r["id"] for r in await conn.fetch(CANDIDATE_IDS, organisation_id)]


async def add_suggestions(
    conn: asyncpg.Connection, *, rows: list[PastSuggestion], model: str, weights: dict
) -> list[int]:
    columns = (
        [r.candidate_id for r in rows],
        [r.vacancy_id for r in rows],
        [r.score for r in rows],
        [json.dumps(r.breakdown) for r in rows],
        [r.coach_id for r in rows],
        [r.at for r in rows],
    )
    return [r["id"] for r in await conn.fetch(INSERT_SUGGESTIONS, model, weights, *columns)]


async def add_reviews(conn: asyncpg.Connection, *, rows: list[PastReview]) -> list[int]:
    columns = (
        [r.candidate_id for r in rows],
        [r.vacancy_id for r in rows],
        [r.suggestion_id for r in rows],
        [r.coach_id for r in rows],
        [r.decision for r in rows],
        [r.reason_code for r in rows],
        [r.content_hash for r in rows],
        [r.at for r in rows],
    )
    return [r["id"] for r in await conn.fetch(INSERT_REVIEWS, *columns)]


async def add_placements(conn: asyncpg.Connection, *, rows: list[PastPlacement]) -> None:
    """Each placement proposed at its time, then moved step by step (as the trigger
    allows), with its events and the time of its last change."""
    if not rows:
        return
    ids = await _insert_proposals(conn, rows)
    await _move_step_by_step(conn, ids, rows)
    last = [p.steps[-1][1] if p.steps else p.at for p in rows]
    await conn.execute(SETTLE, ids, last)
    events = _events(ids, rows)
    await conn.execute(INSERT_EVENTS, *[list(c) for c in zip(*events, strict=True)])


async def _insert_proposals(conn: asyncpg.Connection, rows: list[PastPlacement]) -> list[int]:
    """The placements as proposals at their time; their ids, in order."""
    found = await conn.fetch(
        INSERT_PROPOSALS,
        [p.candidate_id for p in rows],
        [p.vacancy_id for p in rows],
        [p.review_id for p in rows],
        [p.coach_id for p in rows],
        [p.at for p in rows],
        [p.start_date for p in rows],
    )
    return [r["id"] for r in found]


async def _move_step_by_step(
    conn: asyncpg.Connection, ids: list[int], rows: list[PastPlacement]
) -> None:
    """Every proposal through its steps, one step per statement (as the trigger allows)."""
    for depth in range(max(len(p.steps) for p in rows)):
        moving = [
            (i, p.steps[depth][0]) for i, p in zip(ids, rows, strict=True) if len(p.steps) > depth
        ]
        await conn.execute(STEP, [i for i, _ in moving], [s for _, s in moving])


def _events(
    ids: list[int], rows: list[PastPlacement]
) -> list[tuple[int, str | None, str, int, datetime]]:
    """The state changes of each proposal: proposed, then each of its steps."""
    events: list[tuple[int, str | None, str, int, datetime]] = []
    for proposal_id, p in zip(ids, rows, strict=True):
        events.append((proposal_id, None, "proposed", p.coach_id, p.at))
        previous = "proposed"
        for state, at in p.steps:
            events.append((proposal_id, previous, state, p.coach_id, at))
            previous = state
    return events
