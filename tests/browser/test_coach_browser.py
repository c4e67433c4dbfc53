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

from tests.browser.conftest import _free_port, browser_login, running_worker
from tests.factories import make_candidate, make_org, make_user, make_vacancy
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
    agency = await make_user(conn, role="agency", org=org)
    return coach, candidate, agency


@pytest.fixture
def matching_server(database_url, coach_world, tmp_path):
    settings = Settings(environment="test", data_dir=tmp_path, esco_dir=tmp_path / "no-esco")
    app = create_app(settings, database_url=database_url)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    with running_worker(database_url, settings):  # embeds the world; imports uploads
        deadline = time.monotonic() + 120
        while True:  # wait until the matcher has embedded and indexed the world
            time.sleep(0.3)
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
                    if _world_indexed(json.load(r)["index"]):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("matching did not become ready")
        yield url
    server.should_exit = True
    thread.join(timeout=20)


def _world_indexed(index: dict) -> bool:
    """Ready, and the worker's vectors of the world are in the index: "ready" alone comes
    before the worker has embedded anything on a busy machine."""
    vacancies, candidates = index.get("vacancies", {}), index.get("candidates", {})
    return (
        index.get("state") == "ready"
        and vacancies.get("indexed", 0) >= 2
        and candidates.get("indexed", 0) >= 1
        and vacancies.get("pending", 1) == 0
    )


async def test_coach_approves_a_suggestion_and_sees_it_in_the_timeline(
    matching_server, coach_world, page
):
    coach, candidate, _agency = coach_world
    await _login(page, matching_server, coach.email)
    await _to_caseload(page)
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


async def _login(page, base: str, email: str) -> None:
    await browser_login(page, base, email)


async def _to_caseload(page) -> None:
    """A coach lands on the work list ("Te doen"); the candidates are one click away."""
    await page.get_by_role("navigation").get_by_role("link", name="Mijn kandidaten").click()


UPLOAD = (
    "id;title;description;skills;postcode;city;hours_per_week\n"
    "RT-1;Reachtruckchauffeur Lage Weide;Pallets in hoge stellingen zetten.;"
    "heftruck rijden;3542;Utrecht;32-40\n"
)


async def test_an_uploaded_vacancy_is_matched_to_a_candidate(
    matching_server, coach_world, page, tmp_path
):
    """Agency uploads a file; minutes later is not good enough: the jobcoach sees it now."""
    from playwright.async_api import expect

    coach, _candidate, agency = coach_world
    upload = tmp_path / "vacatures.csv"
    upload.write_text(UPLOAD, encoding="utf-8")
    await _login(page, matching_server, agency.email)
    await page.goto(f"{matching_server}/agency/imports")
    await page.set_input_files("input[name=file]", str(upload))
    await page.get_by_role("button", name="Uploaden", exact=True).click()
    await expect(page.locator("#upload-result .summary")).to_contain_text(
        "1 opgeslagen", timeout=15_000
    )
    await page.context.clear_cookies()
    await _login(page, matching_server, coach.email)
    await _to_caseload(page)
    await page.get_by_role("link", name="Yassin").click()
    suggestions = page.locator("#suggestions")
    for _ in range(30):  # the matcher embeds the new vacancy in the background
        await suggestions.locator("article.suggestion").first.wait_for()
        if "Reachtruckchauffeur Lage Weide" in await suggestions.inner_text():
            break
        await page.wait_for_timeout(1000)
        await page.reload()
    await expect(suggestions).to_contain_text("Reachtruckchauffeur Lage Weide")
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "uploaded-vacancy-matched.png"), full_page=True)
