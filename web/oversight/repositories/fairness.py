"""One row per candidate of a municipality for the fairness monitor: the groups the
product can see without asking for sensitive data (birth date → age band, postcode →
area, gender only where the person stated it) and how far they got in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

# $1 municipality, $2 from (inclusive), $3 until (exclusive)
PEOPLE = """
WITH shown AS (
    SELECT s.candidate_id, avg(s.score) AS mean_score,
           avg(s.score) FILTER (WHERE s.rank = 1) AS top_score
    FROM (SELECT candidate_id, score,
                 row_number() OVER (PARTITION BY candidate_id, created_at ORDER BY id) AS rank
          FROM suggestions
          WHERE direction = 'vacancies_for_candidate' AND created_at >= $2 AND created_at < $3
         ) s
    GROUP BY s.candidate_id
)
SELECT c.id, c.birth_date, c.postcode, c.stated_gender,
       sh.candidate_id IS NOT NULL AS suggested,
       EXISTS (SELECT 1 FROM reviews r WHERE r.candidate_id = c.id AND r.decision = 'approve'
               AND r.created_at >= $2 AND r.created_at < $3) AS approved,
       EXISTS (SELECT 1 FROM proposals p WHERE p.candidate_id = c.id
               AND p.created_at >= $2 AND p.created_at < $3) AS proposed,
       EXISTS (SELECT 1 FROM proposals p JOIN proposal_events e ON e.proposal_id = p.id
               WHERE p.candidate_id = c.id AND e.to_state = 'hired'
               AND e.created_at >= $2 AND e.created_at < $3) AS hired,
       sh.mean_score, sh.top_score
FROM candidates c LEFT JOIN shown sh ON sh.candidate_id = c.id
WHERE c.organisation_id = $1 AND c.created_at < $3
"""


@dataclass(frozen=True)
class PersonRow:
    id: int
    birth_date: date | None
    postcode: str | None
    stated_gender: str | None
    suggested: bool
    approved: bool
    proposed: bool
    hired: bool
    mean_score: float | None
    top_score: float | None


async def people(
    conn: asyncpg.Connection, *, municipality_id: int, since: datetime, until: datetime
) -> list[PersonRow]:
    rows = await conn.fetch(PEOPLE, municipality_id, since, until)
    return [PersonRow(**dict(r)) for r in rows]
