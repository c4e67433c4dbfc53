"""A jobcoach reviews suggestions: shown and logged, approved once, rejected for good."""

from __future__ import annotations

import httpx
import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.accounts.repositories import organisations
from web.app import create_app
from web.matching.embedder import embed_pending


async def _worker_embeds(app) -> None:
    """What the worker does after a write (the web process never embeds)."""
    for kind in ("vacancy", "candidate"):
        await embed_pending(app.state.pool, app.state.matching.encoder, kind=kind)


@pytest.fixture
async def matching_client(settings, database_url, conn):
    org = await make_org(conn)
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(
        conn, coach=coach, desired_work="heftruck rijden", skills=["heftruck rijden"]
    )
    forklift = await make_vacancy(
        conn, org=org, title="Heftruckchauffeur", skills=["heftruck rijden"]
    )
    kitchen = await make_vacancy(
        conn, org=org, title="Afwasser", skills=["afwassen"], description="Keuken"
    )
    app = create_app(
        settings.model_copy(update={"matching_enabled": True}), database_url=database_url
    )
    async with app.router.lifespan_context(app):
        await _worker_embeds(app)
        await app.state.matching.wait_ready(timeout_seconds=120)
        await app.state.matching.catch_up()
        await app.state.matching.match_state.refresh([candidate.id])
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await login(client, coach.email, PASSWORD)
            yield client, candidate, forklift, kitchen


async def test_suggestions_are_shown_with_reasons_and_logged(matching_client, conn):
    client, candidate, forklift, _kitchen = matching_client
    page = await client.get(
        f"/coach/candidates/{candidate.id}/suggestions", headers={"HX-Request": "true"}
    )
    assert page.status_code == 200
    assert "Heftruckchauffeur" in page.text and "<html" not in page.text
    assert page.headers["vary"] == "HX-Request"
    logged = await conn.fetch(
        "SELECT vacancy_id, model, index_build_id, breakdown FROM suggestions"
    )
    assert forklift in {r["vacancy_id"] for r in logged}
    assert all(r["model"] and r["index_build_id"] for r in logged)
    assert {"semantic", "skills", "perspective"} <= set(logged[0]["breakdown"])


async def _decide(client, candidate_id: int, vacancy_id: int, decision: str, reason: str):
    token = await csrf_token(client, f"/coach/candidates/{candidate_id}")
    return await client.post(
        f"/coach/candidates/{candidate_id}/decisions",
        data={
            "csrf_token": token,
            "vacancy_id": vacancy_id,
            "decision": decision,
            "reason_code": reason,
        },
        headers={"HX-Request": "true"},
    )


async def test_approve_twice_gives_one_proposal_in_the_timeline(matching_client, conn):
    client, candidate, forklift, _kitchen = matching_client
    first = await _decide(client, candidate.id, forklift, "approve", "goede_match")
    second = await _decide(client, candidate.id, forklift, "approve", "goede_match")
    assert "Voorstel aangemaakt" in first.text and "Al beoordeeld" in second.text
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    profile = await client.get(f"/coach/candidates/{candidate.id}")
    assert "Voorgesteld door jobcoach" in profile.text


async def test_rejected_suggestion_does_not_come_back_unless_the_vacancy_changes(
    matching_client, conn
):
    client, candidate, forklift, _kitchen = matching_client
    await _decide(client, candidate.id, forklift, "reject", "te_ver")
    page = await client.get(f"/coach/candidates/{candidate.id}/suggestions")
    assert "Heftruckchauffeur" not in page.text.split('id="suggestions"')[1]
    await conn.execute("UPDATE vacancies SET content_hash = 'changed' WHERE id = $1", forklift)
    page = await client.get(f"/coach/candidates/{candidate.id}/suggestions")
    assert "Heftruckchauffeur" in page.text.split('id="suggestions"')[1]


async def test_decision_without_reason_is_refused(matching_client, conn):
    client, candidate, forklift, _kitchen = matching_client
    response = await _decide(client, candidate.id, forklift, "approve", "")
    assert response.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 0


async def test_kill_switch_puts_coaches_in_manual_mode(matching_client, conn):
    client, candidate, _forklift, _kitchen = matching_client
    await organisations.set_suggestions(
        conn, organisation_id=candidate.organisation_id, enabled=False
    )
    page = await client.get(f"/coach/candidates/{candidate.id}/suggestions")
    assert "handmatige modus" in page.text
    assert "Heftruckchauffeur" not in page.text
    caseload = await client.get("/coach")
    assert "handmatige modus" in caseload.text


async def test_caseload_counts_fresh_suggestions_and_filters(matching_client):
    client, candidate, _forklift, _kitchen = matching_client
    page = await client.get("/coach")
    assert candidate.first_name in page.text and 'class="badge good"' in page.text
    filtered = await client.get(
        "/coach", params={"q": "nobody-has-this"}, headers={"HX-Request": "true"}
    )
    assert "Geen kandidaten gevonden" in filtered.text and "<html" not in filtered.text


async def test_vacancy_page_shows_which_of_my_candidates_fit(matching_client):
    client, candidate, forklift, _kitchen = matching_client
    page = await client.get(f"/coach/vacancies/{forklift}")
    assert page.status_code == 200 and candidate.first_name in page.text
    search = await client.get("/coach/vacancies", params={"q": "heftruck"})
    assert "Heftruckchauffeur" in search.text and "Afwasser" not in search.text


async def test_a_fit_on_the_vacancy_page_is_proposed_once_and_then_marked(matching_client, conn):
    client, candidate, forklift, _kitchen = matching_client
    page = await client.get(f"/coach/vacancies/{forklift}")
    fits = page.text.split("Welke van mijn kandidaten passen?")[1].split('id="waarom"')[0]
    assert f'hx-target="#propose-{forklift}-{candidate.id}"' in fits
    token = await csrf_token(client, f"/coach/vacancies/{forklift}")
    data = {"csrf_token": token, "candidate_id": candidate.id, "reason_code": "perspectief"}
    for _twice in range(2):
        await client.post(
            f"/coach/vacancies/{forklift}/proposals", data=data, headers={"HX-Request": "true"}
        )
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    page = await client.get(f"/coach/vacancies/{forklift}")
    fits = page.text.split("Welke van mijn kandidaten passen?")[1].split('id="waarom"')[0]
    assert "al voorgesteld (Voorgesteld door jobcoach)" in fits and "hx-target" not in fits


async def test_skill_gap_advice_names_the_missing_certificate(matching_client, conn):
    client, candidate, _forklift, _kitchen = matching_client
    org = await make_org(conn)
    for n in range(3):
        await make_vacancy(
            conn,
            org=org,
            title=f"Heftruckchauffeur {n}",
            skills=["heftruck rijden"],
            required_certificates=["heftruckcertificaat"],
        )
    await _worker_embeds(client._transport.app)
    await client._transport.app.state.matching.catch_up()
    advice = await client.get(
        f"/coach/candidates/{candidate.id}/advice", headers={"HX-Request": "true"}
    )
    assert "heftruckcertificaat" in advice.text
