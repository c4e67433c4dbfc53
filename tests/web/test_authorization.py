"""Every route × every role (plus anonymous and a user of another organisation).

The matrix below is the specification: a route that exists in the app but not here
fails the test, so nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import pytest

from tests.factories import (
    PASSWORD,
    make_candidate,
    make_org,
    make_shared_proposal,
    make_user,
    make_vacancy,
)
from tests.web.conftest import csrf_token, login
from web.accounts.repositories import api_keys
from web.app import api_routes
from web.candidates.repositories import correction_requests
from web.vacancies.repositories import imports

PRINCIPALS = ("anonymous", "jobcoach", "agency", "candidate", "admin", "other_org")
PUBLIC = {
    "/login",
    "/logout",
    "/healthz",
    "/",
    "/docs",
    "/openapi.json",
    "/welkom",
    "/welkom/{code}",
    "/algoritme",
    "/instellen/{code}",
    "/login/code",
    "/login/enrol",
}


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    expect: dict[str, int]
    form: dict[str, str] = field(default_factory=dict)


def only(role: str, ok: int = 200, *, other: int = 404, anonymous: int = 303) -> dict[str, int]:
    """`role` gets `ok`, other roles 403, another organisation's user `other`."""
    statuses = {p: 403 for p in PRINCIPALS}
    statuses.update({"anonymous": anonymous, role: ok, "other_org": other})
    return statuses


def everyone(status: int) -> dict[str, int]:
    return {p: status for p in PRINCIPALS}


