"""Bad input gets a clear refusal, never a 500 (issue 11, first cases)."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import csrf_token, login

HUGE = "9" * 25  # beyond 64 bits


@pytest.mark.parametrize(
    "path",
    [
        f"/coach/candidates/{HUGE}",
        f"/coach/candidates/{HUGE}/suggestions",
        f"/coach/vacancies/{HUGE}",
        f"/coach/candidates/{HUGE}/advice",
    ],
)
async def test_an_id_beyond_64_bits_is_refused_not_a_server_error(client, conn, path):
    coach = await make_user(conn, role="jobcoach")
    await login(client, coach.email, PASSWORD)
    response = await client.get(path)
    assert response.status_code in (404, 422)
    assert "niet geldig" in response.text or "bestaat niet" in response.text


async def test_an_agency_id_beyond_64_bits_is_refused(client, conn):
    org = await make_org(conn, kind="agency")
    agency = await make_user(conn, role="agency", org=org)
    await login(client, agency.email, PASSWORD)
    for path in (f"/agency/vacancies/{HUGE}", f"/agency/imports/{HUGE}"):
        response = await client.get(path)
        assert response.status_code in (404, 422), path


async def test_a_decision_on_a_huge_vacancy_id_is_refused(client, conn):
    coach = await make_user(conn, role="jobcoach")
    await login(client, coach.email, PASSWORD)
    token = await csrf_token(client)
    response = await client.post(
        f"/coach/candidates/{HUGE}/decisions",
        data={"vacancy_id": HUGE, "decision": "approve", "csrf_token": token},
    )
    assert response.status_code in (404, 422)


async def test_an_api_id_beyond_64_bits_is_refused_as_json_naming_the_field(client, conn):
    from web.accounts.repositories import api_keys

    org = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=org)
    _key, secret = await api_keys.create(conn, organisation_id=org.id, name="t", created_by=user.id)
    response = await client.get(
        f"/api/v1/proposals/{HUGE}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/json")
    assert "proposal_id" in response.text
