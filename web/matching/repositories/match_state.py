"""Stored suggestion lists per candidate (`candidate_match_state`) and what is fresh.

A *fresh* suggestion is a vacancy in the candidate's current suggestion list that is
still open and has no decision that holds (SQL function `decision_holds`: an approval,
or a rejection of the vacancy as it still is). The caseload counts them from here; the
candidate page filters its live list with the same function.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import asyncpg

UPSERT = """
INSERT INTO candidate_match_state (candidate_id, vacancy_ids, scores, index_build)
SELECT u.candidate_id, u.vacancy_ids::bigint[], u.scores::real[], $4
FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(candidate_id, vacancy_ids, scores)
WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.id = u.candidate_id)
ON CONFLICT (candidate_id) DO UPDATE SET
    vacancy_ids = EXCLUDED.vacancy_ids, scores = EXCLUDED.scores,
    index_build = EXCLUDED.index_build, computed_at = now()
"""
FRESH_COUNTS = """
SELECT s.candidate_id, count(v.id) AS fresh
FROM candidate_match_state s
LEFT JOIN LATERAL unnest(s.vacancy_ids) AS u(vacancy_id) ON true
LEFT JOIN vacancies v ON v.id = u.vacancy_id AND v.status = 'open'
    AND (v.closing_date IS NULL OR v.closing_date >= current_date)
    AND NOT decision_holds(s.candidate_id, v.id, v.content_hash)
WHERE s.candidate_id = ANY($1::bigint[])
GROUP BY s.candidate_id
"""
HELD = """
SELECT DISTINCT r.vacancy_id FROM reviews r JOIN vacancies v ON v.id = r.vacancy_id
WHERE r.candidate_id = $1 AND decision_holds(r.candidate_id, r.vacancy_id, v.content_hash)
"""


@dataclass(frozen=True)
class SuggestionList:
    candidate_id: int
    vacancy_ids: list[int]
    scores: list[float]


async def store(
    conn: asyncpg.Connection, *, lists: list[SuggestionList], index_build: str | None
) -> None:
    """Replace the stored lists of these candidates (erased candidates are skipped)."""
    if not lists:
        return
    await conn.execute(
        UPSERT,
        [s.candidate_id for s in lists],
        [_array(s.vacancy_ids) for s in lists],
        [_array(round(x, 4) for x in s.scores) for s in lists],
        index_build,
    )


async def fresh_counts(conn: asyncpg.Connection, *, candidate_ids: list[int]) -> dict[int, int]:
    """Fresh suggestions in each stored list; candidates without a list yet are absent."""
    rows = await conn.fetch(FRESH_COUNTS, candidate_ids)
    return {r["candidate_id"]: r["fresh"] for r in rows}


async def held_decisions(conn: asyncpg.Connection, *, candidate_id: int) -> set[int]:
    """Vacancies whose latest decision for this candidate still holds."""
    return {r["vacancy_id"] for r in await conn.fetch(HELD, candidate_id)}


def _array(values: Iterable[object]) -> str:
    return "{" + ",".join(str(v) for v in values) + "}"