MATRIX = [
    Case("GET", "/", {**everyone(303)}),
    Case("GET", "/login", {**everyone(303), "anonymous": 200}),
    Case("POST", "/login", {**everyone(422)}),
    Case("POST", "/logout", everyone(303)),
    # The second step of a staff login: without a pending login, back to /login (401 on
    # a POST, the login form with "log opnieuw in").
    Case("GET", "/login/code", everyone(303)),
    Case("POST", "/login/code", everyone(401), {"code": "123456"}),
    Case("GET", "/login/enrol", everyone(303)),
    Case("POST", "/login/enrol", everyone(401), {"code": "123456"}),
    # A staff member's own recovery codes (another organisation's coach too).
    Case("GET", "/account/two-factor", {**everyone(200), "anonymous": 303, "candidate": 403}),
    Case(
        "POST",
        "/account/two-factor/recovery-codes",
        {**everyone(200), "anonymous": 303, "candidate": 403},
    ),
    Case("GET", "/healthz", everyone(200)),
    Case("GET", "/coach", only("jobcoach", other=200)),
    Case("GET", "/coach/worklist", only("jobcoach", other=200)),
    Case(
        "POST",
        "/coach/worklist/done",
        only("jobcoach", 303),
        {"item": "quiet:{candidate_id}:{candidate_id}:2026-01-01T00:00:00+00:00"},
    ),
    Case("GET", "/coach/candidates/{candidate_id:int}", only("jobcoach")),
    Case(
        "POST",
        "/coach/candidates/{candidate_id:int}/erasure-request",
        only("jobcoach", 303),
        {"reason": "request"},
    ),
    Case("GET", "/coach/candidates/new", only("jobcoach", other=200)),
    Case("POST", "/coach/candidates", only("jobcoach", 422, other=422)),
    Case("GET", "/coach/candidates/{candidate_id:int}/edit", only("jobcoach")),
    Case(
        "POST",
        "/coach/candidates/{candidate_id:int}",
        only("jobcoach", 303),
        {"first_name": "Sem", "travel_mode": "bike", "status": "searching", "shifts": "day"},
    ),
    Case("GET", "/coach/candidates/{candidate_id:int}/suggestions", only("jobcoach")),
    Case(
        "POST",
        "/coach/candidates/{candidate_id:int}/decisions",
        only("jobcoach", 303),
        {"vacancy_id": "{vacancy_id}", "decision": "approve", "reason_code": "goede_match"},
    ),
    Case(
        "POST",
        "/coach/proposals/{proposal_id:int}/transition",
        only("jobcoach", 303),
        {"from_state": "shared_with_agency", "to_state": "withdrawn"},
    ),
    Case("GET", "/coach/skills", only("jobcoach", other=200)),
    Case("GET", "/coach/vacancies", only("jobcoach", other=200)),
    Case("GET", "/coach/vacancies/{vacancy_id:int}", only("jobcoach", other=200)),
    Case(
        "POST",
        "/coach/vacancies/{vacancy_id:int}/proposals",
        only("jobcoach", 303),
        {"candidate_id": "{candidate_id}", "reason_code": "goede_match"},
    ),
    # The world's proposal is not hired yet: it has no start date to change (422).
    Case(
        "POST",
        "/coach/proposals/{proposal_id:int}/start-date",
        only("jobcoach", 422),
        {"start_date": "2026-03-01"},
    ),
    Case("GET", "/coach/candidates/{candidate_id:int}/advice", only("jobcoach")),
    Case("POST", "/coach/candidates/{candidate_id:int}/invitation", only("jobcoach")),
    Case(
        "POST",
        "/coach/candidates/{candidate_id:int}/corrections/{request_id:int}/handled",
        only("jobcoach", 303),
    ),
    Case("GET", "/agency", only("agency", other=200)),
    Case("GET", "/agency/vacancies/{vacancy_id}", only("agency")),
    Case("GET", "/agency/imports", only("agency", other=200)),
    Case("POST", "/agency/imports", only("agency", 422, other=422)),  # no file sent
    Case("GET", "/agency/imports/{batch_id}", only("agency")),
    Case("GET", "/agency/imports/{batch_id}/report.csv", only("agency")),
    Case("GET", "/agency/template.csv", only("agency", other=200)),
    Case("GET", "/agency/template.xlsx", only("agency", other=200)),
    Case("GET", "/agency/api-keys", only("agency", other=200)),
    Case("POST", "/agency/api-keys", only("agency", other=200), {"name": "ATS"}),
    Case("POST", "/agency/api-keys/{key_id}/revoke", only("agency", 303)),
    Case("GET", "/agency/proposals", only("agency", other=200)),
    Case("GET", "/agency/proposals/{proposal_id}", only("agency")),
    Case(
        "POST",
        "/agency/proposals/{proposal_id}/answer",
        only("agency", 303),
        {"action": "decline", "reason_code": "anders"},
    ),
    # The API authenticates with an API key only: a session cookie is not enough (401).
    # Key authentication and organisation separation: tests/web/test_api.py.
    Case("GET", "/api/v1/vacancies", everyone(401)),
    Case("POST", "/api/v1/vacancies", everyone(401)),
    Case("POST", "/api/v1/vacancies/bulk", everyone(401)),
    Case("GET", "/api/v1/vacancies/{external_ref}", everyone(401)),
    Case("PUT", "/api/v1/vacancies/{external_ref}", everyone(401)),
    Case("POST", "/api/v1/vacancies/{external_ref}/close", everyone(401)),
    Case("GET", "/api/v1/proposals", everyone(401)),
    Case("GET", "/api/v1/proposals/{proposal_id}", everyone(401)),
    Case("POST", "/api/v1/proposals/{proposal_id}/answer", everyone(401)),
    Case("GET", "/docs", everyone(200)),
    Case("GET", "/openapi.json", everyone(200)),
    Case("GET", "/candidate", only("candidate", other=200)),
    # The other organisation's candidate user has no profile: 404 on every own-data route.
    Case(
        "POST",
        "/candidate/proposals/{proposal_id:int}/answer",
        only("candidate", 303),
        {"answer": "interested"},
    ),
    Case("GET", "/candidate/proposals/{proposal_id:int}/consent", only("candidate")),
    Case("POST", "/candidate/proposals/{proposal_id:int}/consent", only("candidate", 303)),
    Case("POST", "/candidate/proposals/{proposal_id:int}/consent/withdraw", only("candidate", 303)),
    Case("GET", "/candidate/data", only("candidate")),
    Case("GET", "/candidate/data.json", only("candidate")),
    Case("POST", "/candidate/data/gender", only("candidate", 303), {"gender": ""}),
    Case("POST", "/candidate/data/correction", only("candidate", 303), {"message": "Klopt niet"}),
    Case("GET", "/candidate/explanation", only("candidate", other=200)),
    # Public: a candidate's first visit with the invitation code (unknown code here).
    Case("GET", "/welkom", everyone(200)),
    Case("GET", "/algoritme", everyone(200)),
    Case("POST", "/welkom", everyone(404), {"code": "{code}"}),
    Case("GET", "/welkom/{code}", everyone(404)),
    Case(
        "POST",
        "/welkom/{code}",
        everyone(404),
        {
            "email": "nieuw@test.example",
            "password": "lang-genoeg-1",
            "password_repeat": "lang-genoeg-1",
        },
    ),
    # Your own account: every role that gets mail (another organisation's coach too).
    Case("GET", "/account/notifications", {**everyone(200), "anonymous": 303, "admin": 403}),
    Case(
        "POST",
        "/account/notifications",
        {**everyone(303), "admin": 403},
        {"delivery": "daily"},
    ),
    Case("GET", "/admin", only("admin", other=200)),
    Case("POST", "/admin/kill-switch", only("admin", 303, other=303), {"enabled": "true"}),
    Case("GET", "/admin/erasure", only("admin", other=200)),
    Case("GET", "/admin/audit", only("admin", other=200)),
    Case("GET", "/admin/fairness", only("admin", other=200)),
    Case("POST", "/admin/fairness/counterfactual", only("admin", other=200)),
    Case("POST", "/admin/erasure-requests/{request_id:int}/approve", only("admin", 404, other=404)),
    Case("POST", "/admin/erasure-requests/{request_id:int}/decline", only("admin", 404, other=404)),
    Case("GET", "/admin/audit.csv", only("admin", other=200)),
    # People: the municipality's own staff (user_id: the world's coach) and agency users.
    Case("GET", "/admin/people", only("admin", other=200)),
    Case("POST", "/admin/people", only("admin", 422, other=422)),  # an empty form
    Case("POST", "/admin/people/{user_id:int}/setup-link", only("admin")),
    Case("POST", "/admin/people/{user_id:int}/disable", only("admin", 303)),
    Case("POST", "/admin/people/{user_id:int}/enable", only("admin", 303)),
    Case("POST", "/admin/people/{user_id:int}/reset-two-factor", only("admin", 303)),
    # Public: a staff member's setup link (unknown here).
    Case("GET", "/instellen/{code}", everyone(404)),
    Case("POST", "/instellen/{code}", everyone(404), {"password": "x", "password_repeat": "x"}),
    # Outcomes: every admin sees their own municipality's figures (tests/web/oversight).
    Case("GET", "/admin/outcomes", only("admin", other=200)),
    Case("GET", "/admin/outcomes.csv", only("admin", other=200)),
    Case("GET", "/admin/outcomes.xlsx", only("admin", other=200)),
    # Learning from decisions: every admin acts for their own municipality; no version
    # waits in this world, so accepting one is 404 and going back has nothing to go to.
    Case("GET", "/admin/ranker", only("admin", other=200)),
    Case("POST", "/admin/ranker/{version:int}/accept", only("admin", 404, other=404)),
    Case("POST", "/admin/ranker/back", only("admin", 422, other=422)),
    Case("POST", "/admin/ranker/train", only("admin", 303, other=303)),
    Case(
        "POST",
        "/admin/candidates/{candidate_id:int}/erase",
        only("admin", 303),
        {"reason": "request", "confirm": "true"},
    ),
]
# Which role the "other organisation" principal has, per area of the app.
OTHER_ROLE = {"coach": "jobcoach", "agency": "agency", "candidate": "candidate", "admin": "admin"}


