"""What the API reads for the organisation behind a key: its own vacancies and the
proposals addressed to it (anything else is absent: 404), and the user who answers."""

from __future__ import annotations

import asyncpg

from web.accounts.repositories import users
from web.accounts.repositories.users import User
from web.api.auth import ApiClient
from web.errors import AppError, NotFound
from web.proposals.repositories import agency_proposals
from web.proposals.repositories.agency_proposals import AgencyProposal
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord

VACANCY_NOT_FOUND = "Deze vacature bestaat niet."
PROPOSAL_NOT_FOUND = "Dit voorstel bestaat niet."


async def own_vacancies(
    conn: asyncpg.Connection, client: ApiClient, *, status: str | None, limit: int, offset: int
) -> list[VacancyRecord]:
    found, _total = await vacancies.search_own(
        conn,
        organisation_id=client.organisation_id,
        where=vacancies.VacancyFilter(status=status),
        limit=limit,
        offset=offset,
    )
    return found


async def own_vacancy(
    conn: asyncpg.Connection, client: ApiClient, external_ref: str
) -> VacancyRecord:
    found = await vacancies.by_ref(
        conn, organisation_id=client.organisation_id, external_ref=external_ref
    )
    if found is None:
        raise NotFound(VACANCY_NOT_FOUND)
    return found


async def own_proposals(conn: asyncpg.Connection, client: ApiClient) -> list[AgencyProposal]:
    return await agency_proposals.for_organisation(conn, organisation_id=client.organisation_id)


async def own_proposal(
    conn: asyncpg.Connection, client: ApiClient, proposal_id: int
) -> AgencyProposal:
    """The proposal as the organisation sees it (not logged as a read: see answers.read)."""
    proposal = await agency_proposals.one(
        conn, organisation_id=client.organisation_id, proposal_id=proposal_id
    )
    if proposal is None:
        raise NotFound(PROPOSAL_NOT_FOUND)
    return proposal


async def key_user(conn: asyncpg.Connection, client: ApiClient) -> User:
    """The user who made the key: the one an answer is recorded for."""
    actor = await users.by_id(conn, user_id=client.created_by) if client.created_by else None
    if actor is None:
        raise AppError("Deze sleutel hoort bij geen gebruiker meer.", status_code=403)
    return actor
