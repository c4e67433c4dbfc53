"""Issue 15: a short honest list says why it is short. The coach's suggestions say how
many vacancies pass and why the others were left out: under the relevance floor (too
far from the wished work) or by a hard constraint such as pay below the legal minimum
for the candidate's age."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import matching_client

pytestmark = pytest.mark.slow


@pytest.fixture
async def wants_to_cook(settings, database_url, conn):
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(
        conn, coach=coach, desired_work="kok worden", skills=["koken"],
        birth_date=date(date.today().year - 23, 1, 1),
    )  # fmt: skip
    await make_vacancy(conn, org=agency, title="Leerling kok", skills=["koken"], bbl=True,
                       description="Je leert koken.", hourly_wage=15.0)  # fmt: skip
    await make_vacancy(conn, org=agency, title="Kok in opleiding", skills=["koken"], bbl=True,
                       description="Word kok in onze keuken.", hourly_wage=13.0)  # fmt: skip
    await make_vacancy(conn, org=agency, title="Heftruckchauffeur", skills=["heftruck rijden"],
                       description="Pallets laden en lossen in het magazijn.")  # fmt: skip
    async with matching_client(settings, database_url, coach.email) as (app, client):
        yield client, candidate


async def test_the_suggestions_say_why_the_list_is_short(wants_to_cook):
    client, candidate = wants_to_cook
    page = await client.get(
        f"/coach/candidates/{candidate.id}/suggestions", headers={"HX-Request": "true"}
    )
    assert page.status_code == 200
    text = " ".join(page.text.split())
    assert (
        "Leerling kok" in text
        and "Heftruckchauffeur" not in text
        and "Kok in opleiding" not in text
    )
    assert (
        "1 vacature past. 1 andere haalt de drempel niet: "
        "die past te weinig bij &#39;kok worden&#39;." in text
    )
    assert (
        "Verder valt er 1 af op harde eisen: loon onder het wettelijk minimum voor de leeftijd (1)."
        in text
    )


@pytest.fixture
async def cook_nearby(settings, database_url, conn):
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(
        conn, coach=coach, desired_work="kok", skills=["koken"], max_travel_km=10.0
    )
    await make_vacancy(conn, org=agency, title="Kok", skills=["koken"],
                       description="Koken in ons restaurant.")  # fmt: skip
    await make_vacancy(conn, org=agency, title="Kok Amsterdam", skills=["koken"],
                       description="Koken in ons restaurant.", postcode="1013",
                       city="Amsterdam", lat=52.38, lon=4.89)  # fmt: skip
    async with matching_client(settings, database_url, coach.email) as (app, client):
        yield client, candidate


async def test_vacancies_beyond_the_travel_reach_are_counted(cook_nearby):
    # The travel pre-filter keeps them out of the search; the reason still shows.
    client, candidate = cook_nearby
    page = await client.get(
        f"/coach/candidates/{candidate.id}/suggestions", headers={"HX-Request": "true"}
    )
    text = " ".join(page.text.split())
    assert page.status_code == 200 and "Kok Amsterdam" not in text
    assert "1 vacature past." in text
    assert "Verder valt er 1 af op harde eisen: te ver weg (1)." in text
