"""The second step of a staff login, for the benchmark scripts (over HTTP, like a person).

After `POST /login` a coach, agency user or admin is sent to `/login/code` (or to
`/login/enrol` the first time). `Staff.second_step` completes either: it enrols with the
secret shown on the page, or types a code of the known secret (the demo staff share
web/demo/seed.py's DEMO_TOTP_SECRET). The app takes each code once, so a bench that opens
many sessions for one person types a TOTP code for the first and recovery codes for the
others (those the enrolment showed, else ten new ones made through the first session).
Against a commit without the second step the login is done after `POST /login`, and this
does nothing. Imports nothing from the project (bench/load.py runs against any server).
"""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pyotp

DEMO_TOTP_SECRET = "PERSPECTIEFDEMO2PERSPECTIEFDEMO2"  # web/demo/seed.py
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')
SECRET_ON_PAGE = re.compile(r'<code id="totp-secret">([A-Z2-7 ]+)</code>')
RECOVERY_CODE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")
STEPS = ("/login/code", "/login/enrol")


class Staff:
    """Second steps for any number of sessions per person, in one process."""

    def __init__(self, secrets: dict[str, str] | None = None) -> None:
        self.secrets = dict(secrets or {})  # e-mail → TOTP secret
        self.first: dict[str, httpx.AsyncClient] = {}  # e-mail → a signed-in client
        self.codes: dict[str, list[str]] = {}  # e-mail → unused recovery codes
        self.locks: dict[str, asyncio.Lock] = {}  # one second step per person at a time

    async def second_step(
        self, client: httpx.AsyncClient, email: str, response: httpx.Response
    ) -> httpx.Response:
        """`response` is the answer to `POST /login`; the answer that ends the login (a
        redirect, or the recovery codes page after an enrolment: see `signed_in`)."""
        step = response.headers.get("location", "") if response.status_code == 303 else ""
        if step not in STEPS:
            return response
        async with self.locks.setdefault(email, asyncio.Lock()):
            if step == "/login/enrol":
                return await self._enrol(client, email)
            return await self._code(client, email)

    async def _code(self, client: httpx.AsyncClient, email: str) -> httpx.Response:
        if email in self.first and self.first[email].is_closed and not self.codes.get(email):
            del self.first[email]  # its session is gone with it: a TOTP code again
        if email in self.first:
            return await _type(client, "/login/code", await self._recovery_code(email))
        secret = self.secrets.get(email, DEMO_TOTP_SECRET)
        for drift in (0, 1):  # this step's code, or the next one's when it was just used
            done = await _type(
                client, "/login/code", pyotp.TOTP(secret).at(time.time() + 30 * drift)
            )
            if done.status_code == 303:
                self.first[email] = client
                return done
        return done

    async def _enrol(self, client: httpx.AsyncClient, email: str) -> httpx.Response:
        page = await client.get("/login/enrol")
        found = SECRET_ON_PAGE.search(page.text)
        if found is None:
            raise RuntimeError(f"{email}: no secret on the enrolment page")
        secret = found.group(1).replace(" ", "")
        done = await _type(client, "/login/enrol", pyotp.TOTP(secret).now())
        if done.status_code == 200:
            self.secrets[email], self.first[email] = secret, client
            self.codes[email] = RECOVERY_CODE.findall(done.text)
        return done

    async def _recovery_code(self, email: str) -> str:
        if not self.codes.get(email):
            first = self.first[email]
            token = await _csrf(first, "/account/two-factor")
            page = await first.post(
                "/account/two-factor/recovery-codes", data={"csrf_token": token}
            )
            self.codes[email] = RECOVERY_CODE.findall(page.text)
        return self.codes[email].pop()


def signed_in(response: httpx.Response) -> bool:
    """Whether a login ended well: a redirect to a page (not back to a login step), or
    the recovery codes page after an enrolment."""
    if response.status_code == 200:
        return "/login" not in str(response.url) or "herstelcodes" in response.text
    location = response.headers.get("location", "")
    return response.status_code == 303 and not location.startswith("/login")


async def _type(client: httpx.AsyncClient, path: str, code: str) -> httpx.Response:
    token = await _csrf(client, "/login")
    return await client.post(path, data={"code": code, "csrf_token": token})


async def _csrf(client: httpx.AsyncClient, path: str) -> str:
    found = CSRF_META.search((await client.get(path)).text)
    if found is None:
        raise RuntimeError(f"no CSRF token on {path}")
    return found.group(1)
