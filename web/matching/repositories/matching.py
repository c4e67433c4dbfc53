"""What the matcher needs from PostgreSQL: open vacancies and candidates as engine data.

Deliberately no join with `candidate_restrictions`: the engine's data never carries
justice-related flags; the coach-side route passes them per query.
"""

from __future__ import annotations

from datetime import date

import asyncpg

from matcher.models import Candidate, Vacancy
from web.candidates.repositories import candidates
from web.vacancies.repositories import vacancies

_V = ", ".join(f"v.{c.strip()}" for c in vacancies.COLUMNS.split(","))
_OPEN = "v.status = 'open' AND (v.closing_date IS NULL OR v.closing_date >= $1)"
OPEN_VACANCIES = f"""
SELECT {_V} FROM vacancies v
WHERE {_OPEN} AND ($2::bigint[] IS NULL OR v.id = ANY($2::bigint[])) ORDER BY v.id
"""
OPEN_VACANCIES_PAGE = f"""
SELECT {_V} FROM vacancies v WHERE {_OPEN} AND v.id > $2 ORDER BY v.id LIMIT $3
"""
CANDIDATES_PAGE = f"SELECT {candidates.COLUMNS} FROM candidates WHERE id > $1 ORDER BY id LIMIT $2"
OPEN_VACANCY_IDS = f"SELECT v.id FROM vacancies v WHERE {_OPEN} ORDER BY v.id"
CANDIDATES = f"""
SELECT {candidates.COLUMNS} FROM candidates
WHERE ($1::bigint[] IS NULL OR id = ANY($1::bigint[])) ORDER BY id
"""
CANDIDATE_IDS = "SELECT id FROM candidates ORDER BY id"


async def open_vacancies(
    conn: asyncpg.Connection, *, today: date, ids: list[int] | None = None
) -> list[Vacancy]:
    return _vacancies(await conn.fetch(OPEN_VACANCIES, today, ids))


def _vacancies(rows: list[asyncpg.Record]) -> list[Vacancy]:
    return [vacancies.vacancy_of(row) for row in rows]


async def open_vacancies_page(
    conn: asyncpg.Connection, *, today: date, after_id: int, limit: int
) -> list[Vacancy]:
    """Open vacancies with id > after_id, in id order (for walking all of them in pages)."""
    return _vacancies(await conn.fetch(OPEN_VACANCIES_PAGE, today, after_id, limit))


async def candidates_page(
    conn: asyncpg.Connection, *, after_id: int, limit: int
) -> list[Candidate]:
    return _candidates(await conn.fetch(CANDIDATES_PAGE, after_id, limit))


async def rows_page(
    conn: asyncpg.Connection, *, kind: str, after_id: int, limit: int
) -> list[asyncpg.Record]:
    """One page of raw rows (id > after_id, id order); `as_items` turns them into engine
    data. Split so that a caller can convert a large page off the event loop."""
    if kind == "vacancy":
        return await conn.fetch(OPEN_VACANCIES_PAGE, date.today(), after_id, limit)
    return await conn.fetch(CANDIDATES_PAGE, after_id, limit)


def as_items(kind: str, rows: list[asyncpg.Record]) -> list[Vacancy] | list[Candidate]:
    return _vacancies(rows) if kind == "vacancy" else _candidates(rows)


def _candidates(rows: list[asyncpg.Record]) -> list[Candidate]:
    return [candidates.CandidateRecord(**dict(r)).to_matcher() for r in rows]


async def open_vacancy_ids(conn: asyncpg.Connection, *, today: date) -> list[int]:
    return [r["id"] for r in await conn.fetch(OPEN_VACANCY_IDS, today)]


async def all_candidates(
    conn: asyncpg.Connection, *, ids: list[int] | None = None
) -> list[Candidate]:
    return _candidates(await conn.fetch(CANDIDATES, ids))


async def candidate_ids(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(CANDIDATE_IDS)]
