"""A young person who forgot their password: the coach hands out a new one-time link at
any time; it sets a new password once, before it expires, and ends the old sessions."""

from __future__ import annotations

import re

import httpx

from tests.factories import PASSWORD, make_candidate, make_user
from tests.web.conftest import csrf_token, login

NEW_PASSWORD = "mijn fiets staat bij het station"
CODE = re.compile(r'<code id="invitation-code">([^<]*)</code>')


async def _candidate_with_account(conn):
    coach = await make_user(conn, role="jobcoach")
    young = await make_user(conn, role="candidate", email="aya@test.example")
    candidate = await make_candidate(conn, coach=coach, user_id=young.id, first_name="Aya")
    return coach, young, candidate


async def _issue_link(client: httpx.AsyncClient, candidate_id: int) -> tuple[str, str]:
    """The coach's button on the candidate page: the page shown and the code on it."""
    token = await csrf_token(client, f"/coach/candidates/{candidate_id}")
    page = await client.post(
        f"/coach/candidates/{candidate_id}/invitation", data={"csrf_token": token}
    )
    assert page.status_code == 200
    found = CODE.search(page.text)
    assert found
    return page.text, found.group(1)


async def _choose(client: httpx.AsyncClient, code: str, password: str = NEW_PASSWORD):
    token = await csrf_token(client, "/welkom")
    form = {"csrf_token": token, "password": password, "password_repeat": password}
    return await client.post(f"/welkom/{code}", data=form)


async def _actions(conn) -> list[str]:
    return [r["action"] for r in await conn.fetch("SELECT action FROM audit_log ORDER BY id")]


def _fresh_client(app) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_the_coach_can_issue_a_reset_link_for_an_existing_account(client, conn):
    coach, _young, candidate = await _candidate_with_account(conn)
    await login(client, coach.email, PASSWORD)
    profile = await client.get(f"/coach/candidates/{candidate.id}")
    assert "Nieuwe inloglink maken (wachtwoord vergeten)" in profile.text
    page, _code = await _issue_link(client, candidate.id)
    assert "Nieuwe inloglink voor" in page and "Oudere links en codes werken niet meer" in page
    assert "password_reset_created" in await _actions(conn)
    purpose = await conn.fetchval("SELECT purpose FROM invitations")
    assert purpose == "reset"


async def test_a_reset_link_sets_a_new_password_once_and_ends_other_sessions(app, client, conn):
    coach, young, candidate = await _candidate_with_account(conn)
    async with _fresh_client(app) as phone:  # the young person's old, still signed-in phone
        assert (await login(phone, young.email, PASSWORD)).status_code == 303
        assert (await phone.get("/candidate")).status_code == 200
        await login(client, coach.email, PASSWORD)
        _page, code = await _issue_link(client, candidate.id)
        client.cookies.clear()

        form = await client.get(f"/welkom/{code}")
        assert form.status_code == 200 and "Kies een nieuw wachtwoord" in form.text
        assert young.email in form.text
        weak = await _choose(client, code, password="kort")
        assert weak.status_code == 422 and "minstens 10 tekens" in weak.text
        chosen = await _choose(client, code)
        assert chosen.status_code == 303 and chosen.headers["location"] == "/candidate"
        assert (await client.get("/candidate")).status_code == 200

        old_session = await phone.get("/candidate")
        assert old_session.status_code in (303, 401)  # signed out: back to the login
    again = await client.get(f"/welkom/{code}")
    assert again.status_code == 410 and "al gebruikt" in again.text
    client.cookies.clear()
    assert (await login(client, young.email, PASSWORD)).status_code == 401
    assert (await login(client, young.email, NEW_PASSWORD)).status_code == 303
    assert "password_reset_used" in await _actions(conn)
    used = await conn.fetchval("SELECT count(*) FROM invitations WHERE used_at IS NOT NULL")
    assert used == 1


async def test_an_older_link_stops_working_when_a_new_one_is_issued(client, conn):
    coach, _young, candidate = await _candidate_with_account(conn)
    await login(client, coach.email, PASSWORD)
    _page, first = await _issue_link(client, candidate.id)
    _page, second = await _issue_link(client, candidate.id)
    client.cookies.clear()
    old = await client.get(f"/welkom/{first}")
    assert old.status_code == 410 and "verlopen" in old.text
    refused = await _choose(client, first)
    assert refused.status_code == 410
    assert (await _choose(client, second)).status_code == 303


async def test_a_reset_link_expires(client, conn):
    coach, young, candidate = await _candidate_with_account(conn)
    await login(client, coach.email, PASSWORD)
    _page, code = await _issue_link(client, candidate.id)
    await conn.execute("UPDATE invitations SET expires_at = now() - interval '1 minute'")
    client.cookies.clear()
    expired = await _choose(client, code)
    assert expired.status_code == 410 and "verlopen" in expired.text
    assert (await login(client, young.email, PASSWORD)).status_code == 303  # unchanged


async def test_my_data_tells_a_new_password_from_the_account_invitation(client, conn):
    coach, young, candidate = await _candidate_with_account(conn)
    await login(client, coach.email, PASSWORD)
    _page, code = await _issue_link(client, candidate.id)
    client.cookies.clear()
    assert (await _choose(client, code)).status_code == 303
    data = await client.get("/candidate/data")
    assert "Je hebt een nieuw wachtwoord gekozen met een link van je jobcoach" in data.text


async def test_the_login_page_says_what_to_do_when_the_password_is_forgotten(client):
    page = await client.get("/login")
    assert "Wachtwoord vergeten? Vraag je jobcoach om een nieuwe link." in page.text
    assert 'href="/welkom"' in page.text
