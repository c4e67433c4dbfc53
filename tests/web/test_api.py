"""The agencies' REST API: key authentication, vacancies one by one and in bulk, proposals."""

from __future__ import annotations

import pytest

from tests.factories import make_candidate, make_org, make_shared_proposal, make_user, make_vacancy
from web.accounts.repositories import api_keys


@pytest.fixture
async def keys(conn):
    """Two agencies with a key each: (org, headers) pairs."""
    out = []
    for _ in range(2):
        org = await make_org(conn, kind="agency")
        user = await make_user(conn, role="agency", org=org)
        _key, secret = await api_keys.create(
            conn, organisation_id=org.id, name="test", created_by=user.id
        )
        out.append((org, {"Authorization": f"Bearer {secret}"}))
    return out


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer pk_wrong", "Basic dXNlcjpwYXNz", "bearer " + "x" * 500],
)
async def test_requests_without_a_valid_key_are_401(client, header):
    headers = {"Authorization": header} if header else {}
    for method, path in [("GET", "/api/v1/vacancies"), ("POST", "/api/v1/vacancies/bulk")]:
        response = await client.request(method, path, headers=headers, json={"vacancies": []})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert "API-sleutel" in response.json()["detail"]


async def test_create_update_unchanged_and_close(client, keys, conn):
    (org, auth), _ = keys
    body = {"id": "API-1", "functie": "Kok", "uren": "24 tot 32", "uurloon": "15,10"}
    created = await client.post("/api/v1/vacancies", json=body, headers=auth)
    assert created.status_code == 200 and created.json()["status"] == "stored"
    same = await client.post("/api/v1/vacancies", json=body, headers=auth)
    assert same.json() == {**created.json(), "status": "unchanged", "id": None}
    changed = await client.put(
        "/api/v1/vacancies/API-1", json={**body, "uurloon": "16"}, headers=auth
    )
    assert changed.json()["status"] == "stored"
    got = await client.get("/api/v1/vacancies/API-1", headers=auth)
    assert got.json()["hourly_wage"] == 16.0 and got.json()["hours_min"] == 24
    closed = await client.post(
        "/api/v1/vacancies/API-1/close", json={"status": "filled"}, headers=auth
    )
    assert closed.json()["status"] == "stored"
    assert (await client.get("/api/v1/vacancies/API-1", headers=auth)).json()["status"] == "filled"
    listed = await client.get("/api/v1/vacancies", params={"status": "filled"}, headers=auth)
    assert [v["external_ref"] for v in listed.json()] == ["API-1"]


async def test_invalid_vacancy_is_422_with_field_and_dutch_reason(client, keys):
    (_org, auth), _ = keys
    response = await client.post(
        "/api/v1/vacancies",
        json={"id": "A", "title": "Kok", "hours_per_week": "veel"},
        headers=auth,
    )
    assert response.status_code == 422
    first = {
        "row": 1,
        "column": "uren per week",
        "message": "'veel' is geen getal",
        "external_ref": "A",
        "severity": "error",
    }
    assert response.json() == {**first, "problems": [first]}


async def test_bulk_stores_good_reports_bad_and_is_recorded_as_a_batch(client, keys, conn):
    (org, auth), _ = keys
    await make_vacancy(conn, org=org, external_ref="OLD")
    items = [{"id": f"B-{i}", "title": f"Functie {i}"} for i in range(3)]
    items.append({"id": "B-bad", "title": "Kok", "min_age": "zestien"})
    body = {"vacancies": items, "full_feed": True}
    first = await client.post("/api/v1/vacancies/bulk", json=body, headers=auth)
    assert first.status_code == 200
    result = first.json()
    assert (result["stored"], result["unchanged"], result["closed"]) == (3, 0, 1)
    assert (
        result["rejected"][0]["row"] == 4 and result["rejected"][0]["column"] == "minimumleeftijd"
    )
    again = (await client.post("/api/v1/vacancies/bulk", json=body, headers=auth)).json()
    assert (again["stored"], again["unchanged"], again["closed"]) == (0, 3, 0)
    batches = await conn.fetch("SELECT source, stored, rejected, status FROM import_batches")
    assert [tuple(b) for b in batches] == [("api", 3, 1, "done"), ("api", 0, 1, "done")]


async def test_bulk_limit(client, keys, app):
    (_org, auth), _ = keys
    app.state.settings.api_bulk_max_items = 2
    body = {"vacancies": [{"id": str(i), "title": "x"} for i in range(3)]}
    response = await client.post("/api/v1/vacancies/bulk", json=body, headers=auth)
    assert response.status_code == 413


async def test_an_organisation_never_sees_or_changes_another_s_data(client, keys, conn):
    (org, auth), (other_org, other_auth) = keys
    await make_vacancy(conn, org=org, external_ref="MINE", title="Van ons")
    assert (await client.get("/api/v1/vacancies/MINE", headers=other_auth)).status_code == 404
    close = await client.post("/api/v1/vacancies/MINE/close", headers=other_auth)
    assert close.status_code == 404
    assert (await client.get("/api/v1/vacancies", headers=other_auth)).json() == []
    # The same reference in another organisation is another vacancy.
    await client.put("/api/v1/vacancies/MINE", json={"title": "Van hen"}, headers=other_auth)
    mine = (await client.get("/api/v1/vacancies/MINE", headers=auth)).json()
    assert mine["title"] == "Van ons" and mine["status"] == "open"


