"""An admin manages people in the browser: create with a one-time setup link, switch off
(sessions end at once, API keys stop) and on again; refusals in Dutch; all audited."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.factories import PASSWORD, make_org, make_user
from tests.web.conftest import csrf_token, login
from web.accounts import people
from web.accounts.repositories import api_keys

NEW_PASSWORD = "een lange zin als wachtwoord"
LINK = re.compile(r"/instellen/([A-Z0-9-]+)")


async def _world(conn):
    municipality = await make_org(conn, kind="municipality", name="Gemeente Utrecht")
    agency_org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    admin = await make_user(conn, role="admin", org=municipality)
    agency = await make_user(conn, role="agency", org=agency_org)
    return municipality, agency_org, admin, agency


async def _post(client: httpx.AsyncClient, path: str, **form: object) -> httpx.Response:
    token = await csrf_token(client, "/admin/people")
    return await client.post(path, data={**form, "csrf_token": token})


def _browser(app) -> httpx.AsyncClient:
    """Another person's browser, with its own cookies."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def _actions(conn, user_id: int) -> list[str]:
    rows = await conn.fetch(
        "SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = $1 ORDER BY id",
        user_id,
    )
    return [r["action"] for r in rows]


async def test_admin_creates_a_coach_who_sets_a_password_with_the_link_once(app, client, conn):
    municipality, _agency_org, admin, _agency = await _world(conn)
    assert (await login(client, admin.email, PASSWORD)).status_code == 303
    assert 'href="/admin/people"' in (await client.get("/admin")).text
    created = await _post(
        client,
        "/admin/people",
        email="Nieuwe.Coach@utrecht.example",
        display_name="Nina de Coach",
        role="jobcoach",
        organisation_id=municipality.id,
    )
    assert created.status_code == 200, created.text
    code = LINK.search(created.text).group(1)
    user_id = await conn.fetchval(
        "SELECT id FROM users WHERE email = 'Nieuwe.Coach@utrecht.example'"
    )
    assert await conn.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id) is None
    assert "Wacht op wachtwoord" in (await client.get("/admin/people")).text

    async with _browser(app) as new:
        page = await new.get(f"/instellen/{code}")
        assert page.status_code == 200 and "Nieuwe.Coach@utrecht.example" in page.text
        token = await csrf_token(new, f"/instellen/{code}")
        form = {"password": NEW_PASSWORD, "password_repeat": NEW_PASSWORD, "csrf_token": token}
        weak = await new.post(f"/instellen/{code}", data={**form, "password": "kort"})
        assert weak.status_code == 422 and "minstens 10 tekens" in weak.text
        saved = await new.post(f"/instellen/{code}", data=form)
        assert saved.status_code == 303 and saved.headers["location"] == "/login?ingesteld=1"
        again = await new.post(f"/instellen/{code}", data=form)
        assert again.status_code == 410 and "al gebruikt" in again.text
        # The password works; a staff login then sets up the second step.
        signed = await login(new, "nieuwe.coach@utrecht.example", NEW_PASSWORD)
        assert signed.status_code == 303 and signed.headers["location"] == "/login/enrol"
    assert await _actions(conn, user_id) == [
        "user_created",
        "setup_link_created",
        "setup_link_used",
    ]


