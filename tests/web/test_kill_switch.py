"""The kill switch belongs to one municipality: its admin switches suggestions off for
their own coaches (manual mode: no suggestions, fit list, counts or skill-gap advice)
while another municipality keeps them (issue 11, integrity)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.conftest import _with_database
from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.accounts.repositories.users import User
from web.app import create_app
from web.candidates.repositories.candidates import CandidateRecord
from web.matching.embedder import embed_pending
from web.migrations import MIGRATIONS_DIR, migrate
from web.oversight.repositories import audit

MANUAL = "handmatige modus"


@dataclass(frozen=True)
class Municipality:
    admin: User
    coach: User
    candidate: CandidateRecord


async def _municipality(conn, name: str) -> Municipality:
    org = await make_org(conn, kind="municipality", name=f"Gemeente {name}")
    coach = await make_user(conn, role="jobcoach", org=org)
    candidate = await make_candidate(
        conn,
        coach=coach,
        first_name=name,
        desired_work="heftruck rijden",
        skills=["heftruck rijden"],
    )
    return Municipality(await make_user(conn, role="admin", org=org), coach, candidate)


@asynccontextmanager
async def signed_in(app, user: User) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await login(client, user.email, PASSWORD)
        yield client


async def _switch(client: httpx.AsyncClient, *, enabled: bool, htmx: bool = False):
    token = await csrf_token(client, "/admin")
    return await client.post(
        "/admin/kill-switch",
        data={"enabled": "true" if enabled else "false", "csrf_token": token},
        headers={"HX-Request": "true"} if htmx else {},
    )


async def _switch_state(conn, org_id: int) -> bool:
    return await conn.fetchval(
        "SELECT automatic_suggestions FROM organisations WHERE id = $1", org_id
    )


async def test_an_admin_switches_only_their_own_municipality(client, conn):
    utrecht, amersfoort = await _municipality(conn, "Yara"), await _municipality(conn, "Bram")
    await login(client, utrecht.admin.email, PASSWORD)
    switched = await _switch(client, enabled=False, htmx=True)
    assert switched.status_code == 200 and "Uit" in switched.text
    assert "Gemeente Yara" in switched.text
    assert await _switch_state(conn, utrecht.admin.organisation_id) is False
    assert await _switch_state(conn, amersfoort.admin.organisation_id) is True
    events = await audit.for_object(
        conn, object_type="organisation", object_id=utrecht.admin.organisation_id
    )
    assert [(e.action, e.actor_id) for e in events] == [("suggestions_off", utrecht.admin.id)]
    async with signed_in(client._transport.app, amersfoort.admin) as other:
        page = await other.get("/admin")
        assert 'class="badge good">Aan' in page.text and "Gemeente Bram" in page.text
    back = await _switch(client, enabled=True)
    assert back.status_code == 303
    assert await _switch_state(conn, utrecht.admin.organisation_id) is True
    events = await audit.for_object(
        conn, object_type="organisation", object_id=utrecht.admin.organisation_id
    )
    assert [e.action for e in events] == ["suggestions_off", "suggestions_on"]


async def test_the_global_setting_is_carried_into_every_municipality(admin_uri, tmp_path):
    server = await asyncpg.connect(admin_uri)
    await server.execute("DROP DATABASE IF EXISTS kill_switch_migration WITH (FORCE)")
    await server.execute("CREATE DATABASE kill_switch_migration")
    conn = await asyncpg.connect(_with_database(admin_uri, "kill_switch_migration"))
    try:
        await _migrate_until(conn, "0008_kill_switch_per_municipality.sql", tmp_path)
        await conn.execute(
            "UPDATE app_settings SET value = 'false' WHERE key = 'automatic_suggestions'"
        )
        await conn.execute(
            "INSERT INTO organisations (kind, name, slug) VALUES "
            "('municipality', 'Utrecht', 'utrecht'), ('municipality', 'Zeist', 'zeist'), "
            "('agency', 'Flex', 'flex')"
        )
        await migrate(conn)
        rows = await conn.fetch("SELECT kind, automatic_suggestions FROM organisations")
        assert sorted(map(tuple, rows)) == [
            ("agency", True),
            ("municipality", False),
            ("municipality", False),
        ]
        assert await conn.fetchval("SELECT count(*) FROM app_settings") == 0
    finally:
        await conn.close()
        await server.execute("DROP DATABASE IF EXISTS kill_switch_migration WITH (FORCE)")
        await server.close()


async def _migrate_until(conn: asyncpg.Connection, first_left_out: str, work: Path) -> None:
    """Apply the migrations before `first_left_out` (a database as it was before it)."""
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < first_left_out:
            shutil.copy(path, work / path.name)
    await migrate(conn, work)


async def _worker_embeds(app) -> None:
    """What the worker does after a write (the web process never embeds)."""
    for kind in ("vacancy", "candidate"):
        await embed_pending(app.state.pool, app.state.matching.encoder, kind=kind)


@pytest.fixture
async def two_municipalities(settings, database_url, conn):
    """Two municipalities with a forklift driver each, and forklift vacancies (three of
    them ask for a certificate, so skill-gap advice has something to say)."""
    agency = await make_org(conn, kind="agency")
    forklift = await make_vacancy(conn, org=agency, title="Heftruckchauffeur")
    for n in range(3):
        await make_vacancy(
            conn,
            org=agency,
            title=f"Heftruckchauffeur {n}",
            skills=["heftruck rijden"],
            required_certificates=["heftruckcertificaat"],
        )
    utrecht, amersfoort = await _municipality(conn, "Yara"), await _municipality(conn, "Bram")
    app = create_app(
        settings.model_copy(update={"matching_enabled": True}), database_url=database_url
    )
    async with app.router.lifespan_context(app):
        await _worker_embeds(app)
        await app.state.matching.wait_ready(timeout_seconds=120)
        await app.state.matching.catch_up()
        ids = [utrecht.candidate.id, amersfoort.candidate.id]
        await app.state.matching.match_state.refresh(ids)
        yield app, utrecht, amersfoort, forklift


async def _coach_pages(app, place: Municipality, forklift: int) -> dict[str, str]:
    candidate = place.candidate.id
    htmx = {"HX-Request": "true"}
    async with signed_in(app, place.coach) as client:
        pages = {
            "caseload": await client.get("/coach"),
            "suggestions": await client.get(f"/coach/candidates/{candidate}/suggestions"),
            "advice": await client.get(f"/coach/candidates/{candidate}/advice", headers=htmx),
            "vacancy": await client.get(f"/coach/vacancies/{forklift}"),
        }
    assert all(page.status_code == 200 for page in pages.values())
    return {name: page.text for name, page in pages.items()}


async def test_switched_off_is_manual_mode_there_and_only_there(two_municipalities, conn):
    app, utrecht, amersfoort, forklift = two_municipalities
    async with signed_in(app, utrecht.admin) as admin:
        assert (await _switch(admin, enabled=False)).status_code == 303

    off = await _coach_pages(app, utrecht, forklift)
    assert all(MANUAL in text for text in off.values())
    suggestions = off["suggestions"].split('id="suggestions"')[1]
    assert "Heftruckchauffeur" not in suggestions
    assert "goede matches" not in off["advice"] and "heftruckcertificaat" not in off["advice"]
    assert 'class="badge good"' not in off["caseload"]  # no fresh-suggestion count
    fits = off["vacancy"].split("Welke van mijn kandidaten passen?")[1].split('id="voorstellen"')[0]
    assert "Yara" not in fits  # no fit list: nothing the matcher computed
    assert "Voorstellen aan Yara" in off["vacancy"]  # proposing by hand still works

    on = await _coach_pages(app, amersfoort, forklift)
    assert not any(MANUAL in text for text in on.values())
    assert "Heftruckchauffeur" in on["suggestions"].split('id="suggestions"')[1]
    assert "heftruckcertificaat" in on["advice"] and "goede matches" in on["advice"]
    assert 'class="badge good"' in on["caseload"]
    assert "Bram" in on["vacancy"]

    logged = await conn.fetch("SELECT DISTINCT candidate_id FROM suggestions")
    assert [r["candidate_id"] for r in logged] == [amersfoort.candidate.id]
