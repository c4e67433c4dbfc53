"""A real server for browser tests: uvicorn in a thread on a free port, against a fresh
test database with one user per role, and Debian's Chromium through Playwright.

Reuse: request `live_server` for the URL and the seeded logins, and `page` for a
Chromium page (skipped with a clear message when /usr/bin/chromium is missing). The
live server comes with a job worker (`running_worker`, in its own thread and event
loop), as `perspectief demo` runs one: uploads are imported, vacancies embedded.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.factories import (
    PASSWORD,
    TOTP_SECRETS,
    make_candidate,
    make_org,
    make_user,
    unused_code,
)
from web.accounts.repositories.users import User
from web.app import create_app
from web.settings import Settings
from web.worker.main import run_worker

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass(frozen=True)
class LiveServer:
    url: str
    logins: dict[str, str]  # role → e-mail; every password is `password`
    organisation_ids: dict[str, int]  # role → organisation id
    password: str = PASSWORD


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_worker(database_url: str, settings: Settings) -> Iterator[None]:
    """`perspectief worker` in a thread of this process, stopped as on SIGTERM."""
    ready = threading.Event()
    control: dict[str, object] = {}

    async def main() -> None:
        stop = asyncio.Event()
        control.update(loop=asyncio.get_running_loop(), stop=stop)
        ready.set()
        await run_worker(settings, database_url=database_url, stop=stop)

    thread = threading.Thread(target=asyncio.run, args=(main(),), name="worker", daemon=True)
    thread.start()
    ready.wait(20)
    try:
        yield
    finally:
        loop, stop = control["loop"], control["stop"]
        assert isinstance(loop, asyncio.AbstractEventLoop) and isinstance(stop, asyncio.Event)
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=30)


@pytest.fixture
async def seeded_users(conn) -> dict[str, User]:
    municipality = await make_org(conn, kind="municipality", name="Gemeente Utrecht")
    agency_org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    candidate_user = await make_user(conn, role="candidate", org=municipality)
    await make_candidate(conn, coach=coach, user_id=candidate_user.id)
    return {
        "jobcoach": coach,
        "candidate": candidate_user,
        "agency": await make_user(conn, role="agency", org=agency_org),
        "admin": await make_user(conn, role="admin", org=municipality),
    }


@pytest.fixture
def live_port() -> int:
    return _free_port()


@pytest.fixture
def live_settings(tmp_path, live_port) -> Settings:
    """The server's and its worker's settings (links on pages and in mails point at the
    server); a test module may override this fixture (the e-mail test adds a sink)."""
    return Settings(
        environment="test",
        data_dir=tmp_path,
        matching_enabled=False,
        esco_dir=tmp_path / "no",
        public_base_url=f"http://127.0.0.1:{live_port}",
    )


@pytest.fixture
def live_server(database_url, seeded_users, live_settings, live_port) -> Iterator[LiveServer]:
    app = create_app(live_settings, database_url=database_url)
    config = uvicorn.Config(app, host="127.0.0.1", port=live_port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        with running_worker(database_url, live_settings):
            yield LiveServer(
                url=f"http://127.0.0.1:{live_port}",
                logins={role: user.email for role, user in seeded_users.items()},
                organisation_ids={
                    role: user.organisation_id for role, user in seeded_users.items()
                },
            )
    finally:
        server.should_exit = True
        thread.join(timeout=20)


async def browser_login(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    """Log in through the form; staff (with a secret from make_user) then type a code
    from their app at /login/code. The caller waits for the page it expects."""
    await page.goto(f"{base}/login")
    await page.get_by_label("E-mailadres").fill(email)
    await page.get_by_label("Wachtwoord").fill(password)
    await page.get_by_role("button", name="Inloggen").click()
    secret = TOTP_SECRETS.get(email.lower())
    if secret is None:
        return
    await page.wait_for_url("**/login/code")
    await page.get_by_label("Code", exact=True).fill(await unused_code(secret))
    await page.get_by_role("button", name="Inloggen").click()


@pytest.fixture
async def page() -> AsyncIterator[object]:
    if not CHROMIUM.exists():  # noqa: ASYNC240  # one stat, before any browser
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (make browser-deps)")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            context = await browser.new_context(locale="nl-NL")
            yield await context.new_page()
        finally:
            await browser.close()
