"""End to end at phone size (360×740): a candidate's first visit with an invitation code,
their jobs, "Lijkt me wat" / "Niet voor mij", consent and its withdrawal, their data and
the explanation page. Every page is checked with axe-core (no serious or critical
violations) and must fit 360 px without horizontal scrolling; screenshots go to
test-artifacts/candidate/ (git-ignored)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.factories import make_candidate, make_vacancy
from web.accounts.repositories import invitations, users
from web.proposals import service as placements
from web.vacancies.repositories import vacancies

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "candidate"
PHONE = {"width": 360, "height": 740}
CODE = "WELK-OMWE-RK42"
PASSWORD = "mijn eerste baan 2026"
# The elements sticking out past the viewport, to say what to fix when a page is too wide.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.fixture
async def phone(page):
    """A page in a phone-sized context of the same Chromium; collects CSP complaints."""
    context = await page.context.browser.new_context(viewport=PHONE, locale="nl-NL")
    phone_page = await context.new_page()
    phone_page.csp_errors = []
    phone_page.on(
        "console",
        lambda m: (
            phone_page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    yield phone_page
    await context.close()


@pytest.fixture
async def invited(conn, live_server):
    """A new candidate of the seeded coach with two approved jobs and an invitation."""
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    agency_org = live_server.organisation_ids["agency"]
    candidate = await make_candidate(
        conn, coach=coach, first_name="Yara", interests="buiten werken", hours_max=32.0
    )
    titles = ("Medewerker groenonderhoud", "Orderpicker nachtdienst")
    for title in titles:
        vacancy_id = await make_vacancy(
            conn,
            org=type("Org", (), {"id": agency_org})(),
            title=title,
            description="Buiten werken in de parken van Utrecht.",
            employer_name="Groen Utrecht",
            hourly_wage=14.85,
            contract_type="tijdelijk",
            permanent_after_months=12,
            training="Snoeicursus en VCA",
        )
        await placements.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=await vacancies.by_id(conn, vacancy_id=vacancy_id),
            decision="approve",
            reason_code="goede_match",
        )
    await invitations.issue(
        conn, candidate_id=candidate.id, code=CODE, created_by=coach.id, hours=24
    )
    return candidate


async def check(page, name: str) -> None:
    """axe-core: no serious/critical violations; fits 360 px; a screenshot for people."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script)
        # stays on for the app's own code and is not weakened for this test.
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == [], f"{name}: {bad}"
    width = await page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(ARTIFACTS / f"{name}-too-wide.png"), full_page=True)
        wide = await page.evaluate(WIDEST)
    else:
        wide = []
    assert width <= PHONE["width"], f"{name}: {width}px wide, scrolls sideways: {wide}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def test_first_visit_jobs_answers_consent_and_data_on_a_phone(
    live_server, phone, invited, conn
):
    from playwright.async_api import expect

    page = phone
    await page.goto(live_server.url + "/welkom")
    await check(page, "01-welkom")
    await page.get_by_label("Je code").fill("welk omwe rk42")
    await page.get_by_role("button", name="Verder").click()
    await expect(page).to_have_url(re.compile(f"/welkom/{CODE}$"))
    await check(page, "02-account")
    await page.get_by_label("Je e-mailadres").fill("yara@test.example")
    await page.get_by_label("Kies een wachtwoord").fill(PASSWORD)
    await page.get_by_label("Typ het wachtwoord nog een keer").fill(PASSWORD)
    await page.get_by_role("button", name="Account maken").click()
    await expect(page).to_have_url(re.compile(r"/candidate$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Hoi Yara!")
    await check(page, "03-mijn-banen")

    green = page.locator("article.job", has_text="Medewerker groenonderhoud")
    await green.get_by_role("button", name="Lijkt me wat").click()  # htmx swap
    await expect(green.locator(".answer .notice")).to_contain_text("Gelukt")
    await check(page, "04-lijkt-me-wat")

    night = page.locator("article.job", has_text="Orderpicker nachtdienst")
    await night.get_by_text("Niet voor mij? Zeg waarom").click()
    await night.get_by_label("Te ver weg").check()
    await night.get_by_role("button", name="Verstuur: niet voor mij").focus()
    await page.keyboard.press("Enter")  # keyboard only
    await expect(night.locator(".answer .notice")).to_contain_text("niet voor jou is")
    states = dict(
        await conn.fetch(
            "SELECT v.title, p.state || ':' || coalesce(p.end_reason, '') FROM proposals p "
            "JOIN vacancies v ON v.id = p.vacancy_id WHERE p.candidate_id = $1",
            invited.id,
        )
    )
    assert states == {
        "Medewerker groenonderhoud": "candidate_interested:",
        "Orderpicker nachtdienst": "candidate_declined:te_ver",
    }

    await green.get_by_role("link", name="Bekijk wat de werkgever ziet en beslis").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Je gegevens delen")
    await check(page, "05-toestemming")
    await page.get_by_role("button", name="Ja, deel mijn gegevens met deze werkgever").click()
    await expect(page.get_by_role("status")).to_contain_text("mag nu je naam")
    await check(page, "06-toestemming-gegeven")
    await page.get_by_role("button", name="Toestemming intrekken").click()
    await expect(page.get_by_role("status")).to_contain_text("niet meer")
    assert (
        await conn.fetchval(
            "SELECT count(*) FROM consents WHERE candidate_id = $1 AND withdrawn_at IS NOT NULL",
            invited.id,
        )
        == 1
    )

    await page.get_by_role("link", name="Mijn gegevens").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    await check(page, "07-mijn-gegevens")
    await page.get_by_label("Wat klopt er niet?").fill("Ik woon sinds kort in Zeist.")
    await page.get_by_role("button", name="Vraag om een correctie").click()
    await expect(page.get_by_role("status")).to_contain_text("Verstuurd")

    await page.get_by_role("link", name="Hoe werkt het?").click()
    await expect(
        page.get_by_role("heading", level=2, name="Een mens beslist altijd")
    ).to_be_visible()
    await check(page, "08-uitleg")
    assert page.csp_errors == []


async def test_refused_code_page_on_a_phone(live_server, phone):
    from playwright.async_api import expect

    await phone.goto(live_server.url + "/welkom/ABCD-EFGH-JKLM")
    await expect(phone.get_by_role("alert")).to_contain_text("kennen we niet")
    await check(phone, "09-onbekende-code")
