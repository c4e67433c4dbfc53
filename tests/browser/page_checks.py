"""What the journey tests of issue 13 check on every page they visit, at both widths:
axe-core finds nothing serious or critical, and the page does not scroll sideways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
WIDTHS = (1280, 360)
HEIGHT = 800
# The elements sticking out past the window, to say what to fix when a page is too wide.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


async def new_tab(browser: Any, width: int) -> Any:
    """A page in a fresh context (own cookies) of `width` px; close its context after."""
    context = await browser.new_context(viewport={"width": width, "height": HEIGHT}, locale="nl-NL")
    return await context.new_page()


async def check_page(page: Any, name: str) -> None:
    """No serious or critical axe finding, and nothing wider than the window."""
    await page.wait_for_load_state("networkidle")
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Through the DevTools protocol: the page's CSP stays on for the app's own code.
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate("async () => await axe.run(document)")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    width = page.viewport_size["width"]
    name = f"{name} at {width} px"
    assert bad == [], f"{name}: {bad}"
    scroll_width = await page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width} px wide: {await page.evaluate(WIDEST)}"