async def test_a_setup_link_expires_and_a_new_one_replaces_it(app, client, conn):
    _municipality, _agency_org, admin, agency = await _world(conn)
    await login(client, admin.email, PASSWORD)
    first = LINK.search((await _post(client, f"/admin/people/{agency.id}/setup-link")).text)[1]
    second = LINK.search((await _post(client, f"/admin/people/{agency.id}/setup-link")).text)[1]
    anonymous = _browser(app)
    async with anonymous:
        assert (await anonymous.get(f"/instellen/{first}")).status_code == 410
        assert (await anonymous.get(f"/instellen/{second}")).status_code == 200
        await conn.execute("UPDATE staff_setup_links SET expires_at = now() - interval '1 minute'")
        expired = await anonymous.get(f"/instellen/{second}")
        assert expired.status_code == 410 and "verlopen" in expired.text
        unknown = await anonymous.get("/instellen/ABCD-EFGH-JKLM")
        assert unknown.status_code == 404 and "kennen we niet" in unknown.text


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"role": "jobcoach", "kind": "agency"}, "Een jobcoach hoort bij een gemeente"),
        (
            {"role": "agency", "kind": "municipality"},
            "hoort bij een uitzendbureau of een werkgever",
        ),
        ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"email": "DUBBEL@test.example"}, "Er is al een account met dit e-mailadres."),
        ({"role": "candidate"}, "Kies een rol"),
        ({"kind": "other_municipality"}, "Kies een organisatie uit de lijst."),
    ],
)
async def test_wrong_forms_are_refused_in_dutch(client, conn, form, message):
    municipality, agency_org, admin, _agency = await _world(conn)
    await make_user(conn, role="jobcoach", org=municipality, email="dubbel@test.example")
    other = await make_org(conn, kind="municipality")
    orgs = {"municipality": municipality, "agency": agency_org, "other_municipality": other}
    await login(client, admin.email, PASSWORD)
    users_before = await conn.fetchval("SELECT count(*) FROM users")
    refused = await _post(
        client,
        "/admin/people",
        email=form.get("email", "iemand@test.example"),
        display_name="Iemand",
        role=form.get("role", "jobcoach"),
        organisation_id=orgs[form.get("kind", "municipality")].id,
    )
    assert refused.status_code == 422 and message in refused.text
    assert await conn.fetchval("SELECT count(*) FROM users") == users_before


async def test_disabling_ends_sessions_and_api_keys_at_once_and_enabling_restores(
    app, client, conn
):
    _municipality, agency_org, admin, agency = await _world(conn)
    _key, secret = await api_keys.create(
        conn, organisation_id=agency_org.id, name="ATS", created_by=agency.id
    )
    bearer = {"Authorization": f"Bearer {secret}"}
    async with _browser(app) as own:
        assert (await login(own, agency.email, PASSWORD)).status_code == 303
        assert (await own.get("/agency")).status_code == 200
        assert (await own.get("/api/v1/vacancies", headers=bearer)).status_code == 200

        await login(client, admin.email, PASSWORD)
        off = await _post(client, f"/admin/people/{agency.id}/disable")
        assert off.status_code == 303
        assert "uitgezet" in (await client.get(off.headers["location"])).text
        assert (
            await conn.fetchval("SELECT count(*) FROM sessions WHERE user_id = $1", agency.id) == 0
        )
        assert (await own.get("/agency")).headers["location"].startswith("/login")
        assert (await own.get("/api/v1/vacancies", headers=bearer)).status_code == 401
        assert (await login(own, agency.email, PASSWORD)).status_code == 401

        on = await _post(client, f"/admin/people/{agency.id}/enable")
        assert on.status_code == 303
        assert (await own.get("/api/v1/vacancies", headers=bearer)).status_code == 200
        assert (await login(own, agency.email, PASSWORD)).status_code == 303
    assert await _actions(conn, agency.id) == ["login", "user_disabled", "user_enabled", "login"]


async def test_an_admin_cannot_switch_off_themselves_nor_the_last_admin(client, conn):
    municipality, _agency_org, admin, _agency = await _world(conn)
    await login(client, admin.email, PASSWORD)
    refused = await _post(client, f"/admin/people/{admin.id}/disable")
    assert refused.status_code == 422 and "Je kunt jezelf niet uitzetten" in refused.text
    assert await conn.fetchval("SELECT disabled_at FROM users WHERE id = $1", admin.id) is None

    # An admin whose own account was just switched off (by another admin, at the same
    # moment) cannot switch off the last enabled one.
    colleague = await make_user(conn, role="admin", org=municipality)
    await conn.execute("UPDATE users SET disabled_at = now() WHERE id = $1", admin.id)
    with pytest.raises(people.PersonRefused, match="laatste beheerder"):
        await people.disable(conn, admin=admin, user_id=colleague.id)


async def test_another_municipality_s_staff_and_candidates_are_not_managed(client, conn):
    _municipality, _agency_org, admin, agency = await _world(conn)
    stranger = await make_user(conn, role="jobcoach", org=await make_org(conn, kind="municipality"))
    candidate = await make_user(conn, role="candidate", org=_municipality)
    await login(client, admin.email, PASSWORD)
    page = (await client.get("/admin/people")).text
    assert agency.email in page and stranger.email not in page and candidate.email not in page
    for user in (stranger, candidate):
        assert (await _post(client, f"/admin/people/{user.id}/disable")).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM users WHERE disabled_at IS NOT NULL") == 0
