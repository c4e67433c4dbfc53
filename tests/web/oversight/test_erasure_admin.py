"""The admin page: find a candidate, see what goes, confirm, erase; own municipality only."""

from __future__ import annotations

from tests.factories import PASSWORD, make_candidate, make_org, make_user
from tests.web.conftest import csrf_token, login


async def _world(conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    candidate = await make_candidate(conn, coach=coach, first_name="Sem", last_name="Jansen")
    other = await make_user(conn, role="admin", org=await make_org(conn, kind="municipality"))
    return admin, other, candidate


async def _post_erase(client, candidate_id: int, **form: str):
    token = await csrf_token(client, "/admin/erasure")
    return await client.post(
        f"/admin/candidates/{candidate_id}/erase", data={**form, "csrf_token": token}
    )


async def test_an_admin_confirms_and_erases(client, conn):
    admin, _other, candidate = await _world(conn)
    assert (await login(client, admin.email, PASSWORD)).status_code == 303
    assert 'href="/admin/erasure"' in (await client.get("/admin")).text

    page = await client.get(f"/admin/erasure?candidate={candidate.id}")
    assert page.status_code == 200
    assert "Sem Jansen" in page.text and "Definitief verwijderen" in page.text

    unconfirmed = await _post_erase(client, candidate.id, reason="request")
    assert unconfirmed.status_code == 422 and "niet terug te draaien" in unconfirmed.text
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1

    done = await _post_erase(client, candidate.id, reason="request", confirm="true")
    assert done.status_code == 303
    pseudonym = await conn.fetchval(
        "SELECT pseudonym FROM erased_candidates WHERE id = $1", candidate.id
    )
    assert done.headers["location"] == f"/admin/erasure?erased={pseudonym}"
    assert pseudonym in (await client.get(done.headers["location"])).text
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 0
    again = await client.get(f"/admin/erasure?candidate={candidate.id}")
    assert again.status_code == 404


async def test_another_municipality_s_admin_gets_404(client, conn):
    _admin, other, candidate = await _world(conn)
    assert (await login(client, other.email, PASSWORD)).status_code == 303
    page = await client.get(f"/admin/erasure?candidate={candidate.id}")
    assert page.status_code == 404 and "Sem" not in page.text
    refused = await _post_erase(client, candidate.id, reason="request", confirm="true")
    assert refused.status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1
    assert (
        await conn.fetchval("SELECT count(*) FROM audit_log WHERE object_type = 'candidate'") == 0
    )
