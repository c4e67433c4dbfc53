"""Staff log in with a second factor: enrolment (QR, secret, recovery codes once), then a
code from the app once, or a recovery code once; the login limits cover wrong codes; an
admin resets a lost phone; candidates are never asked."""

from __future__ import annotations

import re

import httpx
import pyotp

from tests.factories import PASSWORD, TOTP_SECRETS, make_org, make_user, unused_code
from tests.web.conftest import csrf_token, login
from web.accounts import totp

SECRET_ON_PAGE = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


async def _password(client: httpx.AsyncClient, email: str) -> httpx.Response:
    token = await csrf_token(client)
    form = {"email": email, "password": PASSWORD, "csrf_token": token}
    return await client.post("/login", data=form)


async def _code(client: httpx.AsyncClient, code: str, path: str = "/login/code"):
    token = await csrf_token(client, "/login")
    return await client.post(path, data={"code": code, "csrf_token": token})


def _wrong_code(secret: str) -> str:
    """Six digits that are no code of the steps around now."""
    now = totp.current_step()
    near = {totp.code_at(secret, step) for step in range(now - 2, now + 3)}
    return next(c for c in ("123456", "234567", "345678", "456789", "567890") if c not in near)


async def _actions(conn, user_id: int) -> list[str]:
    rows = await conn.fetch(
        "SELECT action FROM audit_log WHERE object_type = 'user' AND object_id = $1 ORDER BY id",
        user_id,
    )
    return [r["action"] for r in rows]


