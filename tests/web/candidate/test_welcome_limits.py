"""/welkom is rate-limited per client, and wrong codes are audited per window, not per guess."""

from __future__ import annotations

import httpx

from tests.factories import make_candidate, make_user
from tests.web.conftest import csrf_token
from web.accounts.passwords import new_invitation_code
from web.accounts.repositories import invitations


def _client_at(app, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 51000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def _invite(conn) -> str:
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, first_name="Aya")
    code = new_invitation_code()
    await invitations.issue(
        conn, candidate_id=candidate.id, code=code, created_by=coach.id, hours=72
    )
    return code


async def _type_code(client: httpx.AsyncClient, code: str) -> httpx.Response:
    token = await csrf_token(client, "/welkom")
    return await client.post("/welkom", data={"csrf_token": token, "code": code})


async def _guess_ten_ways(client: httpx.AsyncClient) -> None:
    """Ten wrong codes through the three doors: typed, as a link, and the account form."""
    token = await csrf_token(client, "/welkom")
    for n in range(4):
        assert (await _type_code(client, f"GOK{n}-AAAA-BBBB")).status_code == 404
    for n in range(3):
        assert (await client.get(f"/welkom/GOK{n}-CCCC-DDDD")).status_code == 404
    form = {"csrf_token": token, "email": "a@test.example", "password": "x", "password_repeat": "x"}
    for n in range(3):
        assert (await client.post(f"/welkom/GOK{n}-EEEE-FFFF", data=form)).status_code == 404


async def test_a_client_that_guessed_too_often_waits_others_do_not(app, conn):
    code = await _invite(conn)
    async with _client_at(app, "203.0.113.66") as guesser:
        await _guess_ten_ways(guesser)
        refused = await _type_code(guesser, code)  # even the right code, for now
        assert refused.status_code == 429
        assert "te vaak een verkeerde code" in refused.text
        assert (await guesser.get(f"/welkom/{code}")).status_code == 429
    async with _client_at(app, "198.51.100.7") as candidate:
        typed = await _type_code(candidate, code)
        assert typed.status_code == 303
        assert (await candidate.get(typed.headers["location"])).status_code == 200
    assert (await invitations.state(conn, code=code)).status == "open"


async def test_wrong_codes_become_one_audit_entry_per_client_and_window(app, conn):
    async with _client_at(app, "203.0.113.66") as first, _client_at(app, "198.51.100.7") as second:
        for n in range(3):
            await _type_code(first, f"GOK{n}-AAAA-BBBB")
        for n in range(2):
            await second.get(f"/welkom/GOK{n}-CCCC-DDDD")
        assert await conn.fetchval("SELECT count(*) FROM audit_log") == 0  # nothing per guess
        await conn.execute(
            "UPDATE welcome_failures SET window_start = window_start - interval '1 day'"
        )
        async with _client_at(app, "192.0.2.1") as third:
            await third.get("/welkom/GOK9-EEEE-FFFF")  # any later check closes the old windows
    rows = await conn.fetch("SELECT * FROM audit_log ORDER BY count")
    assert [(r["action"], r["count"]) for r in rows] == [
        ("welcome_failures", 2),
        ("welcome_failures", 3),
    ]
    assert all(r["actor_id"] is None and r["object_id"] is None for r in rows)
    assert "GOK" not in str([dict(r) for r in rows])
    left = await conn.fetch("SELECT client, failures FROM welcome_failures")
    assert [(r["client"], r["failures"]) for r in left] == [("192.0.2.1", 1)]


async def test_using_a_code_is_still_audited(app, conn):
    code = await _invite(conn)
    async with _client_at(app, "198.51.100.7") as candidate:
        token = await csrf_token(candidate, "/welkom")
        form = {
            "csrf_token": token,
            "email": "aya@test.example",
            "password": "een lange zin als wachtwoord",
            "password_repeat": "een lange zin als wachtwoord",
        }
        assert (await candidate.post(f"/welkom/{code}", data=form)).status_code == 303
    actions = [r["action"] for r in await conn.fetch("SELECT action FROM audit_log ORDER BY id")]
    assert {"invitation_open", "invitation_used", "account_created"} <= set(actions)
