"""Every page of every role fits a 360-px phone without sideways scrolling, and a
1280-px screen; axe-core finds nothing serious or critical on any of them (issue 13).

The pages are found, not listed: each role logs in and follows every link from its
landing page (at most two addresses per page shape: /coach/candidates/7 and /8 are one
shape), so a new page is checked as soon as something links to it. Pages behind a form
are reached by using it (the agency's upload, the coach's invitation). The world holds
what makes pages wide: long compound words, an e-mail address and a link in a vacancy,
long names, and a row in every role's tables. Too-wide pages leave a screenshot in
test-artifacts/widths/ (git-ignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import browser_login
from tests.factories import make_candidate, make_vacancy
from web.accounts.repositories import users
from web.candidates.repositories import candidates
from web.proposals import service as placements
from web.vacancies.repositories import vacancies

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "widths"
WIDTHS = (360, 1280)
SKIPPED = re.compile(r"^/(logout|static/)|\.(csv|xlsx|json)$")
LONG_WORD = "Arbeidsmarktintegratieondersteuningsmedewerker"
URL = "https://werken-bij.werkgeversdienstverlening-utrecht.example/vacatures/2026/klantenservice"
EMAIL = "sollicitaties.klantenservice@werkgeversdienstverlening-utrecht.example"
UPLOAD = (
    "id;title;description;skills;postcode;city;hours_per_week\n"
    f"W-1;{LONG_WORD};Mail {EMAIL} of kijk op {URL};klantgericht werken;3511;Utrecht;32-40\n"
    "W-2;Kok;Koken;koken;3511;Utrecht;veertig\n"
)
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


def walk(*states: str) -> list[tuple[str, str]]:
    return list(zip(("proposed", *states), states, strict=False))


async def _move(conn, proposal_id: int, *states: str) -> None:
    """Walk a proposal through states as the trigger allows, with timeline events."""
    for from_state, to_state in walk(*states):
        await conn.execute("UPDATE proposals SET state = $2 WHERE id = $1", proposal_id, to_state)
        await conn.execute(
            "INSERT INTO proposal_events (proposal_id, from_state, to_state) VALUES ($1, $2, $3)",
            proposal_id,
            from_state,
            to_state,
        )


@pytest.fixture
async def wide_world(conn, live_server):
    """Long words everywhere, three proposals (new, shared without consent, hired)."""
    coach, _hash = await users.credentials(conn, email=live_server.logins["jobcoach"])
    me, _hash = await users.credentials(conn, email=live_server.logins["candidate"])
    mine = await candidates.for_user(conn, user_id=me.id)
    await conn.execute(
        "UPDATE candidates SET first_name = 'Abdelkarim-Mohammed', desired_work = $2,"
        " skills = $3 WHERE id = $1",
        mine.id,
        f"{LONG_WORD} of iets met {URL}",
        [LONG_WORD, "klantgericht werken"],
    )
    await make_candidate(
        conn, coach=coach, first_name="Maximiliaan-Alexander", desired_work=LONG_WORD * 2
    )
    org = type("Org", (), {"id": live_server.organisation_ids["agency"]})()
    proposal_ids = []
    for n in range(3):
        vacancy_id = await make_vacancy(
            conn,
            org=org,
            title=f"{LONG_WORD} {n + 1}",
            employer_name="Stichting Werkgeversdienstverleningscentrum Utrecht-Zuidwest",
            description=f"Vragen? Mail {EMAIL} of kijk op {URL}.",
            language_level="B1",
            hourly_wage=14.85,
        )
        decided = await placements.decide(
            conn,
            coach=coach,
            candidate_id=mine.id,
            vacancy=await vacancies.by_id(conn, vacancy_id=vacancy_id),
            decision="approve",
            reason_code="goede_match",
        )
        proposal_ids.append(decided.proposal_id)
    await _move(conn, proposal_ids[1], "candidate_interested", "shared_with_agency")
    await _move(conn, proposal_ids[2], "candidate_interested", "shared_with_agency", "hired")
    return mine


async def _login(page, base: str, email: str, password: str) -> None:
    await browser_login(page, base, email, password)  # staff: with the second step
    await page.wait_for_load_state("networkidle")


async def _crawl(page, base: str) -> list[str]:
    """The paths of every HTML page reachable by links from "/", two per shape."""
    queue, seen, shapes, pages = ["/"], set(), {}, []
    while queue:
        path = queue.pop(0)
        shape = re.sub(r"/\d+(?=/|$)", "/{id}", path)
        if path in seen or shapes.get(shape, 0) >= 2 or SKIPPED.search(path):
            continue
        seen.add(path)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = await page.goto(base + path)
        landed = urlsplit(page.url).path
        html = response is not None and "text/html" in response.headers.get("content-type", "")
        if not html or (landed != path and landed in seen):
            continue
        seen.add(landed)
        pages.append(landed)
        hrefs = await page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )
        queue += [urlsplit(h).path for h in hrefs if h.startswith(base)]
    return pages


async def _check(page, name: str) -> list[str]:
    """Problems of the page as shown: too wide for the window, or serious axe findings."""
    await page.wait_for_load_state("networkidle")
    window = page.viewport_size["width"]
    problems = []
    width = await page.evaluate("document.documentElement.scrollWidth")
    if width > window:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = re.sub(r"\W+", "-", name).strip("-")
        await page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
        problems.append(f"{name}: {width} px wide: {await page.evaluate(WIDEST)}")
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol: the page's CSP stays on for the app's own code.
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    problems += [
        f"{name}: {v['id']} ({v['impact']}) {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    return problems


async def _upload(page, base: str, folder: Path) -> None:
    """Through the form (htmx): the report appears, and the list below follows."""
    from playwright.async_api import expect

    upload = folder / "vacatures-met-een-heel-lange-bestandsnaam-uit-het-eigen-systeem.csv"
    upload.write_text(UPLOAD, encoding="utf-8")
    await page.goto(f"{base}/agency/imports")
    await expect(page.locator("#upload-list")).to_contain_text("Nog niets geüpload")
    await page.set_input_files("input[name=file]", str(upload))
    await page.get_by_role("button", name="Uploaden", exact=True).click()
    await expect(page.locator("#upload-result .summary")).to_contain_text(
        "1 opgeslagen", timeout=20_000
    )
    await expect(page.locator("#upload-list")).to_contain_text(upload.name)
    await expect(page.locator("#upload-list")).to_contain_text("klaar")


async def _invite(page, base: str) -> bool:
    """The coach makes an invitation for a candidate without an account, if offered."""
    await page.goto(f"{base}/coach")
    await page.get_by_role("link", name=re.compile("Maximiliaan")).first.click()
    button = page.locator("form[action$='/invitation'] button[type=submit]")
    if await button.count() == 0:
        return False
    await button.first.click()
    await page.wait_for_load_state("networkidle")
    return True


async def test_every_page_of_every_role_fits_a_phone_and_passes_axe(
    live_server, wide_world, page, tmp_path
):
    browser = page.context.browser
    problems: list[str] = []
    visited: dict[str, list[str]] = {}
    for role, email in live_server.logins.items():
        for width in WIDTHS:
            context = await browser.new_context(
                viewport={"width": width, "height": 740}, locale="nl-NL"
            )
            tab = await context.new_page()
            await _login(tab, live_server.url, email, live_server.password)
            if role == "agency" and width == WIDTHS[0]:
                await _upload(tab, live_server.url, tmp_path)
                problems += await _check(tab, f"{role}-{width}-upload-done")
            if role not in visited:
                visited[role] = await _crawl(tab, live_server.url)
            for path in visited[role]:
                await tab.goto(live_server.url + path)
                problems += await _check(tab, f"{role}-{width}-{path}")
            if role == "jobcoach" and await _invite(tab, live_server.url):
                problems += await _check(tab, f"{role}-{width}-invitation")
            await context.close()
    assert problems == [], "\n".join(problems)
    expected = {
        "jobcoach": ["/coach", "/coach/vacancies", "/coach/candidates/new"],
        "agency": ["/agency", "/agency/imports", "/agency/proposals", "/agency/api-keys"],
        "candidate": ["/candidate", "/candidate/data", "/candidate/explanation"],
        "admin": ["/admin", "/admin/erasure"],
    }
    for role, paths in expected.items():
        assert set(paths) <= set(visited[role]), (role, visited[role])
    assert any(re.fullmatch(r"/agency/imports/\d+", p) for p in visited["agency"])
    assert any(re.fullmatch(r"/candidate/proposals/\d+/consent", p) for p in visited["candidate"])


async def test_on_a_phone_the_first_job_is_high_on_the_candidates_screen(
    live_server, wide_world, page
):
    """The header is two short rows, so a job card starts in the top half of 740 px."""
    context = await page.context.browser.new_context(
        viewport={"width": 360, "height": 740}, locale="nl-NL"
    )
    phone = await context.new_page()
    await _login(phone, live_server.url, live_server.logins["candidate"], live_server.password)
    header = await phone.evaluate("document.querySelector('header.site').offsetHeight")
    first_job = await phone.evaluate(
        "document.querySelector('article.job').getBoundingClientRect().top"
    )
    assert header <= 120, f"the header takes {header} of 740 px"
    assert first_job <= 330, f"the first job card starts at {first_job} px"
    await context.close()
