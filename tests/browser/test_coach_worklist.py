"""A jobcoach's day in Chromium at 1280 and 360 px (issue 13): the work list after
logging in (an item, its link, "Gedaan" in place and for good), and proposing a vacancy
found by hand from its page, counted in clicks. axe-core finds nothing serious or
critical on any page visited, and none scrolls sideways."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import browser_login
from tests.browser.page_checks import WIDTHS, check_page, new_tab
from tests.factories import TOTP_SECRETS, make_candidate, make_vacancy, unused_code
from web.accounts.repositories import users
from web.proposals import agency_answers
from web.proposals import service as placements
from web.proposals.repositories import agency_proposals
from web.vacancies.repositories import vacancies

pytestmark = pytest.mark.browser

# From the login page to a proposal made on a vacancy page, every click a coach makes
# (typing not counted): Inloggen (1), Inloggen after the code of the second step (2),
# "Vacatures zoeken" (3), the vacancy in the results (4), "Voorstellen" on the
# candidate's row (5), the reason: open the list and pick (6, 7), "Voorstellen aan …" (8).
CLICKS_FROM_LOGIN_TO_PROPOSAL = 8


class Clicks:
    """Clicks as a person makes them: a choice from a list is two (open it, pick)."""

    def __init__(self) -> None:
        self.count = 0

    async def click(self, locator) -> None:
        await locator.click()
        self.count += 1

    async def choose(self, select, label: str) -> None:
        await select.select_option(label=label)
        self.count += 2


def _org(organisation_id: int):
    return type("Org", (), {"id": organisation_id})()


async def _declined_by_the_agency(conn, live_server, coach, name: str) -> int:
    """A proposal for a new candidate `name` that the agency declined: a work-list item."""
    agency, _hash = await users.credentials(conn, email=live_server.logins["agency"])
    candidate = await make_candidate(conn, coach=coach, first_name=name)
    vacancy_id = await make_vacancy(
        conn, org=_org(agency.organisation_id), title=f"Magazijnmedewerker voor {name}"
    )
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    made = await placements.propose(
        conn, coach=coach, candidate_id=candidate.id, vacancy=vacancy, reason_code="goede_match"
    )
    for from_state, to_state in (
        ("proposed", "candidate_interested"),
        ("candidate_interested", "shared_with_agency"),
    ):
        assert await placements.transition(
            conn,
            actor=coach,
            proposal_id=made.proposal_id,
            from_state=from_state,
            to_state=to_state,
        )
    proposal = await agency_proposals.one(
        conn, organisation_id=agency.organisation_id, proposal_id=made.proposal_id
    )
    await agency_answers.answer(
        conn, actor=agency, proposal=proposal, action="decline", reason_code="vacature_vervuld"
    )
    return made.proposal_id


async def _item_leads_to_the_timeline(tab, name: str) -> None:
    """The item says what happened; its link opens the candidate's timeline."""
    from playwright.async_api import expect

    item = tab.locator("article.worklist-item", has_text=name)
    await expect(item).to_contain_text("Afgewezen door de werkgever")
    await expect(item).to_contain_text("reden: Vacature is al vervuld")
    await check_page(tab, "work list")
    await item.get_by_role("link", name=name).click()
    await expect(tab).to_have_url(re.compile(r"/coach/candidates/\d+#tijdlijn$"))
    timeline = tab.locator("#tijdlijn")
    await expect(timeline).to_contain_text(f"Magazijnmedewerker voor {name}")
    await expect(timeline).to_contain_text("Afgewezen door werkgever")
    await check_page(tab, "candidate page from the work list")


async def _gedaan_removes_it(tab, name: str, others: list[str]) -> None:
    """Gedaan swaps the item away without loading a page; a reload does not bring it
    back, and leaves the other items."""
    from playwright.async_api import expect

    await tab.get_by_role("link", name="Te doen").click()
    await expect(tab).to_have_url(re.compile(r"/coach/worklist$"))
    await tab.wait_for_load_state()
    await tab.evaluate("window.stillThisPage = true")  # gone after any page load
    item = tab.locator("article.worklist-item", has_text=name)
    await item.get_by_role("button", name="Gedaan").click()
    await expect(tab.get_by_role("status").filter(has_text="Gedaan.")).to_be_visible()
    await expect(item).to_have_count(0)
    assert await tab.evaluate("window.stillThisPage === true"), "Gedaan loaded a page"
    await check_page(tab, "work list after Gedaan")
    await tab.reload()
    await expect(tab.locator("#worklist")).to_be_visible()
    await expect(item).to_have_count(0)
    for other in others:
        await expect(tab.locator("article.worklist-item", has_text=other)).to_be_visible()


