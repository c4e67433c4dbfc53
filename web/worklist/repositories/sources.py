"""What the work list is made of, read for one coach's own candidates: answers on
proposals (agency and candidate), consents given or withdrawn, and each candidate's
last activity. Check-ins come from `web.proposals.repositories.proposals.checkins_due`
and strong matches from `web.matching.repositories.strong_matches`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

# The states an answer moves a proposal into: the agency's (invite, hire, decline) and
# the candidate's ("lijkt me wat", "niet voor mij").
ANSWER_STATES = (
    "interview",
    "hired",
    "declined_by_agency",
    "candidate_interested",
    "candidate_declined",
)
# The latest answer per proposal of the last `$2` days that somebody other than the coach
# gave (a step the coach records needs no reminder); NULL actors (imports, the demo) count.
ANSWERS = """
SELECT DISTINCT ON (p.id) p.id AS proposal_id, p.candidate_id, e.id AS event_id,
       e.to_state, e.reason_code, e.created_at, v.title AS vacancy_title, v.employer_name
FROM candidates c
JOIN proposals p ON p.candidate_id = c.id
JOIN proposal_events e ON e.proposal_id = p.id
JOIN vacancies v ON v.id = p.vacancy_id
WHERE c.coach_id = $1 AND e.to_state = ANY($3::text[])
  AND e.actor_id IS DISTINCT FROM $1
  AND e.created_at >= now() - make_interval(days => $2)
ORDER BY p.id, e.created_at DESC, e.id DESC
"""
CONSENTS = """
SELECT k.id AS consent_id, k.candidate_id, k.proposal_id, k.given_at, k.withdrawn_at,
       v.title AS vacancy_title, v.employer_name
FROM candidates c
JOIN consents k ON k.candidate_id = c.id
JOIN proposals p ON p.id = k.proposal_id
JOIN vacancies v ON v.id = p.vacancy_id
WHERE c.coach_id = $1
  AND greatest(k.given_at, k.withdrawn_at) >= now() - make_interval(days => $2)
"""
# Activity: the profile created or changed (a status change too), any step on one of
# their proposals (an answer of the candidate or the agency is one), a decision on a
# suggestion, a consent given or withdrawn. Candidates at work or paused are not listed.
QUIET = """
SELECT q.candidate_id, q.last_activity FROM (
    SELECT c.id AS candidate_id, greatest(
        c.created_at, c.updated_at,
        (SELECT max(e.created_at) FROM proposals p
         JOIN proposal_events e ON e.proposal_id = p.id WHERE p.candidate_id = c.id),
        (SELECT max(r.created_at) FROM reviews r WHERE r.candidate_id = c.id),
        (SELECT max(greatest(k.given_at, k.withdrawn_at)) FROM consents k
         WHERE k.candidate_id = c.id)) AS last_activity
    FROM candidates c
    WHERE c.coach_id = $1 AND c.status NOT IN ('working', 'paused')
) q
WHERE q.last_activity < now() - make_interval(weeks => $2)
"""


@dataclass(frozen=True)
class Answer:
    proposal_id: int
    candidate_id: int
    event_id: int
    to_state: str
    reason_code: str | None
    created_at: datetime
    vacancy_title: str
    employer_name: str | None


@dataclass(frozen=True)
class ConsentChange:
    consent_id: int
    candidate_id: int
    proposal_id: int
    given_at: datetime
    withdrawn_at: datetime | None
    vacancy_title: str
    employer_name: str | None


@dataclass(frozen=True)
class Quiet:
    candidate_id: int
    last_activity: datetime


async def answers(conn: asyncpg.Connection, *, coach_id: int, days: int) -> list[Answer]:
    """The latest answer on each of the coach's proposals, of the last `days` days."""
    rows = await conn.fetch(ANSWERS, coach_id, days, list(ANSWER_STATES))
    return [Answer(**dict(r)) for r in rows]


async def consent_changes(
    conn: asyncpg.Connection, *, coach_id: int, days: int
) -> list[ConsentChange]:
    """Consents of the coach's candidates given or withdrawn in the last `days` days."""
    return [ConsentChange(**dict(r)) for r in await conn.fetch(CONSENTS, coach_id, days)]


async def quiet_candidates(conn: asyncpg.Connection, *, coach_id: int, weeks: int) -> list[Quiet]:
    """The coach's candidates (not at work, not paused) without activity for `weeks` weeks."""
    return [Quiet(**dict(r)) for r in await conn.fetch(QUIET, coach_id, weeks)]
