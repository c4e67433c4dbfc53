"""What a mail may say, read when it is sent: one query per kind of reader.

Each query selects only what that reader may know. The agency's never reads a candidate
column (a mail can be read long after consent was withdrawn, so it names nobody); none
of them joins `candidate_restrictions`.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

CONTACT = """
SELECT id, role, email, display_name FROM users WHERE id = $1 AND disabled_at IS NULL
"""
_EMPLOYER = "coalesce(nullif(v.employer_name, ''), o.name) AS employer"
_VACANCY = (
    "JOIN vacancies v ON v.id = p.vacancy_id JOIN organisations o ON o.id = v.organisation_id"
)
FOR_AGENCY = """
SELECT p.id AS proposal_id, v.title AS vacancy_title, v.external_ref
FROM proposals p JOIN vacancies v ON v.id = p.vacancy_id WHERE p.id = $1
"""
FOR_COACH = f"""
SELECT c.id AS candidate_id, trim(c.first_name || ' ' || c.last_name) AS candidate_name,
       v.title AS vacancy_title, {_EMPLOYER}, p.state AS proposal_state
FROM proposals p JOIN candidates c ON c.id = p.candidate_id {_VACANCY}
WHERE p.id = $1
"""
FOR_CANDIDATE = f"""
SELECT p.id AS proposal_id, v.title AS vacancy_title, {_EMPLOYER}
FROM proposals p {_VACANCY} WHERE p.id = $1 AND p.candidate_id IS NOT NULL
"""


@dataclass(frozen=True)
class Contact:
    id: int
    role: str
    email: str
    display_name: str


@dataclass(frozen=True)
class AgencyFacts:
    proposal_id: int
    vacancy_title: str
    external_ref: str


@dataclass(frozen=True)
class CoachFacts:
    candidate_id: int
    candidate_name: str
    vacancy_title: str
    employer: str
    proposal_state: str  # now, not when the event happened


@dataclass(frozen=True)
class CandidateFacts:
    proposal_id: int
    vacancy_title: str
    employer: str


async def contact(conn: asyncpg.Connection, *, user_id: int) -> Contact | None:
    """Where the mail goes; None for an account that is switched off."""
    row = await conn.fetchrow(CONTACT, user_id)
    return Contact(**dict(row)) if row else None


async def for_agency(conn: asyncpg.Connection, *, proposal_id: int) -> AgencyFacts | None:
    row = await conn.fetchrow(FOR_AGENCY, proposal_id)
    return AgencyFacts(**dict(row)) if row else None


async def for_coach(conn: asyncpg.Connection, *, proposal_id: int) -> CoachFacts | None:
    """None once the candidate was erased: there is nobody left to tell about."""
    row = await conn.fetchrow(FOR_COACH, proposal_id)
    return CoachFacts(**dict(row)) if row else None


async def for_candidate(conn: asyncpg.Connection, *, proposal_id: int) -> CandidateFacts | None:
    row = await conn.fetchrow(FOR_CANDIDATE, proposal_id)
    return CandidateFacts(**dict(row)) if row else None
