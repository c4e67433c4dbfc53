"""A jobcoach logs in, opens a candidate, approves a suggestion with a reason and sees
it in the timeline — in Debian's Chromium, against a live server with real matching."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from pathlib import Path

import pytest
import uvicorn

from tests.browser.conftest import _free_port
from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from web.app import create_app
from web.settings import Settings

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture
async def coach_world(conn):
    org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(
        conn,
        coach=coach,
        first_name="Yassin",
        desired_work="heftruck rijden in een magazijn",
        skills=["heftruck rijden"],
        max_travel_km=25.0,
    )
    await make_vacancy(
        conn,
        org=org,
        title="Heftruckchauffeur",
        skills=["heftruck rijden"],
        employer_name="DC Lage Weide",
    )
    await make_vacancy(
        conn, org=org, title="Afwasser", skills=["afwassen"], description="Keukenwerk"
    )
    return coach, candidate


@pytest.fixture
def matching_server(database_url, coach_world, tmp_path):
    settings = Settings(environment="test", data_dir=tmp_path, esco_dir=tmp_path / "no-esco")
    app = create_app(settings, database_url=database_url)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # wait until the matcher has embedded and indexed the world
        time.sleep(0.3)
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
                if json.load(r)["index"].get("state") == "ready":
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("matching did not become ready")
    yield url
    server.should_exit = True
    thread.join(timeout=20)


async def test_coach_approves_a_suggestion_and_sees_it_in_the_timeline(
    matching_server, coach_world, page
):
    coach, candidate = coach_world
    await page.goto(f"{matching_server}/login")
    await page.get_by_label("E-mailadres").fill(coach.email)
    await page.get_by_label("Wachtwoord").fill(PASSWORD)
    await page.get_by_role("button", name="Inloggen").click()
    await page.get_by_role("link", name="Yassin").click()
    first = page.locator("article.suggestion").first
    await first.wait_for()
    assert "Heftruckchauffeur" in await first.inner_text()
    await first.get_by_text("Beoordelen").click()
    await first.get_by_label("Reden om voor te stellen").select_option("goede_match")
    await first.get_by_role("button", name="Goedkeuren en voorstellen").click()
    await page.get_by_text("Voorstel aangemaakt").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "coach-approved.png"), full_page=True)
    await page.reload()
    timeline = page.locator("#tijdlijn")
    await timeline.get_by_text("Voorgesteld door jobcoach").first.wait_for()
    assert "Heftruckchauffeur" in await timeline.inner_text()
