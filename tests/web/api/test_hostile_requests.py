"""Requests schemathesis found breaking the API: each answered as documented, not 5xx,
and nothing stored wrongly."""

from __future__ import annotations

import pytest

from tests.factories import make_candidate, make_org, make_shared_proposal, make_user, make_vacancy
from web.accounts.repositories import api_keys

JSON = {"content-type": "application/json"}


@pytest.fixture
async def agency(conn):
    """An agency's key header and a proposal to it (with consent)."""
    org = await make_org(conn, kind="agency")
    user = await make_user(conn, role="agency", org=org)
    _key, secret = await api_keys.create(
        conn, organisation_id=org.id, name="test", created_by=user.id
    )
    vacancy_id = await make_vacancy(conn, org=org, external_ref="V-1")
    candidate = await make_candidate(conn, coach=await make_user(conn, role="jobcoach"))
    proposal_id = await make_shared_proposal(
        conn, candidate_id=candidate.id, vacancy_id=vacancy_id, consent=True
    )
    return {"Authorization": f"Bearer {secret}"}, proposal_id


async def test_a_lone_surrogate_is_stored_as_a_replacement_character(client, agency):
    auth, _ = agency
    body = b'{"id": "S-1", "title": "Kok\\ud800", "skills": ["a\\udfff"]}'
    stored = await client.post("/api/v1/vacancies", content=body, headers={**auth, **JSON})
    assert stored.status_code == 200, stored.text
    got = (await client.get("/api/v1/vacancies/S-1", headers=auth)).json()
    assert (got["title"], got["skills"]) == ("Kok\ufffd", ["a\ufffd"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        # the refusal echoes the value: it used to fail to encode (500)
        ("/api/v1/vacancies", b'{"id": "S-2", "title": "Kok", "uren": "\\ud800"}'),
        ("/api/v1/vacancies/bulk", b'{"vacancies": [{"\\ud800": 1}], "full_feed": "\\ud800"}'),
        ("/api/v1/proposals/{proposal}/answer", b'{"action": "\\ud800"}'),
        ("/api/v1/vacancies/V-1/close", b'{"status": "\\udc00"}'),
    ],
    ids=["vacancy", "bulk", "answer", "close"],
)
async def test_a_refused_value_with_a_lone_surrogate_is_a_422(client, agency, path, body):
    auth, proposal_id = agency
    path = path.format(proposal=proposal_id)
    response = await client.post(path, content=body, headers={**auth, **JSON})
    assert response.status_code == 422
    assert "\ufffd" in response.text


async def test_a_nul_only_reference_is_missing_not_an_empty_one(client, agency):
    auth, _ = agency
    body = b'{"id": "\\u0000", "title": "Kok"}'
    response = await client.post("/api/v1/vacancies", content=body, headers={**auth, **JSON})
    assert response.status_code == 422
    assert response.json()["column"] == "id" and response.json()["message"] == "ontbreekt"


async def test_a_nul_in_a_bulk_item_does_not_refuse_the_whole_request(client, agency):
    """Its warning (an unknown key) and its error used to hold the NUL, which the report
    table refused: the whole request was a 422 about 'a too large number'."""
    auth, _ = agency
    body = (
        b'{"vacancies": [{"id": "B-1", "title": "Kok", "x\\u0000y": 1},'
        b' {"id": "B-2", "title": "Kok", "uren": "veel\\u0000"}]}'
    )
    response = await client.post("/api/v1/vacancies/bulk", content=body, headers={**auth, **JSON})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["refs"] == ["B-1"]
    assert [(p["row"], p["message"]) for p in result["rejected"]] == [(2, "'veel' is geen getal")]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/vacancies/V-1/close", "/api/v1/proposals/{proposal}/answer"],
    ids=["close", "answer"],
)
@pytest.mark.parametrize(
    "body", [b'{"status": "closed"}', b"\xff\xfe not utf-8"], ids=["json", "not utf-8"]
)
async def test_a_body_sent_as_another_content_type_is_a_422(client, agency, path, body):
    """A body that is not declared JSON reaches validation as bytes, which the error
    echoed and JSON could not hold (500)."""
    auth, proposal_id = agency
    path = path.format(proposal=proposal_id)
    headers = {**auth, "content-type": "text/plain"}
    response = await client.post(path, content=body, headers=headers)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/vacancies/a%00b"),  # PostgreSQL text cannot hold a NUL
        ("POST", "/api/v1/vacancies/a%00b/close"),
        ("PUT", "/api/v1/vacancies/%20"),  # a blank reference
        ("GET", "/api/v1/vacancies/" + "x" * 201),
        ("GET", "/api/v1/vacancies?offset=99999999999999999999"),  # beyond a bigint
    ],
    ids=["nul", "nul-close", "blank", "too-long", "offset"],
)
async def test_an_impossible_reference_or_offset_is_a_validation_error(
    client, agency, method, path
):
    """Refused when the request is read (the field named), not by the database."""
    auth, _ = agency
    response = await client.request(method, path, json={"title": "Kok"}, headers=auth)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] in ("path", "query")


async def test_put_stores_the_reference_of_its_path_whatever_the_body_says(client, agency):
    auth, _ = agency
    body = {"vacaturenummer": "OTHER", "id": "ALSO-OTHER", "functie": "Kok"}
    response = await client.put("/api/v1/vacancies/P-1", json=body, headers=auth)
    assert response.status_code == 200 and response.json()["external_ref"] == "P-1"
    assert (await client.get("/api/v1/vacancies/OTHER", headers=auth)).status_code == 404
    assert (await client.get("/api/v1/vacancies/P-1", headers=auth)).json()["title"] == "Kok"


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/api/v1/vacancies", "GET, POST"),
        ("/api/v1/vacancies/V-1", "GET, PUT"),
        ("/api/v1/proposals/1/answer", "POST"),
    ],
)
async def test_a_method_not_allowed_names_every_method_of_the_path(client, agency, path, allowed):
    auth, _ = agency
    response = await client.request("OPTIONS", path, headers=auth)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed


async def test_declining_without_a_reason_is_a_dutch_422(client, agency):
    auth, proposal_id = agency
    response = await client.post(
        f"/api/v1/proposals/{proposal_id}/answer", json={"action": "decline"}, headers=auth
    )
    assert response.status_code == 422
    assert response.json() == {"detail": "Kies een reden voor de afwijzing."}