@pytest.fixture
async def world(conn):
    municipality = await make_org(conn, kind="municipality")
    other_municipality = await make_org(conn, kind="municipality")
    agency_org = await make_org(conn, kind="agency")
    other_agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    candidate_user = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(conn, coach=coach, user_id=candidate_user.id)
    users = {
        "jobcoach": coach,
        "candidate": candidate_user,
        "agency": await make_user(conn, role="agency", org=agency_org),
        "admin": await make_user(conn, role="admin", org=municipality),
    }
    others = {
        "jobcoach": await make_user(conn, role="jobcoach", org=other_municipality),
        "agency": await make_user(conn, role="agency", org=other_agency),
        "candidate": await make_user(conn, role="candidate", org=other_municipality),
        "admin": await make_user(conn, role="admin", org=other_municipality),
    }
    vacancy_id = await make_vacancy(conn, org=agency_org)
    proposal_id = await make_shared_proposal(
        conn, candidate_id=candidate.id, vacancy_id=await make_vacancy(conn, org=agency_org)
    )
    batch = await imports.create(
        conn, organisation_id=agency_org.id, created_by=None, source="upload", status="done"
    )
    key, _secret = await api_keys.create(
        conn, organisation_id=agency_org.id, name="", created_by=None
    )
    correction = await correction_requests.create(
        conn, candidate_id=candidate.id, message="Mijn postcode klopt niet"
    )
    ids = {
        "request_id": correction.id,
        "version": 999_999,
        "user_id": coach.id,
        "candidate_id": candidate.id,
        "vacancy_id": vacancy_id,
        "proposal_id": proposal_id,
        "batch_id": batch.id,
        "key_id": key.id,
        "external_ref": "ref-1",
        "code": "ONBEKEND-0000",
    }
    return users, others, ids


def test_matrix_lists_every_route(app):
    routes = {(method, route.path) for route in api_routes() for method in route.methods}
    listed = {(case.method, case.path) for case in MATRIX}
    assert routes - listed == set(), "routes missing from the authorization matrix"
    assert listed - routes == set(), "matrix lists routes that do not exist"


def test_every_non_public_route_declares_its_role(app):
    for route in api_routes():
        if route.path not in PUBLIC and not route.path.startswith("/api/"):
            roles = [d.call.roles for d in route.dependant.dependencies if hasattr(d.call, "roles")]
            assert roles, f"{route.path} declares no role"


async def _client_for(app, principal: str, case: Case, users, others) -> httpx.AsyncClient:
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    if principal == "anonymous":
        return client
    if principal == "other_org":
        area = case.path.strip("/").split("/")[0]
        user = others.get(OTHER_ROLE.get(area, "jobcoach"))
    else:
        user = users[principal]
    response = await login(client, user.email, PASSWORD)
    assert response.status_code == 303, f"login failed for {principal}"
    return client


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method} {c.path}")
async def test_route_answers_each_principal_as_specified(app, world, case: Case):
    users, others, ids = world
    path = re.sub(r":\w+}", "}", case.path).format(**ids)
    form = {name: value.format(**ids) for name, value in case.form.items()}
    for principal in PRINCIPALS:
        client = await _client_for(app, principal, case, users, others)
        try:
            if case.method == "GET":
                response = await client.get(path)
            else:
                token = await csrf_token(client, "/")
                data = {**form, "csrf_token": token}
                response = await client.request(case.method, path, data=data)
        finally:
            await client.aclose()
        assert response.status_code == case.expect[principal], (
            f"{case.method} {case.path} as {principal}: {response.status_code}"
        )
