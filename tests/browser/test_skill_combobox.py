"""The coach's skill box is a WAI-ARIA combobox (issue 13): options from typing, arrows
and Enter, Escape, a click on an option; each skill once; a half-typed word is never
saved just because the form was sent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.conftest import browser_login
from tests.factories import make_candidate, make_vacancy
from web.accounts.repositories import users

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SKILLS = ("heftruck rijden", "heftruckcertificaat halen", "vakken vullen", "orders verzamelen")


@pytest.fixture
async def profile_url(conn, live_server) -> str:
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    org = type("Org", (), {"id": live_server.organisation_ids["agency"]})()
    for n, skill in enumerate(SKILLS):
        await make_vacancy(conn, org=org, title=f"Vacature {n}", skills=[skill])
    candidate = await make_candidate(conn, coach=coach, first_name="Daan", skills=["kassa"])
    return f"{live_server.url}/coach/candidates/{candidate.id}/edit"


async def _login(page, live_server) -> None:
    await browser_login(page, live_server.url, live_server.logins["jobcoach"])
    await page.wait_for_load_state("networkidle")


def _chosen(page):
    return page.locator("#chosen-skills input[name=skills]")


async def _serious_axe_findings(page) -> list[str]:
    await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def test_keyboard_picks_and_confirms_skills_and_escape_closes(
    live_server, profile_url, page, conn
):
    from playwright.async_api import expect

    await _login(page, live_server)
    await page.goto(profile_url)
    box = page.get_by_role("combobox", name="Vaardigheid toevoegen")
    listbox = page.get_by_role("listbox")
    await expect(box).to_have_attribute("aria-expanded", "false")
    await expect(box).to_have_attribute("aria-controls", "skill-options")

    await box.press_sequentially("heft", delay=30)
    await expect(listbox.get_by_role("option")).to_have_count(2)
    await expect(box).to_have_attribute("aria-expanded", "true")
    assert await _serious_axe_findings(page) == []
    await box.press("ArrowDown")
    first = listbox.get_by_role("option").first
    await expect(box).to_have_attribute("aria-activedescendant", await first.get_attribute("id"))
    await expect(first).to_have_attribute("aria-selected", "true")
    await box.press("ArrowDown")
    await box.press("ArrowUp")
    await expect(first).to_have_attribute("aria-selected", "true")
    await box.press("Enter")  # picks the option; the form is not sent
    await expect(_chosen(page)).to_have_count(2)
    await expect(box).to_have_value("")
    await expect(box).to_have_attribute("aria-expanded", "false")
    await expect(listbox).to_be_hidden()
    assert page.url == profile_url

    await box.press_sequentially("Héftruck  Rijden", delay=20)
    await box.press("Enter")  # typed again, other spelling: still one skill
    await expect(page.locator("#skill-status")).to_have_text("heftruck rijden staat er al.")
    await box.press_sequentially("lassen", delay=20)
    await box.press(",")  # a comma confirms what was typed
    await expect(_chosen(page)).to_have_count(3)

    await box.press_sequentially("vak", delay=30)
    await expect(listbox.get_by_role("option")).to_have_count(1)
    await box.press("Escape")
    await expect(listbox).to_be_hidden()
    await expect(box).to_have_attribute("aria-expanded", "false")
    await expect(box).to_have_value("vak")
    await box.press("Escape")
    await expect(box).to_have_value("")

    await page.get_by_role("button", name="Opslaan").click()
    await expect(page).to_have_url(re.compile(r"/coach/candidates/\d+$"))
    stored = await conn.fetchval("SELECT skills FROM candidates WHERE first_name = 'Daan'")
    assert stored == ["kassa", "heftruck rijden", "lassen"]


async def test_an_option_can_be_clicked_and_a_half_typed_word_is_not_saved(
    live_server, profile_url, page, conn
):
    from playwright.async_api import expect

    await _login(page, live_server)
    await page.goto(profile_url)
    box = page.get_by_role("combobox", name="Vaardigheid toevoegen")
    await box.press_sequentially("vak", delay=30)
    await page.get_by_role("option", name="vakken vullen").click()
    await expect(_chosen(page)).to_have_count(2)
    await expect(box).to_be_focused()
    await page.get_by_label("kassa").uncheck()  # unchecked: not kept

    await box.press_sequentially("heftr", delay=30)
    await expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(2)
    await page.get_by_role("button", name="Opslaan").click()
    await expect(page.get_by_role("alert")).to_contain_text("'heftr' staat nog in het vak")
    assert page.url == profile_url  # not sent
    await page.get_by_role("button", name="Opslaan").click()
    assert page.url == profile_url  # nor the second time
    await box.fill("")
    await page.get_by_role("button", name="Opslaan").click()
    await expect(page).to_have_url(re.compile(r"/coach/candidates/\d+$"))
    stored = await conn.fetchval("SELECT skills FROM candidates WHERE first_name = 'Daan'")
    assert stored == ["vakken vullen"]
