"""One e-mail end to end, in Chromium at 1280 and 360 px (issue 13): the coach shares a
proposal with the employer on the candidate's page; that writes the outbox, the live
server's worker sends it to a local aiosmtpd sink, and the agency's mail has the right
subject, a link that opens the proposal, and no name of the candidate (who has not
consented). axe-core finds nothing serious or critical on any page visited, and none
scrolls sideways."""

from __future__ import annotations

import asyncio
import re
import time

import pytest

from tests.browser.conftest import _free_port, browser_login
from tests.browser.page_checks import WIDTHS, check_page, new_tab
from tests.factories import make_candidate, make_user, make_vacancy
from tests.web.notifications.steps import texts
from web.accounts.repositories import organisations, users
from web.notifications.sink import MailSink, start_sink
from web.proposals import service as placements
from web.settings import Settings
from web.vacancies.repositories import vacancies

pytestmark = pytest.mark.browser

JOB_CARD = "Je jobcoach heeft een baan voor je"
PEOPLE = {1280: ("Kanarie", "Merelhof"), 360: ("Lijster", "Spreeuwenburg")}


@pytest.fixture
def sink():
    """A real SMTP sink on a free port, started before the server's worker: (port, sink)."""
    port = _free_port()
    controller, received = start_sink(port)
    yield port, received
    controller.stop()


@pytest.fixture
def live_settings(tmp_path, live_port, sink) -> Settings:
    """The live server's worker sends its mail to the sink, with links to the server."""
    return Settings(
        environment="test",
        data_dir=tmp_path,
        matching_enabled=False,
        esco_dir=tmp_path / "no",
        public_base_url=f"http://127.0.0.1:{live_port}",
        smtp_host="127.0.0.1",
        smtp_port=sink[0],
        smtp_timeout_seconds=5,
        worker_poll_seconds=0.2,
    )


async def _mail_to(received: MailSink, email: str, subject: str) -> str:
    """The mail to `email` with `subject` as text (To, Subject, body), once it came."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        mails = [t.replace("\r\n", "\n") for t in texts(received)]
        found = [t for t in mails if t.startswith(f"To: {email}\nSubject: {subject}\n")]
        if found:
            return found[0]
        await asyncio.sleep(0.2)
    raise AssertionError(f"no mail {subject!r} for {email}; received: {texts(received)}")


async def _interested(conn, live_server, coach, width: int) -> tuple[int, str]:
    """A young person with an account, proposed a job they said "lijkt me wat" to:
    (proposal id, vacancy title). The proposal itself mails them a job card."""
    first, last = PEOPLE[width]
    town = await organisations.by_id(conn, organisation_id=coach.organisation_id)
    young = await make_user(conn, role="candidate", org=town, email=f"{first.lower()}@test.example")
    person = await make_candidate(
        conn, coach=coach, user_id=young.id, first_name=first, last_name=last
    )
    title = f"Orderpicker {width}"
    org = type("Org", (), {"id": live_server.organisation_ids["agency"]})()
    vacancy_id = await make_vacancy(conn, org=org, title=title, employer_name="DC Lage Weide")
    made = await placements.propose(
        conn,
        coach=coach,
        candidate_id=person.id,
        vacancy=await vacancies.by_id(conn, vacancy_id=vacancy_id),
        reason_code="goede_match",
    )
    assert await placements.transition(
        conn,
        actor=young,
        proposal_id=made.proposal_id,
        from_state="proposed",
        to_state="candidate_interested",
    )
    return made.proposal_id, title


async def _share_on_the_candidate_page(tab, live_server, first: str, title: str) -> None:
    """The coach: the work list says the young person likes the job; its link leads to
    the timeline, where the coach shares the proposal with the employer."""
    from playwright.async_api import expect

    await browser_login(tab, live_server.url, live_server.logins["jobcoach"])
    item = tab.locator("article.worklist-item", has_text=first)
    await expect(item).to_contain_text("Zegt: lijkt me wat")
    await item.get_by_role("link", name=first).click()
    proposal = tab.locator("#tijdlijn article.proposal", has_text=title)
    await proposal.get_by_role("button", name="Gedeeld met werkgever").click()
    await expect(proposal.locator("header .badge")).to_have_text("Gedeeld met werkgever")
    await check_page(tab, "candidate page after sharing")


async def _the_link_opens_the_proposal(tab, live_server, mail: str, proposal_id: int) -> None:
    """The agency logs in and follows the link in its mail: the proposal, no name."""
    from playwright.async_api import expect

    await browser_login(tab, live_server.url, live_server.logins["agency"])
    await expect(tab).to_have_url(re.compile(r"/agency$"))
    await tab.goto(re.search(r"http://\S+/agency/proposals/\d+", mail).group(0))
    await expect(tab.get_by_role("heading", level=1)).to_have_text(f"Kandidaat P-{proposal_id}")
    await expect(tab.locator("main")).to_contain_text("Wacht op toestemming van de kandidaat")
    await check_page(tab, "the agency's proposal, from the mail")


async def _sent(conn, proposal_id: int, email: str) -> bool:
    """The outbox row of the agency's mail is marked sent."""
    sent_at = await conn.fetchval(
        "SELECT o.sent_at FROM outbox o JOIN users u ON u.id = o.recipient_id"
        " WHERE o.event = 'proposal_shared' AND o.proposal_id = $1 AND u.email = $2",
        proposal_id,
        email,
    )
    return sent_at is not None


async def test_sharing_with_the_employer_mails_the_agency_without_the_name(
    conn, live_server, sink, page
):
    _port, received = sink
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    agency_email = live_server.logins["agency"]
    for width in WIDTHS:
        first, last = PEOPLE[width]
        proposal_id, title = await _interested(conn, live_server, coach, width)
        card = await _mail_to(received, f"{first.lower()}@test.example", JOB_CARD)
        assert f"Bekijk het hier: {live_server.url}/candidate\n" in card

        coach_tab = await new_tab(page.context.browser, width)
        await _share_on_the_candidate_page(coach_tab, live_server, first, title)
        mail = await _mail_to(received, agency_email, f"Nieuw voorstel voor je vacature {title}")
        assert f"Bekijk het hier: {live_server.url}/agency/proposals/{proposal_id}\n" in mail
        assert f"Kandidaat P-{proposal_id}" in mail
        assert first not in mail and last not in mail  # no consent: no name
        assert await _sent(conn, proposal_id, agency_email)

        agency_tab = await new_tab(page.context.browser, width)
        await _the_link_opens_the_proposal(agency_tab, live_server, mail, proposal_id)
        assert first not in await agency_tab.locator("main").inner_text()
        await agency_tab.context.close()
        await coach_tab.context.close()
