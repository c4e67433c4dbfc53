"""A request that cannot be read is refused in Dutch, naming the field (issue 11)."""

from __future__ import annotations

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import login
from web.accounts.repositories import api_keys
from web.request_problems import message

HUGE = "9" * 25


def test_messages_name_the_field_in_dutch():
    assert message({"type": "missing", "loc": ["body", "title"]}) == "title: ontbreekt"
    assert message({"type": "json_invalid", "loc": ["body", 0]}) == "inhoud: is geen geldige JSON"
    too_big = {"type": "less_than_equal", "loc": ["path", "proposal_id"], "ctx": {"le": 5}}
    assert message(too_big) == "proposal_id: mag hoogstens 5 zijn"
    assert message({"type": "something_new", "loc": []}) == "verzoek: is niet geldig"


async def test_the_api_answers_in_dutch_in_fastapi_s_shape(client, conn):
    org = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=org)
    _key, secret = await api_keys.create(conn, organisation_id=org.id, name="t", created_by=user.id)
    auth = {"Authorization": f"Bearer {secret}"}
    response = await client.get(f"/api/v1/proposals/{HUGE}", headers=auth)
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["type"] == "less_than_equal" and problem["loc"] == ["path", "proposal_id"]
    assert problem["msg"].startswith("proposal_id: mag hoogstens")
    body = await client.post(
        "/api/v1/vacancies", content=b"{kapot", headers={**auth, "Content-Type": "application/json"}
    )
    assert body.status_code == 422 and "geen geldige JSON" in body.json()["detail"][0]["msg"]


async def test_a_page_names_the_field_too(client, conn):
    coach = await make_user(conn, role="jobcoach")
    await login(client, coach.email, PASSWORD)
    response = await client.get(f"/coach/candidates/{HUGE}")
    assert response.status_code == 422
    assert "candidate_id: mag hoogstens" in response.text