async def test_first_login_enrols_and_shows_ten_recovery_codes_once(client, conn):
    coach = await make_user(conn, role="jobcoach", two_factor=False)
    step = await _password(client, coach.email)
    assert step.status_code == 303 and step.headers["location"] == "/login/enrol"
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 0
    assert (await client.get("/coach")).headers["location"].startswith("/login")

    page = await client.get("/login/enrol")
    assert page.status_code == 200 and "<svg" in page.text and "otpauth://totp/" in page.text
    assert "<script" not in page.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = SECRET_ON_PAGE.search(page.text).group(1).replace(" ", "")
    wrong = await _code(client, _wrong_code(secret), "/login/enrol")
    assert wrong.status_code == 401 and "Deze code klopt niet" in wrong.text
    assert (await client.get("/login/enrol")).text.count(secret[:4]) >= 1  # same secret

    done = await _code(client, pyotp.TOTP(secret).now(), "/login/enrol")
    assert done.status_code == 200 and "Je herstelcodes" in done.text
    codes = RECOVERY.findall(done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = {r["code_hash"] for r in await conn.fetch("SELECT code_hash FROM recovery_codes")}
    assert stored == {totp.recovery_hash(c) for c in codes}  # hashes only
    assert (await client.get("/coach")).status_code == 200
    assert await conn.fetchval("SELECT secret FROM totp_secrets") == secret
    assert await _actions(conn, coach.id) == ["totp_enrolled", "login"]
    # The enrolment page is gone once used.
    assert (await client.get("/login/enrol")).headers["location"] == "/login"


async def test_the_second_step_takes_a_right_code_once(app, client, conn):
    agency = await make_user(conn, role="agency")
    secret = TOTP_SECRETS[agency.email]
    assert (await _password(client, agency.email)).headers["location"] == "/login/code"
    assert (await client.get("/agency")).status_code == 303  # no session yet
    wrong = await _code(client, _wrong_code(secret))
    assert wrong.status_code == 401 and "Deze code klopt niet" in wrong.text
    code = await unused_code(secret)
    right = await _code(client, code)
    assert right.status_code == 303 and right.headers["location"] == "/agency"
    assert (await client.get("/agency")).status_code == 200

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await _password(other, agency.email)
        replayed = await _code(other, code)
        assert replayed.status_code == 401 and "al gebruikt" in replayed.text
        assert (
            await conn.fetchval("SELECT count(*) FROM sessions WHERE user_id = $1", agency.id) == 1
        )


async def test_a_recovery_code_works_once(client, conn):
    admin = await make_user(conn, role="admin", two_factor=False)
    await _password(client, admin.email)
    page = await client.get("/login/enrol")
    secret = SECRET_ON_PAGE.search(page.text).group(1).replace(" ", "")
    codes = RECOVERY.findall((await _code(client, pyotp.TOTP(secret).now(), "/login/enrol")).text)
    await client.post("/logout", data={"csrf_token": await csrf_token(client, "/admin")})

    await _password(client, admin.email)
    used = await _code(client, codes[3].upper().replace("-", " "))  # as typed, roughly
    assert used.status_code == 303 and used.headers["location"] == "/admin"
    await client.post("/logout", data={"csrf_token": await csrf_token(client, "/admin")})
    await _password(client, admin.email)
    again = await _code(client, codes[3])
    assert again.status_code == 401
    assert "recovery_code_used" in await _actions(conn, admin.id)

    renewed = await client.get("/account/two-factor")
    assert renewed.status_code == 303  # not signed in
    assert (await _code(client, codes[4])).status_code == 303
    assert 'id="recovery-left">8<' in (await client.get("/account/two-factor")).text
    token = await csrf_token(client, "/account/two-factor")
    fresh = await client.post("/account/two-factor/recovery-codes", data={"csrf_token": token})
    assert len(RECOVERY.findall(fresh.text)) == 10 and codes[5] not in fresh.text
    assert 'id="recovery-left">10<' in (await client.get("/account/two-factor")).text


async def test_wrong_codes_count_towards_the_login_limit(client, conn):
    coach = await make_user(conn, role="jobcoach")
    await _password(client, coach.email)
    for _ in range(5):  # PERSPECTIEF_LOGIN_MAX_FAILURES_PER_ACCOUNT
        assert (await _code(client, "abcde-fghjk")).status_code == 401
    blocked = await _code(client, await unused_code(TOTP_SECRETS[coach.email]))
    assert blocked.status_code == 429 and "Te veel mislukte pogingen" in blocked.text
    # A correct password does not clear the count: the next password is throttled too.
    assert (await login(client, coach.email, PASSWORD)).status_code == 429
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 0


async def test_an_admin_resets_a_lost_phone(app, client, conn):
    municipality = await make_org(conn, kind="municipality")
    admin = await make_user(conn, role="admin", org=municipality)
    coach = await make_user(conn, role="jobcoach", org=municipality)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as phone:
        assert (await login(phone, coach.email, PASSWORD)).status_code == 303
        await login(client, admin.email, PASSWORD)
        assert "Tweede stap opnieuw instellen" in (await client.get("/admin/people")).text
        token = await csrf_token(client, "/admin/people")
        reset = await client.post(
            f"/admin/people/{coach.id}/reset-two-factor", data={"csrf_token": token}
        )
        assert reset.status_code == 303
        assert (await phone.get("/coach")).status_code == 303  # signed out at once
        assert (await _password(phone, coach.email)).headers["location"] == "/login/enrol"
    assert (
        await conn.fetchval("SELECT count(*) FROM totp_secrets WHERE user_id = $1", coach.id) == 0
    )
    assert (
        await conn.fetchval("SELECT count(*) FROM recovery_codes WHERE user_id = $1", coach.id) == 0
    )
    assert (await _actions(conn, coach.id))[-1] == "totp_reset"


async def test_a_pending_login_expires_and_ends_with_the_account(client, conn):
    coach = await make_user(conn, role="jobcoach")
    secret = TOTP_SECRETS[coach.email]
    await _password(client, coach.email)
    await conn.execute("UPDATE pending_logins SET expires_at = now() - interval '1 second'")
    late = await _code(client, await unused_code(secret))
    assert late.status_code == 401 and "te lang" in late.text
    assert (await client.get("/login/code")).headers["location"] == "/login"

    await _password(client, coach.email)
    await conn.execute("UPDATE users SET disabled_at = now() WHERE id = $1", coach.id)
    assert (await _code(client, await unused_code(secret))).status_code == 401
    assert await conn.fetchval("SELECT count(*) FROM sessions") == 0


async def test_candidates_are_not_asked_for_a_code(client, conn):
    candidate = await make_user(conn, role="candidate")
    response = await _password(client, candidate.email)
    assert response.status_code == 303 and response.headers["location"] == "/candidate"
    assert await conn.fetchval("SELECT count(*) FROM pending_logins") == 0