async def test_proposals_pseudonymised_and_answered(client, keys, conn):
    (org, auth), (_other, other_auth) = keys
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, first_name="Noor", last_name="Smit")
    vacancy_id = await make_vacancy(conn, org=org, external_ref="P-VAC")
    proposal_id = await make_shared_proposal(conn, candidate_id=candidate.id, vacancy_id=vacancy_id)
    [listed] = (await client.get("/api/v1/proposals", headers=auth)).json()
    assert listed["candidate"] == f"Kandidaat P-{proposal_id}" and listed["email"] is None
    assert listed["region"] == "35xx" and listed["vacancy_ref"] == "P-VAC"
    assert "Noor" not in str(listed)
    assert (await client.get("/api/v1/proposals", headers=other_auth)).json() == []
    url = f"/api/v1/proposals/{proposal_id}/answer"
    assert (
        await client.post(url, json={"action": "invite"}, headers=other_auth)
    ).status_code == 404
    refused = await client.post(url, json={"action": "invite"}, headers=auth)
    assert refused.status_code == 409  # no consent yet
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)",
        proposal_id,
        candidate.id,
    )
    invited = await client.post(url, json={"action": "invite"}, headers=auth)
    assert invited.status_code == 200
    assert invited.json()["state"] == "interview" and invited.json()["candidate"] == "Noor Smit"
    bad = await client.post(url, json={"action": "decline", "reason_code": "nope"}, headers=auth)
    assert bad.status_code == 422
    hired = await client.post(url, json={"action": "hire"}, headers=auth)
    assert hired.json()["state"] == "hired"
    # A hire makes the candidate working, whoever records it (the rule lived in the
    # coach's route, so an agency's hire left the candidate "proposed").
    status = await conn.fetchval("SELECT status FROM candidates WHERE id = $1", candidate.id)
    assert status == "working"


async def test_docs_and_openapi_describe_the_api_only(client):
    schema = (await client.get("/openapi.json")).json()
    assert set(schema["paths"]) >= {"/api/v1/vacancies", "/api/v1/vacancies/bulk"}
    assert not any(p.startswith(("/agency", "/coach")) for p in schema["paths"])
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "/api/v1/proposals/{proposal_id}/answer" in docs.text
    assert "Heftruckchauffeur" in docs.text  # the examples are rendered
    assert "<script>" not in docs.text.split("</head>")[1]


async def test_stored_vacancies_are_embedded_by_a_worker(
    client, keys, conn, database_url, settings
):
    from web.worker.testing import run_jobs_until_idle

    (_org, auth), _ = keys
    one = await client.post("/api/v1/vacancies", json={"id": "E-1", "title": "Kok"}, headers=auth)
    items = [{"id": f"E-{i}", "title": f"Magazijnmedewerker {i}"} for i in range(2, 5)]
    await client.post("/api/v1/vacancies/bulk", json={"vacancies": items}, headers=auth)
    await client.post("/api/v1/vacancies/E-4/close", headers=auth)
    await run_jobs_until_idle(database_url, settings)
    embedded = await conn.fetch("SELECT object_id FROM embeddings WHERE kind = 'vacancy'")
    open_ids = await conn.fetch("SELECT id FROM vacancies WHERE status = 'open'")
    assert {r["object_id"] for r in embedded} == {r["id"] for r in open_ids}
    assert one.json()["id"] in {r["object_id"] for r in embedded} and len(open_ids) == 3


@pytest.mark.parametrize("wage", ["nan", "inf", "-14,50", "€ 1.500"])
async def test_an_impossible_wage_is_refused_and_nothing_stored(client, keys, conn, wage):
    """Issue 11: `"hourly_wage": "nan"` was stored and broke every coach page."""
    (_org, auth), _ = keys
    response = await client.post(
        "/api/v1/vacancies",
        json={"id": "nan-1", "title": "Kok", "hourly_wage": wage},
        headers=auth,
    )
    assert response.status_code == 422
    assert response.json()["column"] == "uurloon"
    stored = await conn.fetchval("SELECT count(*) FROM vacancies WHERE external_ref = 'nan-1'")
    assert stored == 0


async def test_the_table_refuses_a_nan_wage(conn):
    import asyncpg

    from tests.factories import make_org, make_vacancy

    org = await make_org(conn)
    with pytest.raises(asyncpg.CheckViolationError):
        await make_vacancy(conn, org=org, title="Kok", hourly_wage=float("nan"))


@pytest.mark.parametrize(
    "path", ["/api/v1/vacancies", "/api/v1/vacancies/bulk", "/api/v1/vacancies/X/close"]
)
async def test_a_body_that_is_not_json_is_a_4xx_json_answer(client, keys, path):
    (_org, auth), _ = keys
    response = await client.post(
        path, content=b"{not json", headers={**auth, "content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("application/json")
