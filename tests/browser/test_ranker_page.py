"""'Leren van beslissingen' in a real browser: the report's chart is drawn under the CSP,
the page fits a 360-px phone and a 1280-px screen, axe-core finds nothing serious or
critical, and the admin accepts the version and steps back with a click each.
Screenshots go to test-artifacts/ranker/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import browser_login
from tests.browser.test_outcome_charts import AXE, DRAWN, WATCH_CSP
from tests.factories import PASSWORD
from tests.web.ranker.ranker_world import ranker_world

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ranker"


@pytest.mark.parametrize("width", [360, 1280])
async def test_the_admin_reads_the_report_accepts_and_steps_back(conn, live_server, page, width):
    world = await ranker_world(conn, people=16, jobs=100)
    await page.set_viewport_size({"width": width, "height": 800})
    await page.add_init_script(WATCH_CSP)
    await browser_login(page, live_server.url, world.admin.email, PASSWORD)
    await page.wait_for_load_state("networkidle")
    await page.goto(f"{live_server.url}/admin/ranker")
    await page.wait_for_load_state("networkidle")

    drawn = await page.evaluate(DRAWN)
    assert [(name, points, painted) for name, points, painted in drawn] == [("weights", 5, True)]
    assert await page.evaluate("window.__cspViolations") == []
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
    await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    serious = [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"ranker-{width}.png"), full_page=True)

    await page.get_by_role("button", name="Versie 1 aannemen").click()
    await page.wait_for_load_state("networkidle")
    assert await page.get_by_text("Versie 1", exact=True).first.is_visible()
    await page.get_by_role("button", name="Terug naar vorige versie (vaste gewichten)").click()
    await page.wait_for_load_state("networkidle")
    assert await page.get_by_text("De gewichten uit de instellingen").is_visible()
