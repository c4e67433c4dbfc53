"""schemathesis against the agencies' API, inside `make test`.

Every operation of `/openapi.json`, called with a real agency key against a real
database, on the app served by uvicorn in its own thread and event loop (as in
production; the test's own loop only seeds). Bounded to a few hundred cases, positive
and negative. An answer must never be a 5xx, and its status code, content type, headers
and body must be the ones the document declares.

The seeded rows are the ones the generated calls reach: the vacancy under the documented
example reference (the path's example), and proposals 1 and 2 (with and without consent).
The five-minute run with every check is `bench/schemathesis_run.py`.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, settings

from tests.factories import make_candidate, make_org, make_shared_proposal, make_user, make_vacancy
from web.accounts.repositories import api_keys
from web.api.docs import build_api_schema
from web.api.schemas import EXAMPLE_VACANCY
from web.app import create_app
from web.settings import Settings

MAX_EXAMPLES = 30  # per operation and phase: 9 operations → a few hundred calls
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
async def agency_key(conn) -> str:
    """An agency's API key, its vacancy under the example reference, and two proposals
    to it from a jobcoach's candidate: id 1 with consent, id 2 without."""
    org = await make_org(conn, kind="agency")
    planner = await make_user(conn, role="agency", org=org)
    _key, secret = await api_keys.create(
        conn, organisation_id=org.id, name="schemathesis", created_by=planner.id
    )
    coach = await make_user(conn, role="jobcoach")
    for ref, consent in ((str(EXAMPLE_VACANCY["id"]), True), ("VAC-2", False)):
        vacancy_id = await make_vacancy(conn, org=org, external_ref=ref)
        candidate = await make_candidate(conn, coach=coach)
        await make_shared_proposal(
            conn, candidate_id=candidate.id, vacancy_id=vacancy_id, consent=consent
        )
    return secret


@pytest.fixture
def live_api(database_url: str, agency_key: str, tmp_path: Path) -> Iterator[str]:
    """The app under uvicorn on a free port (lifespan and pool in the server's loop)."""
    settings = Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=None,
        matching_enabled=False,
        esco_dir=tmp_path / "no-esco",
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    app = create_app(settings, database_url=database_url)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, name="schemathesis-api", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


# The document /openapi.json serves, loaded at collection so that every operation is a
# test of its own (schemathesis's fixture-based loader does not run on pytest 9.2).
schema = schemathesis.openapi.from_dict(
    build_api_schema(),
    config=schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "max-examples": MAX_EXAMPLES},
            # Examples and fuzzing; the coverage phase alone is thousands of calls for
            # the vacancy body's hundred fields, and stateful runs belong to the bench.
            "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        }
    ),
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis directory in the repository
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented_and_never_5xx(
    case: schemathesis.Case, live_api: str, agency_key: str
) -> None:
    auth = {"Authorization": f"Bearer {agency_key}"}
    case.call_and_validate(base_url=live_api, headers=auth, checks=CHECKS)


def test_the_tested_document_is_the_one_served(live_api: str) -> None:
    with urllib.request.urlopen(f"{live_api}/openapi.json", timeout=10) as served:
        assert json.loads(served.read()) == json.loads(json.dumps(build_api_schema()))
