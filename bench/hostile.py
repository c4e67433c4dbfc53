"""Issue 11's hostile cases against a running demo server: each must be refused with a
clear reason, nothing may be stored wrongly, and every coach page must answer 200
afterwards.

Against a running server (like `bench/load.py`, whose helpers it uses: it imports nothing
from the project). The demo agency makes an API key on its own page; the cases go in
through the API, the upload form and the coach's form; then every page of every demo
jobcoach (caseload, each candidate page, its suggestions and advice) is fetched.

    .venv/bin/perspectief demo &
    .venv/bin/python bench/hostile.py --base-url http://127.0.0.1:8000

Printed: one line per case (HTTP status, the reason the server gave, verdict), the
upload batches' outcomes, and the coach pages' status counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import time
from collections import Counter
from typing import Any

import httpx
from load import (
    AGENCY,
    CANDIDATE_LINK,
    COACHES,
    CSRF_META,
    check_login,
    login_form,
    post_login,
    upload,
)

HUGE = "9" * 25  # beyond 64 bits
KEY = re.compile(r'id="new-api-key">(pk_[^<]+)<')
ERROR_TEXT = re.compile(r'class="(?:error-box|field-error|error)"[^>]*>(.*?)</', re.S)
BAD_WAGES = {"nan": "nan", "inf": "inf", "negative": "-14", "monthly": "1.500", "NaN float": None}


class SafeClient(httpx.AsyncClient):
    """A request that breaks the connection is an answer too (status 'conn'), so one
    crashing case does not end the run."""

    async def request(self, method: str, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        try:
            return await super().request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            return Broken(f"{type(exc).__name__}: {exc}")


def safe_client(base_url: str, seconds: float) -> SafeClient:
    return SafeClient(base_url=base_url, timeout=httpx.Timeout(seconds), follow_redirects=False)


class Broken:
    status_code = 599  # not a real status: the connection broke
    headers: dict[str, str] = {}

    def __init__(self, why: str) -> None:
        self.text = why

    def json(self) -> Any:
        return {"detail": self.text}


class Verdicts:
    def __init__(self) -> None:
        self.lines: list[tuple[str, int | str, str, bool]] = []

    def add(self, case: str, status: int | str, reason: str, ok: bool) -> None:
        self.lines.append((case, status, reason[:110], ok))
        print(f"{'ok ' if ok else 'BAD'} {case:42} {status!s:>4}  {reason[:110]}")


def _reason(response: httpx.Response) -> str:
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict):
            return str(body.get("message") or body.get("detail") or body)[:200]
        return str(body)[:200]
    found = ERROR_TEXT.findall(response.text)
    text = " / ".join(" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found[:3])
    return text or f"{len(response.text)} bytes of HTML"


async def csrf_of(client: httpx.AsyncClient, path: str) -> str:
    page = await client.get(path)
    found = CSRF_META.search(page.text)
    return found.group(1) if found else ""


async def api_key(agency: httpx.AsyncClient) -> str:
    token = await csrf_of(agency, "/agency/api-keys")
    page = await agency.post("/agency/api-keys", data={"csrf_token": token, "name": "hostile"})
    found = KEY.search(page.text)
    if not found:
        raise RuntimeError(f"no API key on the page (HTTP {page.status_code})")
    return found.group(1)


async def api_cases(api: httpx.AsyncClient, v: Verdicts) -> None:
    for name, wage in BAD_WAGES.items():
        ref = f"hostile-{name.replace(' ', '-')}"
        body: Any = {"id": ref, "title": "Kok", "hourly_wage": wage}
        content = json.dumps(body).replace('"hourly_wage": null', '"hourly_wage": NaN')
        r = await api.post("/api/v1/vacancies", content=content, headers=JSON)
        stored = (await api.get(f"/api/v1/vacancies/{ref}")).status_code != 404
        v.add(
            f"API hourly_wage {name}",
            r.status_code,
            _reason(r),
            r.status_code == 422 and not stored,
        )
    r = await api.post("/api/v1/vacancies", json={"id": "hostile-h", "title": "Kok", "uren": "nan"})
    v.add("API hours_per_week nan", r.status_code, _reason(r), r.status_code == 422)
    r = await api.post("/api/v1/vacancies", content=b"geen json {", headers=JSON)
    v.add("API body that is not JSON", r.status_code, _reason(r), r.status_code == 422)
    r = await api.get(f"/api/v1/proposals/{HUGE}")
    v.add("API id beyond 64 bits", r.status_code, _reason(r), r.status_code == 422)
    r = await api.put("/api/v1/vacancies/" + "x" * 300, json={"title": "Kok"})
    v.add("API reference of 300 characters", r.status_code, _reason(r), r.status_code == 422)
    r = await api.post("/api/v1/vacancies", json={"id": "hostile-nul", "title": "K\x00k"})
    ok = r.status_code in (200, 422)
    v.add(
        "API NUL in a title",
        r.status_code,
        _reason(r) if r.status_code != 200 else "stored without NUL",
        ok,
    )


JSON = {"Content-Type": "application/json"}


def hostile_csv() -> bytes:
    rows = [
        "id;functie;uurloon;uren;omschrijving",
        "hc-good;Kok;14,50;32;Koken in een keuken",
        "hc-nan;Kok;NaN;32;x",
        "hc-inf;Kok;inf;32;x",
        "hc-neg;Kok;-3;32;x",
        "hc-month;Kok;€ 1.500;32;x",
        "hc-hours;Kok;14,50;nan;x",
    ]
    return ("\r\n".join(rows) + "\r\n").encode()


async def upload_cases(agency: httpx.AsyncClient, api: httpx.AsyncClient, v: Verdicts) -> None:
    files = [
        ("CSV with NaN, inf, negative and monthly wages", hostile_csv(), "vacatures.csv"),
        ("HTML of '<script ' × 24,000 (192 KB)", b"<script " * 24_000, "pagina.html"),
        (
            "JSON-LD description of 100,000 '<'",
            json.dumps(
                {
                    "@type": "JobPosting",
                    "identifier": "hl-1",
                    "title": "Kok",
                    "description": "<" * 100_000,
                }
            ).encode(),
            "vacatures.json",
        ),
    ]
    for name, payload, filename in files:
        started = time.perf_counter()
        result = await upload(agency, None, payload, filename, 0, 120)  # type: ignore[arg-type]
        seconds = time.perf_counter() - started
        outcome = (
            f"POST {result.get('post_s', 0):.2f} s, "
            f"batch {result.get('status')} after {seconds:.1f} s"
            f" (stored {result.get('stored', 0)}, rejected {result.get('rejected', '-')})"
        )
        ok = result.get("status") in ("done", "failed") and result.get("post_s", 99) < 2
        if filename == "vacatures.csv":
            kept = [
                r["external_ref"] for r in (await api.get("/api/v1/vacancies?limit=1000")).json()
            ]
            wrong = [ref for ref in kept if ref.startswith("hc-") and ref != "hc-good"]
            ok = ok and result.get("stored") == 1 and result.get("rejected") == 5 and not wrong
        v.add(f"upload: {name}", result.get("status", "?"), outcome, ok)


async def coach_cases(coach: httpx.AsyncClient, v: Verdicts) -> None:
    r = await coach.get("/coach", params={"q": "Mo\x00hamed"})
    v.add(
        "coach search with a NUL",
        r.status_code,
        _reason(r) if r.status_code >= 400 else "answered",
        r.status_code < 500,
    )
    for path in (f"/coach/candidates/{HUGE}", f"/coach/vacancies/{HUGE}"):
        r = await coach.get(path)
        v.add(f"coach page {path[:24]}…", r.status_code, _reason(r), r.status_code in (404, 422))
    base = {"first_name": "Test", "shifts": "day", "travel_mode": "bike", "status": "new"}
    forms: list[tuple[str, Any]] = [
        ("coach form: reporting day '²'", {**base, "reporting_weekdays": "²"}),
        (
            "coach form: curfew hour 99999999999999999999",
            {**base, "curfew_start": "99999999999999999999", "curfew_end": "06:00"},
        ),
        ("coach form: NUL in a name", {**base, "first_name": "Te\x00st"}),
        ("coach form: 70 hours a week", {**base, "hours_max": "70"}),
    ]
    for name, form in forms:
        token = await csrf_of(coach, "/coach/candidates/new")
        r = await coach.post("/coach/candidates", data={**form, "csrf_token": token})
        v.add(name, r.status_code, _reason(r), r.status_code == 422)
    token = await csrf_of(coach, "/coach/candidates/new")
    raw = f"csrf_token={token}&first_name=%ED%A0%80&shifts=day&travel_mode=bike&status=new"
    r = await coach.post(
        "/coach/candidates",
        content=raw.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    v.add(
        "coach form: a lone surrogate (bad UTF-8)",
        r.status_code,
        _reason(r),
        r.status_code in (400, 422),
    )


async def welcome_cases(base_url: str, v: Verdicts) -> None:
    async with safe_client(base_url, 30.0) as anonymous:
        statuses = []
        for i in range(15):
            token = await csrf_of(anonymous, "/welkom")
            r = await anonymous.post("/welkom", data={"csrf_token": token, "code": f"FOUT-{i:04d}"})
            statuses.append(r.status_code)
        v.add(
            "/welkom: 15 wrong codes from one client",
            statuses[-1],
            f"statuses {Counter(statuses)}",
            429 in statuses,
        )


async def coach_pages(base_url: str, seconds: float) -> Counter:
    seen: Counter = Counter()
    for email in COACHES:
        async with safe_client(base_url, seconds) as coach:
            check_login(await post_login(coach, email, await login_form(coach)), email)
            caseload = await coach.get("/coach")
            seen[caseload.status_code] += 1
            for cid in sorted(set(CANDIDATE_LINK.findall(caseload.text))):
                for path in ("", "/suggestions", "/advice"):
                    r = await coach.get(f"/coach/candidates/{cid}{path}")
                    seen[r.status_code] += 1
    return seen


async def main_async(args: argparse.Namespace) -> bool:
    v = Verdicts()
    async with (
        safe_client(args.base_url, args.timeout) as agency,
        safe_client(args.base_url, args.timeout) as coach,
    ):
        check_login(await post_login(agency, AGENCY, await login_form(agency)), AGENCY)
        check_login(await post_login(coach, COACHES[0], await login_form(coach)), COACHES[0])
        secret = await api_key(agency)
        async with SafeClient(
            base_url=args.base_url,
            timeout=args.timeout,
            headers={"Authorization": f"Bearer {secret}"},
        ) as api:
            await api_cases(api, v)
            await upload_cases(agency, api, v)
        await coach_cases(coach, v)
    await welcome_cases(args.base_url, v)
    pages = await coach_pages(args.base_url, args.timeout)
    bad = sum(n for status, n in pages.items() if status != 200)
    print(
        f"\ncoach pages afterwards: {dict(pages)} -> {'all 200' if not bad else f'{bad} not 200'}"
    )
    refused = sum(ok for *_rest, ok in v.lines)
    print(f"cases: {refused} of {len(v.lines)} as they should be")
    return refused == len(v.lines) and not bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    raise SystemExit(0 if asyncio.run(main_async(args)) else 1)


if __name__ == "__main__":
    main()
