"""Proposals as an agency sees them: only its own vacancies, only once a jobcoach and
the candidate have let them through (shared_with_agency or later), and pseudonymised
until the candidate consents to that one proposal.

The pseudonymised columns are chosen here, in SQL: skills, availability and region
(the first two digits of the postcode). Name and contact are selected only when an
active consent exists, so a template cannot leak what the query never read.
`candidate_restrictions` is never joined.

A proposal of an erased candidate stays in the agency's list (it is the agency's record
of what it was offered and did) with its pseudonym, no profile and no consent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import asyncpg

# shared_with_agency "or later"; withdrawn only when it had been shared before.
VISIBLE_STATES = (
    "shared_with_agency", "interview", "hired", "declined_by_agency",
    "working_1m", "working_3m", "working_6m", "ended",
)  # fmt: skip
_CONSENTED = """EXISTS (SELECT 1 FROM consents k
    WHERE k.proposal_id = p.id AND k.withdrawn_at IS NULL)"""
_SELECT = f"""
SELECT p.id, p.state, p.state_changed_at, p.created_at, p.end_reason,
       v.id AS vacancy_id, v.external_ref, v.title AS vacancy_title,
       v.language_level AS vacancy_language_level,
       coalesce(c.skills, ARRAY[]::text[]) AS skills, c.hours_min, c.hours_max,
       coalesce(c.shifts, ARRAY[]::text[]) AS shifts, c.available_from,
       coalesce(c.driving_licences, ARRAY[]::text[]) AS driving_licences,
       coalesce(c.certificates, ARRAY[]::text[]) AS certificates, c.language_level,
       CASE WHEN c.postcode IS NULL THEN NULL ELSE left(c.postcode, 2) || 'xx' END AS region,
       {_CONSENTED} AS consented,
       CASE WHEN {_CONSENTED} THEN trim(c.first_name || ' ' || c.last_name) END AS name,
       CASE WHEN {_CONSENTED} THEN c.phone END AS phone,
       CASE WHEN {_CONSENTED} THEN u.email END AS email,
       coalesce(p.candidate_id, p.erased_candidate_id) AS candidate_id,
       p.erased_candidate_id IS NOT NULL AS erased
FROM proposals p
JOIN vacancies v ON v.id = p.vacancy_id
LEFT JOIN candidates c ON c.id = p.candidate_id
LEFT JOIN users u ON u.id = c.user_id
WHERE v.organisation_id = $1
  AND (p.state = ANY($2::text[]) OR (p.state = 'withdrawn' AND EXISTS (
        SELECT 1 FROM proposal_events e
        WHERE e.proposal_id = p.id AND e.to_state = 'shared_with_agency')))
"""
FOR_ORGANISATION = (
    _SELECT
    + """
  AND ($3::text IS NULL OR p.state = $3)
ORDER BY p.state_changed_at DESC, p.id DESC LIMIT $4
"""
)
ONE = _SELECT + " AND p.id = $3"


@dataclass(frozen=True)
class AgencyProposal:
    id: int
    state: str
    state_changed_at: datetime
    created_at: datetime
    end_reason: str | None
    vacancy_id: int
    external_ref: str
    vacancy_title: str
    skills: list[str]
    hours_min: float | None
    hours_max: float | None
    shifts: list[str]
    available_from: date | None
    driving_licences: list[str]
    certificates: list[str]
    language_level: str | None
    region: str | None
    consented: bool
    name: str | None  # None until the candidate consents
    phone: str | None
    email: str | None
    candidate_id: int  # for the audit log only; never shown to the agency
    erased: bool = False  # the candidate was erased: only the pseudonym is left
    vacancy_language_level: str | None = None  # the Dutch level the vacancy asks for

    @property
    def pseudonym(self) -> str:
        return f"Kandidaat P-{self.id}"

    @property
    def display_name(self) -> str:
        if self.erased:
            return f"{self.pseudonym} (gegevens verwijderd)"
        return self.name if self.consented and self.name else self.pseudonym


async def for_organisation(
    conn: asyncpg.Connection, *, organisation_id: int, state: str | None = None, limit: int = 200
) -> list[AgencyProposal]:
    rows = await conn.fetch(FOR_ORGANISATION, organisation_id, list(VISIBLE_STATES), state, limit)
    return [AgencyProposal(**dict(r)) for r in rows]


async def one(
    conn: asyncpg.Connection, *, organisation_id: int, proposal_id: int
) -> AgencyProposal | None:
    """One proposal addressed to this organisation, or None (also when not yet shared)."""
    row = await conn.fetchrow(ONE, organisation_id, list(VISIBLE_STATES), proposal_id)
    return AgencyProposal(**dict(row)) if row else None
