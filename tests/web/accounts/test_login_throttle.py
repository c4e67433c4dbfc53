"""Login throttling per client: nobody can lock someone else out with wrong passwords."""

from __future__ import annotations

import ipaddress
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx

from tests.factories import PASSWORD, make_user
from tests.web.conftest import login

PROXY = "10.0.0.1"


def _client_at(app, address: str, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    """A browser whose requests arrive from `address` (the TCP peer the app sees)."""
    transport = httpx.ASGITransport(app=app, client=(address, 51000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", headers=headers)


def _browsers(app) -> Callable:
    @asynccontextmanager
    async def browser(address: str, forwarded_for: str | None = None) -> AsyncIterator:
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else None
        async with _client_at(app, address, headers) as client:
            yield client

    return browser


async def test_wrong_passwords_from_one_client_do_not_lock_the_account_elsewhere(app, conn):
    user = await make_user(conn, role="jobcoach")
    browser = _browsers(app)
    async with browser("203.0.113.66") as attacker:
        for _ in range(5):
            assert (await login(attacker, user.email, "geraden-wachtwoord")).status_code == 401
        blocked = await login(attacker, user.email, PASSWORD)
        assert blocked.status_code == 429
        assert "Te veel mislukte pogingen" in blocked.text
    async with browser("198.51.100.7") as owner:
        assert (await login(owner, user.email, PASSWORD)).status_code == 303


async def test_one_client_trying_many_accounts_is_stopped_others_are_not(app, conn):
    victim = await make_user(conn, role="agency")
    browser = _browsers(app)
    async with browser("203.0.113.66") as attacker:
        for n in range(20):
            assert (await login(attacker, f"iemand{n}@test.example", "x" * 12)).status_code == 401
        assert (await login(attacker, victim.email, PASSWORD)).status_code == 429
    async with browser("198.51.100.7") as owner:
        assert (await login(owner, victim.email, PASSWORD)).status_code == 303


async def test_behind_a_trusted_proxy_each_client_has_its_own_limit(app, conn):
    app.state.settings = app.state.settings.model_copy(
        update={"trusted_proxies": [ipaddress.ip_network(PROXY)]}
    )
    user = await make_user(conn, role="jobcoach")
    browser = _browsers(app)
    async with browser(PROXY, forwarded_for="203.0.113.66") as attacker:
        for n in range(20):
            await login(attacker, f"iemand{n}@test.example", "x" * 12)
        assert (await login(attacker, user.email, PASSWORD)).status_code == 429
    async with browser(PROXY, forwarded_for="198.51.100.7") as owner:
        assert (await login(owner, user.email, PASSWORD)).status_code == 303
    clients = {r["client"] for r in await conn.fetch("SELECT client FROM login_attempts")}
    assert PROXY not in clients and "203.0.113.66" in clients


async def test_a_forged_header_does_not_escape_the_limit_without_a_trusted_proxy(app, conn):
    user = await make_user(conn, role="jobcoach")
    browser = _browsers(app)
    for n in range(5):
        async with browser("203.0.113.66", forwarded_for=f"192.0.2.{n}") as attacker:
            await login(attacker, user.email, "geraden-wachtwoord")
    async with browser("203.0.113.66", forwarded_for="192.0.2.200") as attacker:
        assert (await login(attacker, user.email, PASSWORD)).status_code == 429


async def test_attempts_older_than_the_window_are_forgotten(app, conn):
    """They count for nothing, and they hold e-mail and IP addresses."""
    user = await make_user(conn, role="jobcoach")
    await conn.execute(
        "INSERT INTO login_attempts (email_key, client, succeeded, attempted_at) "
        "VALUES ('iemand@test.example', '203.0.113.66', false, now() - interval '1 day')"
    )
    async with _browsers(app)("198.51.100.7") as owner:
        assert (await login(owner, user.email, PASSWORD)).status_code == 303
    left = await conn.fetch("SELECT email_key FROM login_attempts")
    assert [r["email_key"] for r in left] == [user.email]
