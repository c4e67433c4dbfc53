"""What the outcome figures are computed from: who was suggested and approved in a period,
and every proposal of the period with the steps it reached (one row per proposal, the
events folded in by the database). The counting itself is web/oversight/outcomes.py.

Erased candidates still count: a proposal keeps `erased_candidate_id`, so a person is
`coalesce(candidate_id, erased_candidate_id)` and belongs to the tombstone's
municipality; their intake moment is then the audit log's `candidate_created`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

from matcher.models import Vacancy
from web.vacancies.repositories.vacancies import COLUMNS, vacancy_of

# $1 municipality, $2 from (inclusive), $3 until (exclusive): people a coach was shown
# a suggestion for.
SUGGESTED = """
SELECT c.id FROM candidates c
WHERE c.organisation_id = $1
  AND EXISTS (SELECT 1 FROM suggestions s
              WHERE s.candidate_id = c.id AND s.created_at >= $2 AND s.created_at < $3)
"""
APPROVED = """
SELECT DISTINCT r.candidate_id AS id FROM reviews r
JOIN candidates c ON c.id = r.candidate_id
WHERE c.organisation_id = $1 AND r.decision = 'approve'
  AND r.created_at >= $2 AND r.created_at < $3
"""
# Every proposal made in the period with its person, coach, agency and steps: the events
# and consents of those proposals grouped once (hash joins, not a lookup per proposal),
# the steps folded into a few columns (tens of thousands of rows travel and are decoded).
# The columns are ProposalFacts' fields, in order.
PROPOSALS = """
WITH mine AS (
    SELECT p.id, p.candidate_id AS person_id, p.created_by, p.vacancy_id, p.state,
           p.created_at, p.start_date, c.birth_date, c.created_at AS intake_at
    FROM proposals p JOIN candidates c ON c.id = p.candidate_id
    WHERE c.organisation_id = $1 AND p.created_at >= $2 AND p.created_at < $3
    UNION ALL
    SELECT p.id, p.erased_candidate_id, p.created_by, p.vacancy_id, p.state,
           p.created_at, p.start_date, NULL::date,
           (SELECT min(a.at) FROM audit_log a
            WHERE a.object_type = 'candidate' AND a.object_id = p.erased_candidate_id
              AND a.action = 'candidate_created')
    FROM proposals p JOIN erased_candidates x ON x.id = p.erased_candidate_id
    WHERE x.organisation_id = $1 AND p.created_at >= $2 AND p.created_at < $3
), steps AS (
    SELECT ev.proposal_id,
           bool_or(ev.to_state = 'interview') AS invited,
           max(CASE ev.to_state WHEN 'working_1m' THEN 1 WHEN 'working_3m' THEN 3
                                WHEN 'working_6m' THEN 6 ELSE 0 END) AS checkin_months,
           min(ev.created_at) FILTER (WHERE ev.to_state = 'shared_with_agency') AS shared_at,
           min(ev.created_at) FILTER (
               WHERE ev.to_state IN ('interview', 'hired', 'declined_by_agency')) AS answered_at,
           min(ev.created_at) FILTER (WHERE ev.to_state = 'hired') AS hired_at
    FROM proposal_events ev
    WHERE ev.proposal_id IN (SELECT id FROM mine)
      AND ev.to_state IN ('shared_with_agency', 'interview', 'hired', 'declined_by_agency',
                          'working_1m', 'working_3m', 'working_6m')
    GROUP BY ev.proposal_id
), agreed AS (
    SELECT DISTINCT proposal_id FROM consents WHERE proposal_id IN (SELECT id FROM mine)
)
SELECT m.id, m.person_id, m.created_by AS coach_id, v.organisation_id AS agency_id,
       m.vacancy_id, m.state, m.created_at, m.start_date, m.birth_date, m.intake_at,
       k.proposal_id IS NOT NULL AS consented, coalesce(e.invited, false) AS invited,
       coalesce(e.checkin_months, 0) AS checkin_months, e.shared_at, e.answered_at,
       e.hired_at
FROM mine m
JOIN vacancies v ON v.id = m.vacancy_id
LEFT JOIN steps e ON e.proposal_id = m.id
LEFT JOIN agreed k ON k.proposal_id = m.id
"""
COACH_NAMES = """
SELECT id, coalesce(nullif(display_name, ''), email) AS name FROM users WHERE id = ANY($1)
"""
ORGANISATION_NAMES = "SELECT id, name FROM organisations WHERE id = ANY($1)"
VACANCIES = f"SELECT {COLUMNS} FROM vacancies WHERE id = ANY($1::bigint[])"


@dataclass(slots=True)
class ProposalFacts:
    """One proposal of the period and how far it got (times are UTC moments). Plain
    slots, not frozen: tens of thousands are made for one report."""

    id: int
    person_id: int
    coach_id: int | None  # who proposed
    agency_id: int  # whose vacancy
    vacancy_id: int
    state: str
    created_at: datetime
    start_date: date | None
    birth_date: date | None
    intake_at: datetime | None
    consented: bool
    invited: bool  # an interview step on its timeline
    checkin_months: int  # the last check-in reached: 0, 1, 3 or 6
    shared_at: datetime | None  # first shared with the agency
    answered_at: datetime | None  # the agency's first answer (invite, hire, decline)
    hired_at: datetime | None


async def suggested(
    conn: asyncpg.Connection, *, municipality_id: int, since: datetime, until: datetime
) -> list[int]:
    return [r["id"] for r in await conn.fetch(SUGGESTED, municipality_id, since, until)]


async def approved(
    conn: asyncpg.Connection, *, municipality_id: int, since: datetime, until: datetime
) -> list[int]:
    return [r["id"] for r in await conn.fetch(APPROVED, municipality_id, since, until)]


async def proposals(
    conn: asyncpg.Connection, *, municipality_id: int, since: datetime, until: datetime
) -> list[ProposalFacts]:
    rows = await conn.fetch(PROPOSALS, municipality_id, since, until)
    # Tens of thousands of rows: made into facts in a thread, off the event loop.
    return await asyncio.to_thread(_facts, rows)


def _facts(rows: list[asyncpg.Record]) -> list[ProposalFacts]:
    return [ProposalFacts(*row) for row in rows]


async def coach_names(conn: asyncpg.Connection, *, ids: list[int]) -> dict[int, str]:
    return {r["id"]: r["name"] for r in await conn.fetch(COACH_NAMES, ids)}


async def organisation_names(conn: asyncpg.Connection, *, ids: list[int]) -> dict[int, str]:
    return {r["id"]: r["name"] for r in await conn.fetch(ORGANISATION_NAMES, ids)}


async def vacancies(conn: asyncpg.Connection, *, ids: list[int]) -> dict[int, Vacancy]:
    """The engine's vacancies for these ids (for the perspective score of a job)."""
    rows = await conn.fetch(VACANCIES, ids)
    return await asyncio.to_thread(lambda: {row["id"]: vacancy_of(row) for row in rows})
