"""The suggestion log: every suggestion shown, with what it was computed from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import asyncpg

INSERT = """
INSERT INTO suggestions (candidate_id, vacancy_id, direction, score, breakdown, reasons,
                         warnings, model, index_build_id, weights, shown_to, ranker_version)
SELECT u.candidate_id, u.vacancy_id, $1, u.score, u.breakdown::jsonb, u.reasons::jsonb,
       u.warnings::jsonb, u.model, u.index_build_id, $2, $3, $12
FROM unnest($4::bigint[], $5::bigint[], $6::real[], $7::text[], $8::text[], $9::text[],
            $10::text[], $11::text[])
     AS u(candidate_id, vacancy_id, score, breakdown, reasons, warnings, model, index_build_id)
RETURNING id
"""
# A suggestion a review may point at: this pair's, of a candidate of this organisation.
OF_PAIR = """
SELECT s.id FROM suggestions s JOIN candidates c ON c.id = s.candidate_id
WHERE s.id = $1 AND s.candidate_id = $2 AND s.vacancy_id = $3 AND c.organisation_id = $4
"""


@dataclass(frozen=True)
class SuggestionEntry:
    candidate_id: int
    vacancy_id: int
    score: float
    breakdown: dict[str, Any]
    reasons: list[str]
    warnings: list[str]
    model: str
    index_build_id: str | None


async def log_shown(
    conn: asyncpg.Connection,
    *,
    direction: str,
    entries: list[SuggestionEntry],
    weights: dict[str, float],
    shown_to: int | None,
    ranker_version: int | None = None,
) -> list[int]:
    """Write the suggestions a user was shown, with the weights and the ranker version
    (None: hand-set) that ranked them; returns their log ids, in order."""
    if not entries:
        return []
    columns = [list(c) for c in zip(*[_row(e) for e in entries], strict=True)]
    rows = await conn.fetch(INSERT, direction, weights, shown_to, *columns, ranker_version)
    return [r["id"] for r in rows]


def _row(e: SuggestionEntry) -> tuple[Any, ...]:
    # JSON travels as text and is cast in SQL: asyncpg cannot encode a jsonb[] of lists.
    return (
        e.candidate_id,
        e.vacancy_id,
        e.score,
        json.dumps(e.breakdown),
        json.dumps(e.reasons),
        json.dumps(e.warnings),
        e.model,
        e.index_build_id,
    )


async def is_of_pair(
    conn: asyncpg.Connection,
    *,
    suggestion_id: int,
    candidate_id: int,
    vacancy_id: int,
    organisation_id: int,
) -> bool:
    """True when the logged suggestion is of this candidate and vacancy, and the candidate
    belongs to this organisation."""
    args = (suggestion_id, candidate_id, vacancy_id, organisation_id)
    return await conn.fetchval(OF_PAIR, *args) is not None
