"""The outcome page in a real browser: every chart is drawn under the app's CSP (no
violation reported), the page fits a 360-px phone and a 1280-px screen, and axe-core
finds nothing serious or critical. Screenshots go to test-artifacts/outcomes/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import browser_login
from tests.factories import PASSWORD, make_user
from tests.web.oversight import outcome_world

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "outcomes"
CHARTS = ("funnel", "retention", "days_to_job", "job_scores", "agencies")
# Listens before any script of the page runs (through the DevTools protocol, so the
# page's CSP stays on for the app's own code).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
    (e) => window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI));
"""
DRAWN = """
() => Array.from(document.querySelectorAll("canvas[data-chart]")).map((canvas) => {
  const chart = Chart.getChart(canvas);
  return [canvas.dataset.chart, Boolean(chart) && chart.data.labels.length,
          canvas.width > 0 && canvas.height > 0];
})
"""


@pytest.mark.parametrize("width", [360, 1280])
async def test_outcome_charts_draw_under_the_csp_and_fit_the_screen(conn, live_server, page, width):
    world = await outcome_world.build(conn)
    admin = await make_user(conn, role="admin", org=world.municipality)
    await page.set_viewport_size({"width": width, "height": 800})
    await page.add_init_script(WATCH_CSP)
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            else None
        ),
    )
    await browser_login(page, live_server.url, admin.email, PASSWORD)  # with the second step
    await page.wait_for_load_state("networkidle")
    await page.goto(f"{live_server.url}/admin/outcomes?since=2026-01-01&until=2026-06-30")
    await page.wait_for_load_state("networkidle")

    assert page.url.endswith("until=2026-06-30"), page.url
    drawn = await page.evaluate(DRAWN)
    assert [name for name, _, _ in drawn] == list(CHARTS)
    assert all(points and painted for _, points, painted in drawn), drawn
    assert await page.evaluate("window.__cspViolations") == []
    assert errors == []
    assert await page.evaluate("document.documentElement.scrollWidth") <= width

    await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"outcomes-{width}.png"), full_page=True)
