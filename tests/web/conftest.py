"""The app against a fresh database, and an HTTP client that keeps cookies."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import PASSWORD, TOTP_SECRETS, unused_code
from web.app import create_app
from web.matching.embedder import embed_pending
from web.settings import Settings

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path, matching=False)


def web_settings(tmp_path: Path, *, matching: bool) -> Settings:
    """The web tests' settings; `matching=True` runs the matcher in the app, as in
    production (most web tests run without it)."""
    return Settings(
        environment="test",
        data_dir=tmp_path,
        database_url=None,
        matching_enabled=matching,
        esco_dir=tmp_path / "no-esco",  # the ESCO-backed matching has its own tests
    )


@pytest.fixture
async def app(settings: Settings, database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(settings, database_url=database_url)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


async def csrf_token(client: httpx.AsyncClient, path: str = "/login") -> str:
    page = await client.get(path, follow_redirects=True)
    match = CSRF_META.search(page.text)
    assert match, f"no csrf meta tag on {path}"
    return match.group(1)


async def login(
    client: httpx.AsyncClient, email: str, password: str, next: str = ""
) -> httpx.Response:
    """Log in; for staff made by tests.factories.make_user also the second step, with a
    code of their secret. The last response (303 on success)."""
    token = await csrf_token(client)
    form = {"email": email, "password": password, "csrf_token": token, "next": next}
    response = await client.post("/login", data=form)
    secret = TOTP_SECRETS.get(email.strip().lower())
    if response.headers.get("location") != "/login/code" or secret is None:
        return response
    code = await unused_code(secret)
    return await client.post("/login/code", data={"code": code, "csrf_token": token})


@asynccontextmanager
async def matching_client(
    settings: Settings, database_url: str, email: str
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app with matching on, everything stored embedded and indexed, and a client
    logged in as `email` (a user of tests.factories, with its PASSWORD)."""
    app = create_app(
        settings.model_copy(update={"matching_enabled": True}), database_url=database_url
    )
    async with app.router.lifespan_context(app):
        for kind in ("vacancy", "candidate"):
            await embed_pending(app.state.pool, app.state.matching.encoder, kind=kind)
        await app.state.matching.wait_ready(timeout_seconds=120)
        await app.state.matching.catch_up()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await login(client, email, PASSWORD)
            yield app, client
