"""A suggestion says which requested skills the candidate still lacks: on the coach's
suggestion card, in "Waarom (niet) deze?" and in the fit list of a vacancy, and it is
stored with the logged suggestion. Skills written another way still count as held
("orderpicker" has "orderpicken")."""

from __future__ import annotations

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import matching_client

pytestmark = pytest.mark.slow
ASKED = ["orderpicken", "heftruckcertificaat", "klantvriendelijk"]
MISSING = "Mist nog: heftruckcertificaat, klantvriendelijk"


@pytest.fixture
async def warehouse(settings, database_url, conn):
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(
        conn, coach=coach, desired_work="magazijnwerk", skills=["orderpicker", "heftruck rijden"]
    )
    job = await make_vacancy(conn, org=agency, title="Magazijnmedewerker", skills=ASKED)
    async with matching_client(settings, database_url, coach.email) as (app, client):
        yield client, candidate, job


async def test_the_card_names_the_missing_skills_and_the_log_keeps_them(warehouse, conn):
    client, candidate, job = warehouse
    page = await client.get(
        f"/coach/candidates/{candidate.id}/suggestions", headers={"HX-Request": "true"}
    )
    assert page.status_code == 200 and "Magazijnmedewerker" in page.text
    assert "1 van de 3 gevraagde vaardigheden" in page.text and MISSING in page.text
    logged = await conn.fetchval(
        "SELECT breakdown FROM suggestions WHERE candidate_id = $1 AND vacancy_id = $2",
        candidate.id,
        job,
    )
    assert logged["missing_skills"] == ["heftruckcertificaat", "klantvriendelijk"]


async def test_why_this_one_and_the_fit_list_name_the_missing_skills(warehouse):
    client, candidate, job = warehouse
    page = await client.get(f"/coach/vacancies/{job}?candidate={candidate.id}")
    assert page.status_code == 200
    fits, why = page.text.split('id="waarom"')[0], page.text.split('id="why"')[1]
    assert MISSING in fits and MISSING in why and "1 van de 3 gevraagde vaardigheden" in why
