"""The decided suggestions of one municipality, as labels for learning the weights.

Each coach's review of a logged suggestion, with the component values the suggestion
was shown with and how far the placement got. Only the score's components, the
decision, its reason code and the placement states are read: never a restriction, a
note or a name. Rejections whose reason is not about the match are not read at all
(web/ranker/labels.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

# $1 municipality, $2 the reject reason codes that are about the match.
DECIDED = """
SELECT r.candidate_id, r.vacancy_id, r.decision, r.created_at AS decided_at, s.breakdown,
       coalesce((SELECT array_agg(DISTINCT e.to_state)
                 FROM proposals p JOIN proposal_events e ON e.proposal_id = p.id
                 WHERE p.candidate_id = r.candidate_id AND p.vacancy_id = r.vacancy_id),
                '{}') AS reached
FROM reviews r
JOIN candidates c ON c.id = r.candidate_id
JOIN LATERAL (
    SELECT s.breakdown FROM suggestions s
    WHERE s.candidate_id = r.candidate_id AND s.vacancy_id = r.vacancy_id
      AND (s.id = r.suggestion_id OR s.created_at <= r.created_at)
    ORDER BY (s.id = r.suggestion_id) IS TRUE DESC, s.created_at DESC
    LIMIT 1
) s ON true
WHERE c.organisation_id = $1 AND (r.decision = 'approve' OR r.reason_code = ANY($2::text[]))
ORDER BY r.created_at, r.id
"""
# Rejections left out of learning, counted per reason (for the report).
LEFT_OUT = """
SELECT r.reason_code, count(*) AS n FROM reviews r JOIN candidates c ON c.id = r.candidate_id
WHERE c.organisation_id = $1 AND r.decision = 'reject' AND NOT r.reason_code = ANY($2::text[])
GROUP BY r.reason_code ORDER BY r.reason_code
"""
# The groups of the fairness monitor (never a restriction): birth date, postcode, gender
# only where the young person stated it.
PEOPLE = """
SELECT id, birth_date, postcode, stated_gender FROM candidates
WHERE organisation_id = $1 AND id = ANY($2::bigint[])
"""
MUNICIPALITIES = "SELECT id FROM organisations WHERE kind = 'municipality' ORDER BY id"


@dataclass(frozen=True)
class DecidedPair:
    candidate_id: int
    vacancy_id: int
    decision: str
    decided_at: datetime
    components: dict[str, float]
    reached: list[str]  # placement states the pair's proposal reached


@dataclass(frozen=True)
class Person:
    id: int
    birth_date: date | None
    postcode: str | None
    stated_gender: str | None


async def decided(
    conn: asyncpg.Connection, *, organisation_id: int, match_reasons: list[str]
) -> list[DecidedPair]:
    """Oldest first."""
    rows = await conn.fetch(DECIDED, organisation_id, match_reasons)
    return [
        DecidedPair(
            r["candidate_id"],
            r["vacancy_id"],
            r["decision"],
            r["decided_at"],
            dict(r["breakdown"]),
            list(r["reached"]),
        )
        for r in rows
    ]


async def left_out(
    conn: asyncpg.Connection, *, organisation_id: int, match_reasons: list[str]
) -> dict[str, int]:
    rows = await conn.fetch(LEFT_OUT, organisation_id, match_reasons)
    return {r["reason_code"]: r["n"] for r in rows}


async def people(
    conn: asyncpg.Connection, *, organisation_id: int, candidate_ids: list[int]
) -> list[Person]:
    rows = await conn.fetch(PEOPLE, organisation_id, candidate_ids)
    return [Person(**dict(r)) for r in rows]


async def municipalities(conn: asyncpg.Connection) -> list[int]:
    return [r["id"] for r in await conn.fetch(MUNICIPALITIES)]
