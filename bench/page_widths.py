"""Benchmark: the widest page of every role on a phone (360 px), on the demo world.

Why: issue 13 asks that every page can be used at 360 px without scrolling sideways,
and the closing note wants the widest page per role before and after. A page is too
wide when `document.documentElement.scrollWidth` is above the viewport's width.

It starts everything itself: an embedded PostgreSQL in a temp dir, the demo world,
`perspectief serve --with-worker` on a free port (matching on, so the coach's pages
show suggestion cards; `--no-matching` skips the model). Then, in Debian's Chromium at
the given width, it logs in as each demo role, uploads a small file as the agency (so
the upload list and a report with a rejected row exist), and follows every link from
the role's landing page (at most `--per-page` addresses per page shape, /coach/
candidates/7 and /coach/candidates/8 being one shape). It prints the widest page per
role, and with `--all` every page.

    .venv/bin/python bench/page_widths.py
    .venv/bin/python bench/page_widths.py --no-matching --width 360 --all

To measure another checkout (e.g. the commit before a change), point PYTHONPATH at it:
the server runs that checkout's code and templates.

    git worktree add /tmp/before HEAD~3
    PYTHONPATH=/tmp/before .venv/bin/python bench/page_widths.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import httpx
import pyotp

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH

import web  # noqa: E402
from web.database import embedded_server_uri, ensure_database, stop_embedded_server  # noqa: E402
from web.demo.seed import DEMO_PASSWORD, seed_demo  # noqa: E402
from web.migrations import migrate  # noqa: E402

# web/demo/seed.py's, written out: an older checkout on PYTHONPATH has no such name.
DEMO_TOTP_SECRET = "PERSPECTIEFDEMO2PERSPECTIEFDEMO2"

CODE_ROOT = Path(web.__file__).resolve().parent.parent  # the checkout being measured
CHROMIUM = "/usr/bin/chromium"
SKIPPED = re.compile(r"^/(logout|static/|openapi\.json)|\.(csv|xlsx|json)$")
UPLOAD = (
    "id;title;description;skills;postcode;city;hours_per_week\n"
    "PW-1;Medewerker klantenservice;Telefoon en e-mail: info@klantenservice-utrecht.example,"
    " zie https://werken-bij.klantenservice-utrecht.example/vacatures/medewerker-klantenservice"
    ";klantgericht werken;3511;Utrecht;32-40\n"
    "PW-2;Kok;Koken;koken;3511;Utrecht;veertig\n"
)


@dataclass(frozen=True)
class PageWidth:
    shape: str  # the path with numbers as {id}
    url: str
    width: int


async def prepare(url: str) -> dict[str, str]:
    """Migrate, load the demo world; role → demo e-mail."""
    conn = await asyncpg.connect(url)
    try:
        await migrate(conn)
        async with conn.transaction():
            logins = await seed_demo(conn, progress=False)
        return dict(logins.rows)
    finally:
        await conn.close()


def serve(url: str, port: int, root: Path, *, matching: bool) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PERSPECTIEF_ENVIRONMENT": "test",
        "PERSPECTIEF_DATA_DIR": str(root / "data"),
        "PERSPECTIEF_MATCHING_ENABLED": "true" if matching else "false",
        "HF_HUB_OFFLINE": "1",
    }
    command = [sys.executable, "-m", "web.cli", "serve", "--port", str(port), "--with-worker"]
    with (root / "server.log").open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=CODE_ROOT, stdout=out, stderr=out)
    if not wait_ready(f"http://127.0.0.1:{port}", process, matching=matching):
        process.kill()
        raise RuntimeError(f"the app did not get ready; see {root / 'server.log'}")
    return process


def wait_ready(base: str, process: subprocess.Popen[bytes], *, matching: bool) -> bool:
    """Up, and with matching: the index ready and no embedding left to do."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        try:
            health = httpx.get(f"{base}/healthz", timeout=5).json()
        except (httpx.TransportError, json.JSONDecodeError):
            health = None
        if health and not matching:
            return True
        if health and health["index"].get("state") == "ready":
            jobs = health.get("jobs") or {}
            if not any(kind.startswith("embed") for kind in jobs):
                return True
        time.sleep(1)
    return False


