"""Every route × every role (plus anonymous and a user of another organisation).

The matrix below is the specification: a route that exists in the app but not here
fails the test, so nobody adds a page without deciding who may see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.app import api_routes

PRINCIPALS = ("anonymous", "jobcoach", "agency", "candidate", "admin", "other_org")
PUBLIC = {"/login", "/logout", "/healthz", "/"}


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
    Case("GET", "/healthz", everyone(200)),
    Case("GET", "/coach", only("jobcoach", other=200)),
    Case("GET", "/coach/candidates/{candidate_id:int}", only("jobcoach")),
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
        {"from_state": "proposed", "to_state": "withdrawn"},
    ),
    Case("GET", "/coach/skills", only("jobcoach", other=200)),
    Case("GET", "/agency", only("agency", other=200)),
    Case("GET", "/agency/vacancies/{vacancy_id}", only("agency")),
    Case("GET", "/candidate", only("candidate", other=200)),
    Case("GET", "/admin", only("admin", other=200)),
    Case("POST", "/admin/kill-switch", only("admin", 303, other=303), {"enabled": "true"}),
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
    proposal_id = await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2) RETURNING id",
        candidate.id,
        await make_vacancy(conn, org=agency_org),
    )
    ids = {"candidate_id": candidate.id, "vacancy_id": vacancy_id, "proposal_id": proposal_id}
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
                response = await client.post(path, data={**form, "csrf_token": token})
        finally:
            await client.aclose()
        assert response.status_code == case.expect[principal], (
            f"{case.method} {case.path} as {principal}: {response.status_code}"
        )
