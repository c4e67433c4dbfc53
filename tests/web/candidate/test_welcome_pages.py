"""/welkom: an invitation code becomes a candidate account, once, before it expires."""

from __future__ import annotations

from tests.factories import make_candidate, make_user
from tests.web.conftest import csrf_token
from web.accounts.passwords import new_invitation_code
from web.accounts.repositories import invitations
from web.candidates.repositories import candidates

NEW_PASSWORD = "een lange zin als wachtwoord"


async def _invite(conn, *, hours: int = 72):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, first_name="Aya")
    code = new_invitation_code()
    await invitations.issue(
        conn, candidate_id=candidate.id, code=code, created_by=coach.id, hours=hours
    )
    return candidate, code


async def _create(client, code: str, email: str, password=NEW_PASSWORD, repeat=None):
    token = await csrf_token(client, "/welkom")
    form = {
        "csrf_token": token,
        "email": email,
        "password": password,
        "password_repeat": password if repeat is None else repeat,
    }
    return await client.post(f"/welkom/{code}", data=form)


async def test_code_leads_to_an_account_that_lands_on_my_jobs(client, conn):
    candidate, code = await _invite(conn)
    token = await csrf_token(client, "/welkom")
    typed = await client.post(
        "/welkom", data={"csrf_token": token, "code": code.lower().replace("-", " ")}
    )
    assert typed.status_code == 303 and typed.headers["location"] == f"/welkom/{code}"
    assert (await client.get(f"/welkom/{code}")).status_code == 200

    mismatch = await _create(client, code, "aya@test.example", repeat="iets anders heel lang")
    assert mismatch.status_code == 422 and "niet hetzelfde" in mismatch.text
    short = await _create(client, code, "aya@test.example", password="kort")
    assert short.status_code == 422 and "minstens 10 tekens" in short.text

    created = await _create(client, code, "aya@test.example")
    assert created.status_code == 303 and created.headers["location"] == "/candidate"
    assert "httponly" in created.headers["set-cookie"].lower()
    home = await client.get("/candidate")
    assert home.status_code == 200 and "Hoi Aya" in home.text
    linked = await candidates.by_id(conn, candidate_id=candidate.id)
    assert linked.user_id is not None
    role = await conn.fetchval("SELECT role FROM users WHERE id = $1", linked.user_id)
    assert role == "candidate"
    actions = {r["action"] for r in await conn.fetch("SELECT action FROM audit_log")}
    assert {"invitation_used", "account_created", "login"} <= actions


async def test_a_code_works_once(client, conn):
    _candidate, code = await _invite(conn)
    assert (await _create(client, code, "eerste@test.example")).status_code == 303
    client.cookies.clear()
    again = await _create(client, code, "tweede@test.example")
    assert again.status_code == 410 and "al gebruikt" in again.text
    token = await csrf_token(client, "/welkom")
    typed = await client.post("/welkom", data={"csrf_token": token, "code": code})
    assert typed.status_code == 410 and "al gebruikt" in typed.text
    assert await conn.fetchval("SELECT count(*) FROM users WHERE role = 'candidate'") == 1


async def test_expired_and_unknown_codes_get_a_clear_message(client, conn):
    _candidate, code = await _invite(conn, hours=0)
    expired = await client.get(f"/welkom/{code}")
    assert expired.status_code == 410 and "verlopen" in expired.text
    assert (await _create(client, code, "laat@test.example")).status_code == 410
    unknown = await client.get("/welkom/ABCD-EFGH-JKLM")
    assert unknown.status_code == 404 and "kennen we niet" in unknown.text
    # Refused codes are counted for the client's limit, not audited one row per guess.
    assert await conn.fetchval("SELECT count(*) FROM audit_log") == 0
    assert await conn.fetchval("SELECT sum(failures) FROM welcome_failures") == 3


async def test_a_taken_email_leaves_the_invitation_unused(client, conn):
    _candidate, code = await _invite(conn)
    taken = await make_user(conn, role="agency")
    response = await _create(client, code, taken.email.upper())
    assert response.status_code == 422 and "al een account" in response.text
    assert (await invitations.state(conn, code=code)).status == "open"