def shape(path: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


async def crawl(page, base: str, start: str, per_shape: int) -> list[PageWidth]:  # noqa: ANN001
    """Every page reachable by links from `start`, at most `per_shape` of each shape."""
    queue, seen, counts, found = [start], set(), Counter[str](), []
    while queue:
        path = queue.pop(0)
        if path in seen or counts[shape(path)] >= per_shape or SKIPPED.search(path):
            continue
        seen.add(path)
        counts[shape(path)] += 1
        response = await page.goto(base + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        landed = urlsplit(page.url).path  # "/" redirects to the role's landing page
        if landed != path and landed in seen:
            continue
        seen.add(landed)
        await page.wait_for_load_state("networkidle")
        width = await page.evaluate("document.documentElement.scrollWidth")
        found.append(PageWidth(shape(path), path, int(width)))
        hrefs = await page.eval_on_selector_all(
            "a[href]:not([download])", "links => links.map(a => a.href)"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if f"{parts.scheme}://{parts.netloc}" == base:
                queue.append(parts.path)
    return found


async def login(page, base: str, email: str) -> None:  # noqa: ANN001
    await page.goto(f"{base}/login")
    await page.fill("input[name=email]", email)
    await page.fill("input[name=password]", DEMO_PASSWORD)
    await page.click("form[action='/login'] button[type=submit]")
    await page.wait_for_load_state("networkidle")
    if urlsplit(page.url).path == "/login/code":  # demo staff: the code of the demo secret
        await page.fill("input[name=code]", pyotp.TOTP(DEMO_TOTP_SECRET).now())
        await page.click("form[action='/login/code'] button[type=submit]")
        await page.wait_for_load_state("networkidle")


async def upload(page, base: str, folder: Path) -> None:  # noqa: ANN001
    """One good row with a long e-mail address and URL, one rejected row."""
    file = folder / "vacatures.csv"
    file.write_text(UPLOAD, encoding="utf-8")
    await page.goto(f"{base}/agency/imports")
    await page.set_input_files("input[name=file]", str(file))
    await page.click("#upload-form button[type=submit]")
    await page.wait_for_selector("#upload-result .summary", timeout=60_000)


async def measure(base: str, logins: dict[str, str], args: argparse.Namespace, folder: Path):  # noqa: ANN201
    from playwright.async_api import async_playwright

    widths: dict[str, list[PageWidth]] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for role, email in logins.items():
            context = await browser.new_context(
                viewport={"width": args.width, "height": 740}, locale="nl-NL"
            )
            page = await context.new_page()
            await login(page, base, email)
            if role == "agency":
                await upload(page, base, folder)
            start = urlsplit(page.url).path if role != "agency" else "/agency"
            widths[role] = await crawl(page, base, start, args.per_page)
            await context.close()
        await browser.close()
    return widths


def report(widths: dict[str, list[PageWidth]], args: argparse.Namespace) -> None:
    print(f"code: {CODE_ROOT}  viewport: {args.width} px  matching: {args.matching}")
    print(f"{'role':<10} {'pages':>5}  widest page (px)")
    for role, pages in widths.items():
        widest = max(pages, key=lambda p: p.width)
        print(f"{role:<10} {len(pages):>5}  {widest.width:>5}  {widest.url}")
        if args.all:
            for p in sorted(pages, key=lambda p: -p.width):
                print(f"{'':<17}{p.width:>5}  {p.url}")
    overall = max(p.width for pages in widths.values() for p in pages)
    print(f"widest of all: {overall} px (goal: {args.width})")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=360, help="viewport width in px")
    parser.add_argument("--per-page", type=int, default=3, help="addresses per page shape")
    parser.add_argument("--no-matching", dest="matching", action="store_false")
    parser.add_argument("--all", action="store_true", help="print every page's width")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="perspectief-widths-"))
    pgdata = root / "pg"
    server = None
    try:
        asyncio.run(ensure_database(embedded_server_uri(pgdata), "perspectief"))
        url = embedded_server_uri(pgdata, "perspectief")
        logins = asyncio.run(prepare(url))
        port = free_port()
        server = serve(url, port, root, matching=args.matching)
        widths = asyncio.run(measure(f"http://127.0.0.1:{port}", logins, args, root))
        report(widths, args)
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        stop_embedded_server(pgdata)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