async def test_the_work_list_leads_to_an_item_and_gedaan_removes_it_for_good(
    conn, live_server, page
):
    from playwright.async_api import expect

    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    names = ["Anouk", "Bilal"]
    for name in names:
        await _declined_by_the_agency(conn, live_server, coach, name)
    for n, (width, name) in enumerate(zip(WIDTHS, names, strict=True)):
        tab = await new_tab(page.context.browser, width)
        await browser_login(tab, live_server.url, live_server.logins["jobcoach"])
        await expect(tab).to_have_url(re.compile(r"/coach/worklist$"))  # the landing page
        await _item_leads_to_the_timeline(tab, name)
        await _gedaan_removes_it(tab, name, others=names[n + 1 :])
        await tab.context.close()
    done = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'worklist_done'")
    assert done == 2


async def _counted_login(tab, live_server, clicks: Clicks) -> None:
    email = live_server.logins["jobcoach"]
    await tab.goto(f"{live_server.url}/login")
    await tab.get_by_label("E-mailadres").fill(email)
    await tab.get_by_label("Wachtwoord").fill(live_server.password)
    await clicks.click(tab.get_by_role("button", name="Inloggen"))
    await tab.wait_for_url("**/login/code")
    await tab.get_by_label("Code", exact=True).fill(await unused_code(TOTP_SECRETS[email]))
    await clicks.click(tab.get_by_role("button", name="Inloggen"))
    await tab.wait_for_url("**/coach/worklist")


async def _propose_from_the_vacancy_page(tab, live_server, name: str, title: str) -> int:
    """From the login page to the proposal, as a coach clicks; the number of clicks."""
    from playwright.async_api import expect

    clicks = Clicks()
    await _counted_login(tab, live_server, clicks)
    await clicks.click(tab.get_by_role("link", name="Vacatures zoeken"))
    await check_page(tab, "vacancy search")
    await tab.get_by_label("Zoekwoord").fill(title.split()[0])
    results = tab.locator("#results")
    await expect(results).to_contain_text("1 open vacature")  # htmx, while typing
    await clicks.click(results.get_by_role("link", name=title))
    await expect(tab.get_by_role("heading", level=1)).to_have_text(title)
    await check_page(tab, "vacancy page")
    row = tab.locator("tr", has_text=name)
    await clicks.click(row.get_by_role("button", name="Voorstellen", exact=True))
    await clicks.choose(row.get_by_label("Reden om voor te stellen"), "Kans op vast werk")
    await clicks.click(row.get_by_role("button", name=f"Voorstellen aan {name}"))
    await expect(row.get_by_role("status")).to_contain_text("Het staat in de tijdlijn")
    return clicks.count


async def _marked_and_in_the_timeline(tab, name: str, title: str) -> None:
    from playwright.async_api import expect

    await tab.reload()
    row = tab.locator("tr", has_text=name)
    await expect(row).to_contain_text("al voorgesteld (Voorgesteld door jobcoach)")
    await expect(row.get_by_role("button", name="Voorstellen", exact=True)).to_have_count(0)
    await check_page(tab, "vacancy page after proposing")
    await row.get_by_role("link", name=name).click()
    proposal = tab.locator("#tijdlijn article.proposal", has_text=title)
    await expect(proposal).to_contain_text("bij DC Lage Weide")
    await expect(proposal.locator("ol.timeline")).to_contain_text(
        "Voorgesteld door jobcoach (Kans op vast werk)"
    )
    await check_page(tab, "candidate page after proposing")


async def test_proposing_from_a_vacancy_page_takes_eight_clicks_from_login(conn, live_server, page):
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    agency_org = _org(live_server.organisation_ids["agency"])
    jobs = (("Yassin", "Heftruckchauffeur Lage Weide"), ("Noor", "Keukenhulp Leidsche Rijn"))
    for width, (name, title) in zip(WIDTHS, jobs, strict=True):
        await make_candidate(conn, coach=coach, first_name=name)
        await make_vacancy(conn, org=agency_org, title=title, employer_name="DC Lage Weide")
        tab = await new_tab(page.context.browser, width)
        clicks = await _propose_from_the_vacancy_page(tab, live_server, name, title)
        assert clicks == CLICKS_FROM_LOGIN_TO_PROPOSAL
        await _marked_and_in_the_timeline(tab, name, title)
        await tab.context.close()
    proposed = await conn.fetchval("SELECT count(*) FROM proposals WHERE state = 'proposed'")
    assert proposed == 2
