"""Placements and access in Chromium at 1280 and 360 px (issue 13): a check-in opens
1 month after the start date and not before ("vanaf <datum>", no button), and a young
person who forgot their password gets a new one-time link from the coach that works
once. axe-core finds nothing serious or critical on any page visited, and none scrolls
sideways."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import browser_login
from tests.browser.page_checks import WIDTHS, check_page, new_tab
from tests.factories import make_candidate, make_vacancy
from web.accounts.repositories import users
from web.formatting import AMSTERDAM, day
from web.proposals import service as placements
from web.proposals.repositories import proposals
from web.vacancies.repositories import vacancies

pytestmark = pytest.mark.browser

CHECKIN = "Werkt na 1 maand nog"
TO_HIRED = ("proposed", "candidate_interested", "shared_with_agency", "hired")


async def _hired(conn, live_server, coach, candidate, title: str, days_ago: int) -> int:
    """A placement walked through the service to hired, started `days_ago` days ago."""
    org = type("Org", (), {"id": live_server.organisation_ids["agency"]})()
    vacancy_id = await make_vacancy(conn, org=org, title=title, employer_name="PostNL")
    made = await placements.propose(
        conn,
        coach=coach,
        candidate_id=candidate.id,
        vacancy=await vacancies.by_id(conn, vacancy_id=vacancy_id),
        reason_code="goede_match",
    )
    start = datetime.now(AMSTERDAM).date() - timedelta(days=days_ago)
    for from_state, to_state in zip(TO_HIRED, TO_HIRED[1:], strict=False):
        assert await placements.transition(
            conn,
            actor=coach,
            proposal_id=made.proposal_id,
            from_state=from_state,
            to_state=to_state,
            start_date=start if to_state == "hired" else None,
        )
    return made.proposal_id


async def _opens_on(conn, proposal_id: int) -> str:
    """The day the next check-in opens, as the page writes it."""
    return day((await proposals.by_id(conn, proposal_id=proposal_id)).checkin_opens_on)


async def _the_work_list_shows_the_open_one(tab, name: str) -> None:
    from playwright.async_api import expect

    item = tab.locator("article.worklist-item", has_text=name)
    await expect(item).to_contain_text("Check-in na 1 maand: werkt de kandidaat nog?")
    await expect(item).to_contain_text("Bezorger pakketten")
    await expect(item).not_to_contain_text("Magazijnmedewerker")
    await item.get_by_role("link", name=name).click()


async def _open_and_early(tab, conn, started: int, recent: int) -> None:
    """The placement that started 40 days ago offers its check-in; the one that started
    3 days ago says from when, and offers no button. The open one is then recorded."""
    from playwright.async_api import expect

    open_one = tab.locator("article.proposal", has_text="Bezorger pakketten")
    early_one = tab.locator("article.proposal", has_text="Magazijnmedewerker")
    await expect(open_one.get_by_role("button", name=CHECKIN)).to_be_visible()
    await expect(open_one).to_contain_text(f"te doen sinds {await _opens_on(conn, started)}")
    await expect(early_one).to_contain_text(f"{CHECKIN}: vanaf {await _opens_on(conn, recent)}")
    await expect(early_one.get_by_role("button", name=CHECKIN)).to_have_count(0)
    await check_page(tab, "candidate page with check-ins")
    await open_one.get_by_role("button", name=CHECKIN).click()
    await expect(open_one.locator("header .badge")).to_have_text(CHECKIN)
    next_one = f"Werkt na 3 maanden nog: vanaf {await _opens_on(conn, started)}"
    await expect(open_one).to_contain_text(next_one)
    await check_page(tab, "candidate page after the check-in")


async def test_a_checkin_opens_a_month_after_the_start_date_and_not_before(conn, live_server, page):
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    for width, name in zip(WIDTHS, ("Mohamed", "Jesse"), strict=True):
        person = await make_candidate(conn, coach=coach, first_name=name)
        started = await _hired(conn, live_server, coach, person, "Bezorger pakketten", 40)
        recent = await _hired(conn, live_server, coach, person, "Magazijnmedewerker", 3)
        tab = await new_tab(page.context.browser, width)
        await browser_login(tab, live_server.url, live_server.logins["jobcoach"])
        await _the_work_list_shows_the_open_one(tab, name)
        await _open_and_early(tab, conn, started, recent)
        await tab.context.close()
    states = await conn.fetch("SELECT state FROM proposals ORDER BY id")
    assert [s["state"] for s in states] == ["working_1m", "hired"] * 2


async def _new_link(tab, live_server, first_name: str) -> str:
    """The coach's button on the candidate's page; the link as the page shows it."""
    from playwright.async_api import expect

    await browser_login(tab, live_server.url, live_server.logins["jobcoach"])
    await tab.get_by_role("link", name="Mijn kandidaten", exact=True).click()
    await tab.get_by_role("link", name=first_name).first.click()
    await tab.get_by_role("button", name="Nieuwe inloglink maken (wachtwoord vergeten)").click()
    await expect(tab.get_by_role("heading", level=1)).to_have_text(
        f"Nieuwe inloglink voor {first_name}"
    )
    await check_page(tab, "new login link")
    link = (await tab.locator("#invitation-link").inner_text()).strip()
    assert re.fullmatch(re.escape(live_server.url) + r"/welkom/[A-Z0-9-]+", link), link
    return link


async def _choose_a_new_password(phone, link: str, email: str, password: str) -> None:
    from playwright.async_api import expect

    await phone.goto(link)
    await expect(phone.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    await expect(phone.locator("article")).to_contain_text(email)
    await check_page(phone, "choose a new password")
    await phone.get_by_label("Kies een nieuw wachtwoord").fill(password)
    await phone.get_by_label("Typ het wachtwoord nog een keer").fill(password)
    await phone.get_by_role("button", name="Wachtwoord opslaan").click()
    await expect(phone).to_have_url(re.compile(r"/candidate$"))
    await phone.get_by_role("button", name="Uitloggen").click()
    await expect(phone).to_have_url(re.compile(r"/login$"))


async def _only_the_new_password_works(phone, base: str, email: str, old: str, new: str):
    from playwright.async_api import expect

    await browser_login(phone, base, email, old)
    await expect(phone.get_by_role("alert")).to_be_visible()
    await check_page(phone, "login refused with the old password")
    await browser_login(phone, base, email, new)
    await expect(phone).to_have_url(re.compile(r"/candidate$"))
    await check_page(phone, "jobs after logging in with the new password")


async def test_a_new_login_link_sets_a_new_password_once(conn, live_server, page):
    from playwright.async_api import expect

    email = live_server.logins["candidate"]
    young, _hash = await users.credentials(conn, email=email)
    first_name = await conn.fetchval(
        "SELECT first_name FROM candidates WHERE user_id = $1", young.id
    )
    old_password = live_server.password
    for width in WIDTHS:
        new_password = f"mijn fiets staat bij het station {width}"
        coach_tab = await new_tab(page.context.browser, width)
        link = await _new_link(coach_tab, live_server, first_name)
        phone = await new_tab(page.context.browser, width)  # the young person's own browser
        await _choose_a_new_password(phone, link, email, new_password)
        await _only_the_new_password_works(
            phone, live_server.url, email, old_password, new_password
        )
        await phone.goto(link)  # a second time
        await expect(phone.get_by_role("alert")).to_contain_text("Deze code is al gebruikt")
        await expect(phone.get_by_label("Kies een nieuw wachtwoord")).to_have_count(0)
        await check_page(phone, "the link opened again")
        old_password = new_password
        await phone.context.close()
        await coach_tab.context.close()
