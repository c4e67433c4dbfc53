from __future__ import annotations

import httpx
import pytest

from tests.factories import PASSWORD, make_user
from tests.web.conftest import csrf_token, login
from web.accounts.sessions import SESSION_COOKIE


async def test_login_reaches_role_home_and_sets_a_safe_cookie(client, conn):
    user = await make_user(conn, role="jobcoach")
    response = await login(client, user.email, PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/coach/worklist"  # the work list
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert (await client.get("/coach")).status_code == 200
    events = await conn.fetch("SELECT action FROM audit_log WHERE object_id = $1", user.id)
    assert [e["action"] for e in events] == ["login"]


async def test_secure_cookie_outside_development(app, conn):
    app.state.settings = app.state.settings.model_copy(
        update={"environment": "production", "public_base_url": "https://perspectief.test"}
    )
    user = await make_user(conn, role="admin")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as client:
        response = await login(client, user.email, PASSWORD)
    assert response.status_code == 303 and client.cookies.get(SESSION_COOKIE)
    cookies = response.headers.get_list("set-cookie")
    assert cookies and all("Secure" in cookie for cookie in cookies)


async def test_unknown_user_and_wrong_password_get_the_same_answer(client, conn):
    user = await make_user(conn, role="agency")
    wrong = await login(client, user.email, "not-the-password")
    unknown = await login(client, "nobody@test.example", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in wrong.text
    assert wrong.text.replace(user.email, "X") == unknown.text.replace("nobody@test.example", "X")


async def test_each_login_gets_a_new_token_and_logout_ends_it(client, conn):
    user = await make_user(conn, role="candidate")
    await login(client, user.email, PASSWORD)
    first = client.cookies[SESSION_COOKIE]
    await login(client, user.email, PASSWORD)
    second = client.cookies[SESSION_COOKIE]
    assert first != second
    token = await csrf_token(client, "/candidate")
    response = await client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 303
    client.cookies.set(SESSION_COOKIE, second)
    assert (await client.get("/candidate")).status_code == 303  # back to login
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 0


@pytest.mark.parametrize("column", ["last_seen_at", "expires_at"])
async def test_idle_and_absolute_expiry(client, conn, column):
    user = await make_user(conn, role="jobcoach")
    await login(client, user.email, PASSWORD)
    assert (await client.get("/coach")).status_code == 200
    await conn.execute(f"UPDATE sessions SET {column} = now() - interval '13 hours'")
    response = await client.get("/coach")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_state_change_without_csrf_token_is_refused(client, conn):
    user = await make_user(conn, role="admin")
    await login(client, user.email, PASSWORD)
    refused = await client.post("/admin/kill-switch", data={"enabled": "false"})
    assert refused.status_code == 403
    token = await csrf_token(client, "/admin")
    wrong = await client.post(
        "/admin/kill-switch", data={"enabled": "false", "csrf_token": "x" + token}
    )
    assert wrong.status_code == 403
    accepted = await client.post(
        "/admin/kill-switch", data={"enabled": "false"}, headers={"X-CSRF-Token": token}
    )
    assert accepted.status_code == 303
    assert (
        await conn.fetchval(
            "SELECT automatic_suggestions FROM organisations WHERE id = $1", user.organisation_id
        )
        is False
    )


async def test_login_form_itself_needs_the_csrf_token(client, conn):
    user = await make_user(conn, role="jobcoach")
    await client.get("/login")
    response = await client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403


async def test_failed_logins_are_throttled_even_with_the_right_password(client, conn):
    user = await make_user(conn, role="jobcoach")
    for _ in range(5):
        assert (await login(client, user.email, "wrong-password")).status_code == 401
    throttled = await login(client, user.email, PASSWORD)
    assert throttled.status_code == 429
    assert "Te veel mislukte pogingen" in throttled.text
    other = await make_user(conn, role="jobcoach")
    assert (await login(client, other.email, PASSWORD)).status_code == 303


async def test_login_never_redirects_off_site(client, conn):
    user = await make_user(conn, role="jobcoach")
    response = await login(client, user.email, PASSWORD, next="//evil.example/")
    assert response.headers["location"] == "/coach/worklist"
    # A local page asked for before the login is reached after the second step.
    await client.post("/logout", data={"csrf_token": await csrf_token(client, "/coach")})
    response = await login(client, user.email, PASSWORD, next="/coach/vacancies")
    assert response.headers["location"] == "/coach/vacancies"


async def test_security_headers_and_error_pages_without_stack_traces(client):
    response = await client.get("/does-not-exist")
    assert response.status_code == 404
    assert "Traceback" not in response.text and "Niet gevonden" in response.text
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


async def test_healthz_reports_database(client):
    body = (await client.get("/healthz")).json()
    assert body["database"] == "ok"
    assert "index" in body


async def test_personal_pages_are_not_stored_by_caches_static_files_may_be(client, conn):
    coach = await make_user(conn, role="jobcoach")
    await login(client, coach.email, PASSWORD)
    for path in ("/coach", "/login", "/healthz"):
        assert (await client.get(path)).headers["cache-control"] == "no-store", path
    static = await client.get("/static/app.css")
    assert static.status_code == 200 and static.headers.get("cache-control") != "no-store"
    assert "strict-transport-security" not in (await client.get("/login")).headers


async def test_production_sends_hsts(database_url, tmp_path):
    import httpx

    from web.app import create_app
    from web.settings import Settings

    settings = Settings(
        environment="production",
        public_base_url="https://perspectief.test",
        data_dir=tmp_path,
        matching_enabled=False,
    )
    app = create_app(settings, database_url=database_url)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://t") as client:
            response = await client.get("/login")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
