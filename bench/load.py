"""Benchmark: jobcoaches clicking through the web app under load, optionally while an
agency uploads a large vacancy file.

What it measures (everything over HTTP against a server that is already running; this
script imports nothing from the project and starts nothing):

- **20 simultaneous logins**: every client fetches `/login` (anonymous CSRF cookie and
  token), then all `POST /login` at the same moment; printed: wall time until the last
  one answered, and p50/max of a single login. That is the password step (argon2, the
  costly part); the second step of these staff logins follows untimed, one client at a
  time (bench/staff_login.py: a TOTP code of the demo secret for each coach's first
  session, recovery codes for the others, since the app takes each code once).
- **The coach loop**, `--clients` clients (default 20) spread round-robin over the three
  demo jobcoaches, each with its own session, for `--duration` seconds (default 45):
  `GET /coach` (caseload) -> pause -> `GET /coach/candidates/<id>` (one of that coach's
  candidates, picked at random from the links on the caseload) and right after it the
  suggestions fragment `GET /coach/candidates/<id>/suggestions` with the headers htmx
  sends (`HX-Request: true`, `X-CSRF-Token`, ...) -> pause -> again. A pause is
  uniform(0.5, 1.5) s, after every click (the caseload and the candidate page are the
  two clicks; the fragment is not a click). Clients start spread over the first second.
  `--with-advice` also fetches the advice fragment that the candidate page loads.
- **`GET /healthz` every 0.25 s** (on a fixed schedule, so a slow answer does not
  thin out the samples) during the measured window.
- **With `--upload-rows N`**: the demo agency logs in before the window, and at its start
  uploads a generated CSV of N Dutch vacancies (new ids every run) through the upload
  form on `/agency/imports` like htmx does, then polls the batch page every second as
  the page does, until it says done ("Klaar."): the upload's own time. The coach clients
  never wait for it; the polling goes on after the window (at most `--upload-timeout`).

Printed per request kind and for the coach requests together: count, req/s over the
window, p50/p95/p99/max in ms, errors. An error is an exception (timeout, connection
error), an HTTP status >= 400, or a redirect to `/login` (lost session). Percentiles are
over every request sent, errors included. Requests still running at the end of the
window are waited for (timeout per request: `--timeout`, 30 s) and counted.

The issue's bar: ESCO loaded, no upload: coach requests p95 <= 300 ms, p99 <= 600 ms,
0 errors; during a 10,000-row upload: p95 <= 600 ms. The script prints the verdict.

Run it (the demo world must be loaded, and `/healthz` must show ESCO loaded; the script
waits up to `--wait-ready` seconds for that):

    .venv/bin/perspectief demo &                 # or: make run; serves on :8000
    .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --upload-rows 10000
    .venv/bin/python bench/load.py --json out.json   # also write the figures as JSON

The same run on the commit before a change (a separate worktree and data directory,
served on another port with the same venv; PYTHONPATH makes the worktree's `web` win
over the editable install). Copy an earlier `<data dir>/cache` into the new data
directory first to skip the cold ESCO load (minutes of CPU):

    git worktree add /work/baseline <commit>
    cd /work/baseline && HF_HUB_OFFLINE=1 PYTHONPATH=/work/baseline \\
        PERSPECTIEF_DATA_DIR=/work/baseline-data PERSPECTIEF_PORT=8100 \\
        PERSPECTIEF_ESCO_DIR=/work/shared/data/esco \\
        /work/main/.venv/bin/python -m web.cli demo > /work/baseline-server.log 2>&1 &
    cd /work/main && .venv/bin/python bench/load.py --base-url http://127.0.0.1:8100
    .venv/bin/python bench/load.py --base-url http://127.0.0.1:8100 --upload-rows 10000

Each upload adds N vacancies to that database for good (they stay open and indexed), so
compare two commits on data directories that saw the same runs in the same order.
The load generator shares the machine with the server; it is kept light (regexes, no
HTML parser), but on a 2-core box its CPU is part of the picture.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import random
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import staff_login  # bench/staff_login.py, beside this script

PASSWORD = "perspectief-demo"
COACHES = [
    "fatima.elamrani@utrecht.demo",
    "jeroen.debruin@utrecht.demo",
    "sanne.visser@utrecht.demo",
]
AGENCY = "planner@domstad-uitzend.demo"

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)"')
STAFF = staff_login.Staff()  # second steps for every session this process opens
CANDIDATE_LINK = re.compile(r'href="/coach/candidates/(\d+)"')
BATCH_ID = re.compile(r'id="import-(\d+)"')
# Counts as the page writes them: Dutch thousands ("10.000") since the formatting layer.
BATCH_DONE = re.compile(
    r"([\d.]+) opgeslagen, ([\d.]+) ongewijzigd, ([\d.]+) gesloten, ([\d.]+) afgekeurd"
    r"\s*\(van ([\d.]+) rij(?:en)?\)"
)
BATCH_PROGRESS = re.compile(r"Bezig met verwerken: ([\d.]+) van (\S+) rijen")

COACH_KINDS = ("caseload", "candidate", "suggestions", "advice")
THINK = (0.5, 1.5)
HEALTHZ_EVERY = 0.25
TARGET_P95_MS = 300.0
TARGET_P99_MS = 600.0
TARGET_P95_UPLOAD_MS = 600.0


# --- recording ------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)  # first few error descriptions
    notes: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, seconds: float, error: str | None = None) -> None:
        self.latencies.setdefault(kind, []).append(seconds * 1000.0)
        self.errors.setdefault(kind, 0)
        if error is not None:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {error}")

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n*q/100), at least 1
    return ordered[int(min(rank, len(ordered))) - 1]


def summary(values: list[float], errors: int, window: float) -> dict[str, Any]:
    return {
        "count": len(values),
        "rps": len(values) / window if window > 0 else float("nan"),
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "p99_ms": percentile(values, 99),
        "max_ms": max(values) if values else float("nan"),
        "errors": errors,
    }


async def timed(
    stats: Stats | None,
    kind: str,
    client: httpx.AsyncClient,
    method: str,
    url: str,
    **kwargs: Any,
) -> httpx.Response | None:
    """One request, recorded under `kind`; None when it raised."""
    start = time.perf_counter()
    try:
        response = await client.request(method, url, **kwargs)
    except Exception as exc:  # timeouts, refused connections, protocol errors
        if stats is not None:
            stats.add(kind, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"[:200])
        return None
    elapsed = time.perf_counter() - start
    error = None
    if response.status_code >= 400:
        error = f"HTTP {response.status_code} {method} {url}"
    elif response.is_redirect and response.headers.get("location", "").startswith("/login"):
        error = f"redirect to login from {method} {url}"
    if stats is not None:
        stats.add(kind, elapsed, error)
    return response


# --- sessions -------------------------------------------------------------------


def new_client(base_url: str, timeout: float, connections: int | None = 4) -> httpx.AsyncClient:
    # One client = one browser: its own cookie jar and a few connections. The /healthz
    # sampler gets no limit, so a slow answer never makes the next sample wait here.
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=4),
    )


async def login_form(client: httpx.AsyncClient) -> str:
    response = await client.get("/login")
    response.raise_for_status()
    found = CSRF_META.search(response.text)
    if not found:
        raise RuntimeError("no CSRF token on /login")
    return found.group(1)


async def post_password(client: httpx.AsyncClient, email: str, token: str) -> httpx.Response:
    return await client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token, "next": ""},
    )


async def post_login(client: httpx.AsyncClient, email: str, token: str) -> httpx.Response:
    """The whole login: the password, then for staff the second step (a TOTP code of the
    demo secret, or a recovery code for a second session: bench/staff_login.py)."""
    response = await post_password(client, email, token)
    return await STAFF.second_step(client, email, response)


def check_login(response: httpx.Response, email: str) -> None:
    if not staff_login.signed_in(response):
        raise RuntimeError(f"login {email}: HTTP {response.status_code}")


async def simultaneous_logins(
    clients: list[httpx.AsyncClient], emails: list[str]
) -> dict[str, Any]:
    """GET /login for everyone first, then all POST /login at once."""
    tokens = await asyncio.gather(*(login_form(c) for c in clients))
    gate = asyncio.Event()
    single: list[float] = []

    async def one(client: httpx.AsyncClient, email: str, token: str) -> httpx.Response:
        await gate.wait()
        start = time.perf_counter()
        response = await post_password(client, email, token)
        single.append((time.perf_counter() - start) * 1000.0)
        return response

    tasks = [
        asyncio.create_task(one(c, e, t)) for c, e, t in zip(clients, emails, tokens, strict=True)
    ]
    await asyncio.sleep(0.05)  # all tasks parked at the gate
    start = time.perf_counter()
    gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - start
    failures = [str(r) for r in results if isinstance(r, BaseException)]
    for client, email, result in zip(clients, emails, results, strict=True):
        if isinstance(result, httpx.Response):  # the second step, not timed (see above)
            try:
                check_login(await STAFF.second_step(client, email, result), email)
            except RuntimeError as exc:
                failures.append(str(exc))
    return {
        "logins": len(clients),
        "wall_ms": wall * 1000.0,
        "p50_ms": percentile(single, 50),
        "max_ms": max(single) if single else float("nan"),
        "failures": len(failures),
        "failure_samples": failures[:3],
    }


# --- the coach loop ---------------------------------------------------------------


def htmx_headers(csrf: str, current_url: str, target: str) -> dict[str, str]:
    return {
        "HX-Request": "true",
        "HX-Current-URL": current_url,
        "HX-Target": target,
        "HX-Trigger": target,
        "X-CSRF-Token": csrf,
    }


async def pause(rng: random.Random, deadline: float) -> None:
    await asyncio.sleep(max(0.0, min(rng.uniform(*THINK), deadline - time.perf_counter())))


async def coach_client(
    client: httpx.AsyncClient,
    stats: Stats,
    rng: random.Random,
    deadline: float,
    base_url: str,
    with_advice: bool,
) -> None:
    await asyncio.sleep(rng.uniform(0.0, 1.0))  # do not start all 20 in the same instant
    while time.perf_counter() < deadline:
        caseload = await timed(stats, "caseload", client, "GET", "/coach")
        ids = CANDIDATE_LINK.findall(caseload.text) if caseload is not None else []
        if caseload is not None and caseload.status_code == 200 and not ids:
            stats.note("caseload without candidate links")
        await pause(rng, deadline)
        if not ids or time.perf_counter() >= deadline:
            continue
        candidate_id = rng.choice(sorted(set(ids)))
        page_url = f"/coach/candidates/{candidate_id}"
        page = await timed(stats, "candidate", client, "GET", page_url)
        if page is not None and page.status_code == 200:
            found = CSRF_META.search(page.text)
            headers = htmx_headers(found.group(1) if found else "", base_url + page_url, "")
            fragments = [("suggestions", f"{page_url}/suggestions", "suggestions")]
            if with_advice:
                fragments.append(("advice", f"{page_url}/advice", "advice"))
            # htmx fires the hx-trigger="load" requests together, right after the page.
            answers = await asyncio.gather(
                *(
                    timed(
                        stats,
                        kind,
                        client,
                        "GET",
                        url,
                        headers={**headers, "HX-Target": target, "HX-Trigger": target},
                    )
                    for kind, url, target in fragments
                )
            )
            suggestions = answers[0]
            if suggestions is not None and suggestions.status_code == 200:
                text = suggestions.text
                if "Suggesties worden voorbereid" in text:
                    stats.note("suggestions still loading (index not ready)")
                elif "handmatige modus" in text:
                    stats.note("suggestions switched off (kill switch)")
                elif 'class="suggestion"' not in text:
                    stats.note("suggestions fragment without suggestions")
        await pause(rng, deadline)


async def healthz_sampler(
    client: httpx.AsyncClient, stats: Stats, start: float, deadline: float
) -> None:
    tasks: list[asyncio.Task] = []
    tick = 0
    while True:
        at = start + tick * HEALTHZ_EVERY
        if at >= deadline:
            break
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        tasks.append(asyncio.create_task(timed(stats, "healthz", client, "GET", "/healthz")))
        tick += 1
    await asyncio.gather(*tasks)


# --- the upload -------------------------------------------------------------------

TITLES = [
    ("Orderpicker", "logistiek", "orderpicken; scanner; teamwerk"),
    ("Heftruckchauffeur", "logistiek", "heftruck rijden; laden en lossen; VCA"),
    ("Magazijnmedewerker", "logistiek", "voorraadbeheer; orderpicken; inpakken"),
    ("Productiemedewerker", "productie", "machine bedienen; kwaliteitscontrole; inpakken"),
    ("Monteur zonnepanelen", "installatietechniek", "monteren; werken op hoogte; VCA"),
    ("Leerling elektromonteur", "installatietechniek", "bekabeling; schema's lezen"),
    ("Hulpkok", "horeca", "koken; hygiëne; snijden"),
    ("Medewerker bediening", "horeca", "gastvrijheid; afrekenen; koffie zetten"),
    ("Schoonmaker", "schoonmaak", "schoonmaken; zelfstandig werken"),
    ("Verkoopmedewerker", "detailhandel", "klantvriendelijk; kassa; vakken vullen"),
    ("Vakkenvuller", "detailhandel", "vakken vullen; voorraad"),
    ("Bezorger", "logistiek", "rijbewijs B; routeplanning; klantcontact"),
    ("Hovenier", "groen", "snoeien; maaien; bestrating"),
    ("Stratenmaker in opleiding", "bouw", "bestrating; grondwerk; VCA"),
    ("Timmerman", "bouw", "timmeren; maatvoering; VCA"),
    ("Schilder", "bouw", "schilderen; plamuren; schuren"),
    ("Callcentermedewerker", "klantenservice", "klantcontact; typen; Nederlands"),
    ("Beveiliger in opleiding", "beveiliging", "toezicht; rapporteren"),
    ("Fietsenmaker", "techniek", "fietsen repareren; klantcontact"),
    ("Automonteur", "techniek", "onderhoud; diagnose; banden wisselen"),
]
EMPLOYERS = [
    "Distributiecentrum Lage Weide",
    "Bouwbedrijf Vechtzicht",
    "Hotel De Dom",
    "Groenbedrijf Kromme Rijn",
    "Techniek Nieuwegein",
    "Supermarkt Kanaleneiland",
    "Schoonmaakbedrijf Stichtse Vecht",
    "Fietsfabriek Houten",
    "Installatiebedrijf Zeist",
    "Bakkerij Oudwijk",
    "Garage Amersfoort-Noord",
    "Koeriers Utrecht",
]
PLACES = (
    [
        (str(p), "Utrecht")
        for p in (
            3511,
            3512,
            3521,
            3523,
            3526,
            3531,
            3541,
            3542,
            3552,
            3561,
            3564,
            3572,
            3581,
            3584,
        )
    ]
    + [(str(p), "Nieuwegein") for p in range(3430, 3440)]
    + [(str(p), "IJsselstein") for p in range(3400, 3405)]
    + [(str(p), "Zeist") for p in range(3700, 3710)]
    + [(str(p), "Houten") for p in range(3990, 3998)]
    + [(str(p), "Maarssen") for p in range(3600, 3609)]
    + [(str(p), "Woerden") for p in range(3440, 3449)]
    + [(str(p), "Amersfoort") for p in range(3811, 3826)]
)
HEADER = [
    "id",
    "functie",
    "omschrijving",
    "vaardigheden",
    "sector",
    "werkgever",
    "postcode",
    "plaats",
    "uren per week",
    "diensten",
    "contract",
    "vast na maanden",
    "opleiding",
    "BBL",
    "uurloon",
    "minimumleeftijd",
    "rijbewijs",
    "startdatum",
    "sluitingsdatum",
    "VOG",
    "tweede kans",
]


def make_csv(rows: int, rng: random.Random, run: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    for i in range(rows):
        title, sector, skills = rng.choice(TITLES)
        employer = rng.choice(EMPLOYERS)
        postcode, city = rng.choice(PLACES)
        hours = rng.choice(["24-32", "32-40", "36", "38", "40", "16-24"])
        contract = rng.choice(["tijdelijk", "tijdelijk", "uitzend", "vast", "bbl"])
        bbl = "ja" if contract == "bbl" or rng.random() < 0.15 else "nee"
        wage = f"{rng.uniform(13.7, 19.5):.2f}".replace(".", ",")
        writer.writerow(
            [
                f"LOAD-{run}-{i:06d}",
                title,
                f"Bij {employer} in {city} ga je aan de slag als {title.lower()}. "
                f"Je krijgt een vaste begeleider en leert het vak op de werkvloer.",
                skills,
                sector,
                employer,
                f"{postcode} {rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}",
                city,
                hours,
                rng.choice(["dag", "dag; avond", "dag; weekend", "avond; nacht", "dag"]),
                contract,
                rng.choice(["", "6", "12"]) if contract != "vast" else "",
                rng.choice(
                    ["", "VCA op kosten van de werkgever", "interne opleiding", "heftruckcursus"]
                ),
                bbl,
                wage,
                rng.choice(["16", "18", "18", "21"]),
                rng.choice(["", "", "B"]),
                f"2026-{rng.randint(1, 12):02d}-01",
                "",
                rng.choice(["nee", "nee", "ja"]),
                rng.choice(["ja", "nee", "nee"]),
            ]
        )
    return out.getvalue().encode("utf-8")


async def upload(
    client: httpx.AsyncClient,
    stats: Stats,
    payload: bytes,
    filename: str,
    rows: int,
    give_up_after: float,
) -> dict[str, Any]:
    """Upload like the htmx form does, then poll the batch until it is done."""
    result: dict[str, Any] = {"rows": rows, "bytes": len(payload)}
    start = time.perf_counter()
    page = await client.get("/agency/imports")
    found = CSRF_META.search(page.text)
    csrf = found.group(1) if found else ""
    headers = htmx_headers(csrf, str(client.base_url) + "/agency/imports", "upload-result")
    response = await timed(
        stats,
        "upload POST",
        client,
        "POST",
        "/agency/imports",
        headers=headers,
        data={"csrf_token": csrf},
        files={"file": (filename, payload, "text/csv")},
    )
    result["post_s"] = time.perf_counter() - start
    if response is None or response.status_code >= 400:
        result["status"] = "upload failed" if response is None else f"HTTP {response.status_code}"
        return result
    batch = BATCH_ID.search(response.text) or re.search(
        r"/agency/imports/(\d+)", response.headers.get("location", "")
    )
    if batch is None:
        result["status"] = "no batch id in the answer"
        return result
    batch_url = f"/agency/imports/{batch.group(1)}"
    result["batch"] = int(batch.group(1))
    result["status"] = "timeout"
    while time.perf_counter() - start < give_up_after:
        await asyncio.sleep(1.0)  # the page polls every second
        poll = await timed(stats, "upload poll", client, "GET", batch_url, headers=headers)
        if poll is None or poll.status_code != 200:
            continue
        done = BATCH_DONE.search(poll.text)
        if done:
            stored, unchanged, closed, rejected, total = (
                int(n.replace(".", "")) for n in done.groups()
            )
            result.update(
                status="done",
                stored=stored,
                unchanged=unchanged,
                closed=closed,
                rejected=rejected,
                total=total,
            )
            break
        if "kon niet worden verwerkt" in poll.text:
            result["status"] = "failed"
            break
        progress = BATCH_PROGRESS.search(poll.text)
        if progress:
            result["processed_at_last_poll"] = int(progress.group(1).replace(".", ""))
    result["done_s"] = time.perf_counter() - start
    return result


# --- the run ----------------------------------------------------------------------


async def wait_ready(base_url: str, wait: float, need_esco: bool) -> dict[str, Any]:
    end = time.perf_counter() + wait
    health: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=base_url, timeout=10.0) as client:
        while True:
            try:
                health = (await client.get("/healthz")).json()
            except Exception as exc:
                health = {"error": f"{type(exc).__name__}: {exc}"}
            index = health.get("index", {}) if isinstance(health.get("index"), dict) else {}
            ready = index.get("state") == "ready" and (
                not need_esco or index.get("taxonomy") == "loaded"
            )
            if ready or time.perf_counter() >= end:
                return {"ready": ready, "health": health}
            await asyncio.sleep(2.0)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(args.seed)
    base = args.base_url.rstrip("/")
    waited = await wait_ready(base, args.wait_ready, not args.no_esco)
    index = waited["health"].get("index", {}) if isinstance(waited["health"], dict) else {}
    if not waited["ready"]:
        raise SystemExit(
            f"server not ready (index/ESCO) after {args.wait_ready:.0f} s: "
            f"{json.dumps(waited['health'])[:400]}"
        )

    emails = [COACHES[i % len(COACHES)] for i in range(args.clients)]
    clients = [new_client(base, args.timeout) for _ in emails]
    agency = new_client(base, args.timeout) if args.upload_rows else None
    stats = Stats()
    health_client = new_client(base, args.timeout, connections=None)
    try:
        logins = await simultaneous_logins(clients, emails)
        if logins["failures"]:
            raise SystemExit(f"logins failed: {logins['failure_samples']}")
        payload = b""
        run_id = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
        if agency is not None:
            check_login(await post_login(agency, AGENCY, await login_form(agency)), AGENCY)
            payload = make_csv(args.upload_rows, random.Random(rng.random()), run_id)

        load_before = os.getloadavg()
        start = time.perf_counter()
        deadline = start + args.duration
        upload_task = (
            asyncio.create_task(
                upload(
                    agency,
                    stats,
                    payload,
                    f"load-{run_id}.csv",
                    args.upload_rows,
                    args.upload_timeout,
                )
            )
            if agency is not None
            else None
        )
        coach_tasks = [
            asyncio.create_task(
                coach_client(
                    c, stats, random.Random(rng.random()), deadline, base, args.with_advice
                )
            )
            for c in clients
        ]
        health_task = asyncio.create_task(healthz_sampler(health_client, stats, start, deadline))
        await asyncio.gather(*coach_tasks, health_task)
        window = time.perf_counter() - start
        load_after = os.getloadavg()
        if upload_task is not None and not upload_task.done():
            print(
                f"window over after {window:.1f} s; waiting for the upload to finish…",
                file=sys.stderr,
            )
        uploaded = await upload_task if upload_task is not None else None
    finally:
        for c in [*clients, health_client, *([agency] if agency else [])]:
            await c.aclose()

    kinds = [
        k for k in (*COACH_KINDS, "healthz", "upload POST", "upload poll") if k in stats.latencies
    ]
    table = {k: summary(stats.latencies[k], stats.errors[k], window) for k in kinds}
    coach = [v for k in COACH_KINDS for v in stats.latencies.get(k, [])]
    coach_errors = sum(stats.errors.get(k, 0) for k in COACH_KINDS)
    table["coach overall"] = summary(coach, coach_errors, window)
    overall = table["coach overall"]
    if args.upload_rows:
        verdict = {"p95 <= 600 ms": overall["p95_ms"] <= TARGET_P95_UPLOAD_MS}
    else:
        verdict = {
            "p95 <= 300 ms": overall["p95_ms"] <= TARGET_P95_MS,
            "p99 <= 600 ms": overall["p99_ms"] <= TARGET_P99_MS,
            "0 errors": coach_errors == 0,
        }
    return {
        "base_url": base,
        "clients": args.clients,
        "duration_s": args.duration,
        "window_s": window,
        "seed": args.seed,
        "upload_rows": args.upload_rows,
        "with_advice": args.with_advice,
        "server": {
            "taxonomy": index.get("taxonomy"),
            "vacancies_indexed": (index.get("vacancies") or {}).get("indexed"),
            "candidates_indexed": (index.get("candidates") or {}).get("indexed"),
        },
        "loadavg_1min": {"before": load_before[0], "after": load_after[0], "cores": os.cpu_count()},
        "logins": logins,
        "requests": table,
        "upload": uploaded,
        "verdict": verdict,
        "notes": stats.notes,
        "error_samples": stats.samples,
    }


def fmt(value: float, digits: int = 1) -> str:
    return "-" if value != value else f"{value:.{digits}f}"  # NaN -> "-"


def print_report(result: dict[str, Any]) -> None:
    server = result["server"]
    print(
        f"{result['base_url']}: {result['clients']} coach clients, {result['duration_s']:.0f} s "
        f"(window {result['window_s']:.1f} s), seed {result['seed']}, "
        f"upload {result['upload_rows']} rows; ESCO {server['taxonomy']}, "
        f"{server['vacancies_indexed']} vacancies / {server['candidates_indexed']} "
        f"candidates indexed at start"
    )
    load = result["loadavg_1min"]
    print(
        f"machine load (1-min average) {load['before']:.1f} before, {load['after']:.1f} after "
        f"the window, {load['cores']} cores (the server shares them with this script)"
    )
    logins = result["logins"]
    print(
        f"\n{logins['logins']} simultaneous logins: all done in {logins['wall_ms']:.0f} ms "
        f"(one login p50 {logins['p50_ms']:.0f} ms, max {logins['max_ms']:.0f} ms), "
        f"{logins['failures']} failed"
    )
    print(
        f"\n{'kind':<14}{'count':>7}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    )
    for kind, row in result["requests"].items():
        if kind == "coach overall":
            print("-" * 73)
        print(
            f"{kind:<14}{row['count']:>7}{fmt(row['rps']):>8}{fmt(row['p50_ms']):>9}"
            f"{fmt(row['p95_ms']):>9}{fmt(row['p99_ms']):>9}{fmt(row['max_ms']):>9}"
            f"{row['errors']:>8}"
        )
    health = result["requests"].get("healthz")
    if health:
        print(
            f"\n/healthz every {HEALTHZ_EVERY} s: p50 {fmt(health['p50_ms'])} ms, "
            f"p95 {fmt(health['p95_ms'])} ms, p99 {fmt(health['p99_ms'])} ms "
            f"({health['count']} samples, {health['errors']} errors)"
        )
    uploaded = result["upload"]
    if uploaded:
        line = (
            f"\nupload of {uploaded['rows']} rows ({uploaded['bytes'] / 1e6:.1f} MB): "
            f"POST answered after {uploaded.get('post_s', float('nan')):.1f} s, "
            f"status {uploaded['status']}"
        )
        if uploaded["status"] == "done":
            line += (
                f" after {uploaded['done_s']:.1f} s: {uploaded['stored']} stored, "
                f"{uploaded['unchanged']} unchanged, {uploaded['closed']} closed, "
                f"{uploaded['rejected']} rejected of {uploaded['total']}"
            )
        elif "done_s" in uploaded:
            line += (
                f" after {uploaded['done_s']:.1f} s "
                f"({uploaded.get('processed_at_last_poll', '?')} rows processed)"
            )
        print(line)
    verdict = ", ".join(f"{k}: {'yes' if ok else 'NO'}" for k, ok in result["verdict"].items())
    print(f"\ncoach requests against the issue's bar: {verdict}")
    for what, count in result["notes"].items():
        print(f"note: {what} x{count}")
    for sample in result["error_samples"]:
        print(f"error: {sample}")


def _finite(value: Any) -> Any:
    """NaN (no samples) as null, so the JSON stays strict."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=45.0, help="seconds")
    parser.add_argument(
        "--upload-rows",
        type=int,
        default=0,
        help="agency uploads a CSV of this many rows at the start",
    )
    parser.add_argument(
        "--upload-timeout",
        type=float,
        default=600.0,
        help="stop polling the upload after this many seconds",
    )
    parser.add_argument(
        "--with-advice",
        action="store_true",
        help="also fetch the advice fragment with each candidate page",
    )
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument(
        "--wait-ready",
        type=float,
        default=900.0,
        help="wait this long for index ready and ESCO loaded",
    )
    parser.add_argument(
        "--no-esco", action="store_true", help="do not require ESCO loaded (the bar assumes it is)"
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="-",
        metavar="PATH",
        help="also write the figures as JSON (to stdout without PATH)",
    )
    args = parser.parse_args()
    if args.clients < 1 or args.duration <= 0:
        parser.error("--clients and --duration must be positive")
    result = asyncio.run(run(args))
    print_report(result)
    if args.json:
        text = json.dumps(_finite(result), indent=2, default=str)
        if args.json == "-":
            print(text)
        else:
            with open(args.json, "w", encoding="utf-8") as out:
                out.write(text + "\n")


if __name__ == "__main__":
    main()
