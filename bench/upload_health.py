"""Benchmark: `/healthz` while the largest upload the limit allows, built as the worst
case for the parser, goes in through the web form (issue 11's figure: p99 <= 100 ms).

Against a running server (as `bench/load.py`: it imports nothing from the project and
starts nothing). The demo agency logs in, then for each `--kind` a file of `--bytes`
(default 20 MiB, the default upload limit) is uploaded the way the htmx form does and
its batch page polled until it is finished, while `/healthz` is requested every 50 ms
on a fixed schedule from the moment the upload starts until the batch is finished.

Kinds (each the worst case we know for one parser):
- `html`: `<script ` repeated — the page that froze every user for 20 s when JSON-LD was
  found by regexes; an HTML parser must read it in linear time;
- `jsonld`: one JobPosting whose description is `<` repeated (HTML in a description);
- `csv`: the row limit's worth of rows, every field of every row wrong (the report must
  list every problem), padded with long descriptions to the byte limit.

Printed per kind: the upload POST's time and status, the batch's end state and time, and
`/healthz` count, p50/p95/p99/max in ms and errors during the upload.

    .venv/bin/perspectief demo &
    .venv/bin/python bench/upload_health.py --base-url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from typing import Any

import httpx
from load import (
    AGENCY,
    Stats,
    check_login,
    login_form,
    new_client,
    post_login,
    summary,
    timed,
    upload,
)

MIB = 1024 * 1024
HEALTHZ_EVERY = 0.05


def html_file(size: int) -> bytes:
    return b"<html>" + b"<script " * ((size - 6) // 8)


def jsonld_file(size: int) -> bytes:
    head = b'{"@type": "JobPosting", "identifier": "W-1", "title": "Kok", "description": "'
    tail = b'"}'
    return head + b"<" * (size - len(head) - len(tail)) + tail


def csv_file(size: int, rows: int) -> bytes:
    header = b"id;functie;uren;uurloon;rijbewijs;sluitingsdatum;postcode;omschrijving\r\n"
    fixed = len(b"W-00000;Kok;veel;nan;Z;morgen;UTRECHT;\r\n")
    pad = max(0, (size - len(header)) // rows - fixed)
    body = b"".join(
        b"W-%05d;Kok;veel;nan;Z;morgen;UTRECHT;%s\r\n" % (i, b"x" * pad) for i in range(rows)
    )
    return header + body


FILES = {
    "html": lambda size, rows: (html_file(size), "pagina.html"),
    "jsonld": lambda size, rows: (jsonld_file(size), "vacatures.json"),
    "csv": lambda size, rows: (csv_file(size, rows), "vacatures.csv"),
}


async def sample(client: httpx.AsyncClient, stats: Stats, stop: asyncio.Event) -> None:
    tasks: list[asyncio.Task] = []
    start, tick = time.perf_counter(), 0
    while not stop.is_set():
        at = start + tick * HEALTHZ_EVERY
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        tasks.append(asyncio.create_task(timed(stats, "healthz", client, "GET", "/healthz")))
        tick += 1
    await asyncio.gather(*tasks)


async def one_kind(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    payload, filename = FILES[kind](args.bytes, args.rows)
    stats = Stats()
    async with (
        new_client(args.base_url, args.timeout) as agency,
        new_client(args.base_url, args.timeout, connections=None) as prober,
    ):
        check_login(await post_login(agency, AGENCY, await login_form(agency)), AGENCY)
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample(prober, stats, stop))
        started = time.perf_counter()
        result = await upload(agency, stats, payload, filename, 0, args.upload_timeout)
        window = time.perf_counter() - started
        stop.set()
        await sampler
    health = summary(stats.latencies.get("healthz", []), stats.errors.get("healthz", 0), window)
    return {"kind": kind, "bytes": len(payload), "upload": result, "healthz": health}


def report(found: dict[str, Any]) -> None:
    up, h = found["upload"], found["healthz"]
    print(
        f"{found['kind']:7} {found['bytes'] / MIB:5.1f} MiB  POST {up.get('post_s', 0):5.2f} s  "
        f"batch {up.get('status')} after {up.get('done_s', 0):6.1f} s  "
        f"(stored {up.get('stored', '-')}, rejected {up.get('rejected', '-')})"
    )
    print(
        f"        /healthz n={h['count']} p50 {h['p50_ms']:.0f} ms  p95 {h['p95_ms']:.0f} ms  "
        f"p99 {h['p99_ms']:.0f} ms  max {h['max_ms']:.0f} ms  errors {h['errors']}  "
        f"{'OK' if h['p99_ms'] <= 100 and not h['errors'] else 'MISSED'} (p99 <= 100 ms)"
    )


async def main_async(args: argparse.Namespace) -> list[dict[str, Any]]:
    results = []
    for kind in args.kinds:
        found = await one_kind(args, kind)
        report(found)
        results.append(found)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--kinds", nargs="+", default=list(FILES), choices=list(FILES))
    parser.add_argument("--bytes", type=int, default=20 * MIB - 64 * 1024)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--upload-timeout", type=float, default=900.0)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
