"""Strong matches per candidate (`strong_matches`): which vacancies among the best reach
the strong-match threshold, and since when each was seen as one.

The background matcher replaces a candidate's rows whenever it recomputes the
candidate's suggestion list; a row that stays keeps its `first_seen_at`. The work list
counts what is still open and undecided, and what is new since the coach's last visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

# One statement per batch: the rows of these candidates that are no longer strong go,
# the others are inserted or get their new score (first_seen_at stays).
REPLACE = """
WITH fresh AS (
    SELECT n.candidate_id, n.vacancy_id, n.score
    FROM unnest($2::bigint[], $3::bigint[], $4::real[]) AS n(candidate_id, vacancy_id, score)
    WHERE EXISTS (SELECT 1 FROM candidates c WHERE c.id = n.candidate_id)
), gone AS (
    DELETE FROM strong_matches s
    WHERE s.candidate_id = ANY($1::bigint[]) AND NOT EXISTS (
        SELECT 1 FROM fresh f WHERE f.candidate_id = s.candidate_id AND f.vacancy_id = s.vacancy_id)
)
INSERT INTO strong_matches (candidate_id, vacancy_id, score)
SELECT candidate_id, vacancy_id, score FROM fresh
ON CONFLICT (candidate_id, vacancy_id) DO UPDATE SET score = EXCLUDED.score
"""
# Per candidate of the coach who is looking for work: the strong matches still open and
# without a decision or proposal, how many of them were first seen after `since` (all
# of them when `since` is NULL), and whether the stored list was full (more may exist).
# `decision_holds` (migration 0004) decides; it is only asked about pairs that have a
# review at all (an index probe), as a call per row costs ~30 µs and most have none.
FOR_COACH = """
SELECT s.candidate_id,
       count(*) AS total,
       count(*) FILTER (WHERE $2::timestamptz IS NULL OR s.first_seen_at > $2) AS new,
       max(s.first_seen_at) FILTER (WHERE $2::timestamptz IS NULL OR s.first_seen_at > $2)
           AS newest,
       (SELECT count(*) FROM strong_matches a WHERE a.candidate_id = s.candidate_id) >= $3
           AS saturated
FROM strong_matches s
JOIN candidates c ON c.id = s.candidate_id
JOIN vacancies v ON v.id = s.vacancy_id
WHERE c.coach_id = $1 AND c.status NOT IN ('working', 'paused')
  AND v.status = 'open' AND (v.closing_date IS NULL OR v.closing_date >= current_date)
  AND NOT CASE WHEN EXISTS (SELECT 1 FROM reviews r
                            WHERE r.candidate_id = s.candidate_id AND r.vacancy_id = v.id)
               THEN decision_holds(s.candidate_id, v.id, v.content_hash) ELSE false END
  AND NOT EXISTS (SELECT 1 FROM proposals p
                  WHERE p.candidate_id = s.candidate_id AND p.vacancy_id = s.vacancy_id)
GROUP BY s.candidate_id
"""


@dataclass(frozen=True)
class StrongList:
    """One candidate's strong matches, best first (vacancy ids and scores 0–1)."""

    candidate_id: int
    vacancy_ids: list[int]
    scores: list[float]


@dataclass(frozen=True)
class StrongCount:
    candidate_id: int
    total: int  # open, undecided strong matches
    new: int  # of which first seen after the given moment
    newest: datetime | None  # when the newest of those was first seen
    saturated: bool  # the stored list was full: there may be more than `total`


async def replace(conn: asyncpg.Connection, *, lists: list[StrongList]) -> None:
    """Make these candidates' stored strong matches exactly `lists` (erased ones skipped)."""
    if not lists:
        return
    pairs = [
        (s.candidate_id, v, x) for s in lists for v, x in zip(s.vacancy_ids, s.scores, strict=True)
    ]
    await conn.execute(
        REPLACE,
        [s.candidate_id for s in lists],
        [p[0] for p in pairs],
        [p[1] for p in pairs],
        [round(p[2], 4) for p in pairs],
    )


async def counts_for_coach(
    conn: asyncpg.Connection, *, coach_id: int, since: datetime | None, cap: int
) -> list[StrongCount]:
    """Strong-match counts of the coach's searching candidates that have any; `cap` is
    the most the matcher stores per candidate (a full list is `saturated`)."""
    rows = await conn.fetch(FOR_COACH, coach_id, since, cap)
    return [StrongCount(**dict(r)) for r in rows]
