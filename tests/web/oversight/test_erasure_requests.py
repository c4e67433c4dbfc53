"""A jobcoach cannot erase alone: the coach asks, an admin of the same municipality
approves (and the candidate is erased) or declines; every step is audited."""

from __future__ import annotations

from tests.factories import PASSWORD, make_candidate, make_org, make_user
from tests.web.conftest import csrf_token, login


async def _world(conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    candidate = await make_candidate(conn, coach=coach, first_name="Sem", last_name="Jansen")
    elsewhere = await make_org(conn, kind="municipality")
    return {
        "coach": coach,
        "admin": admin,
        "candidate": candidate,
        "other_coach": await make_user(conn, role="jobcoach", org=elsewhere),
        "other_admin": await make_user(conn, role="admin", org=elsewhere),
    }


async def _as(client, user) -> None:
    client.cookies.clear()
    assert (await login(client, user.email, PASSWORD)).status_code == 303


async def _ask(client, candidate_id: int, reason: str = "request"):
    token = await csrf_token(client, f"/coach/candidates/{candidate_id}")
    return await client.post(
        f"/coach/candidates/{candidate_id}/erasure-request",
        data={"reason": reason, "csrf_token": token},
    )


async def _decide(client, request_id: int, verb: str, **form: str):
    token = await csrf_token(client, "/admin/erasure")
    return await client.post(
        f"/admin/erasure-requests/{request_id}/{verb}", data={**form, "csrf_token": token}
    )


async def _actions(conn, candidate_id: int) -> list[str]:
    rows = await conn.fetch(
        "SELECT action FROM audit_log WHERE object_type = 'candidate' AND object_id = $1"
        " AND action LIKE 'erasure%' OR action = 'candidate_erased' AND object_id = $1"
        " ORDER BY id",
        candidate_id,
    )
    return [r["action"] for r in rows]


async def test_the_coach_asks_once_and_the_admin_approves_and_erases(client, conn):
    w = await _world(conn)
    cid = w["candidate"].id
    await _as(client, w["coach"])
    assert (await _ask(client, cid)).status_code == 303
    assert (await _ask(client, cid, "no_longer_needed")).status_code == 303  # same request
    page = (await client.get(f"/coach/candidates/{cid}")).text
    assert "Aangevraagd" in page and "Verwijdering aanvragen" not in page
    request_id = await conn.fetchval("SELECT id FROM erasure_requests WHERE candidate_id = $1", cid)
    assert await conn.fetchval("SELECT count(*) FROM erasure_requests") == 1
    assert (await _decide(client, request_id, "approve", confirm="true")).status_code == 403

    await _as(client, w["admin"])
    listed = (await client.get("/admin/erasure")).text
    assert "Verzoeken van jobcoaches (1)" in listed and "Sem Jansen" in listed
    unconfirmed = await _decide(client, request_id, "approve")
    assert unconfirmed.status_code == 422 and "niet terug te draaien" in unconfirmed.text
    assert await conn.fetchval("SELECT count(*) FROM candidates WHERE id = $1", cid) == 1

    done = await _decide(client, request_id, "approve", confirm="true")
    assert done.status_code == 303 and "erased=Verwijderd-" in done.headers["location"]
    assert await conn.fetchval("SELECT count(*) FROM candidates WHERE id = $1", cid) == 0
    assert await conn.fetchval("SELECT count(*) FROM erasure_requests") == 0
    assert await _actions(conn, cid) == [
        "erasure_requested",
        "erasure_approved",
        "candidate_erased",
    ]
    again = await _decide(client, request_id, "approve", confirm="true")
    assert again.status_code == 404


async def test_a_declined_request_erases_nothing_and_may_be_asked_again(client, conn):
    w = await _world(conn)
    cid = w["candidate"].id
    await _as(client, w["coach"])
    await _ask(client, cid)
    request_id = await conn.fetchval("SELECT id FROM erasure_requests WHERE candidate_id = $1", cid)

    await _as(client, w["admin"])
    declined = await _decide(client, request_id, "decline")
    assert declined.status_code == 303
    assert "afgewezen" in (await client.get(declined.headers["location"])).text
    assert await conn.fetchval("SELECT count(*) FROM candidates WHERE id = $1", cid) == 1

    await _as(client, w["coach"])
    assert "Verwijdering aanvragen" in (await client.get(f"/coach/candidates/{cid}")).text
    assert (await _ask(client, cid)).status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM erasure_requests") == 2
    assert await _actions(conn, cid) == [
        "erasure_requested",
        "erasure_declined",
        "erasure_requested",
    ]


async def test_no_reason_and_other_municipalities_are_refused(client, conn):
    w = await _world(conn)
    cid = w["candidate"].id
    await _as(client, w["coach"])
    no_reason = await _ask(client, cid, "")
    assert no_reason.status_code == 422 and "Kies een reden" in no_reason.text
    assert await conn.fetchval("SELECT count(*) FROM erasure_requests") == 0

    await _as(client, w["other_coach"])
    assert (await _ask(client, cid)).status_code == 404
    await _as(client, w["coach"])
    await _ask(client, cid)
    request_id = await conn.fetchval("SELECT id FROM erasure_requests WHERE candidate_id = $1", cid)

    await _as(client, w["other_admin"])
    assert "Sem Jansen" not in (await client.get("/admin/erasure")).text
    assert (await _decide(client, request_id, "approve", confirm="true")).status_code == 404
    assert (await _decide(client, request_id, "decline")).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM candidates WHERE id = $1", cid) == 1
