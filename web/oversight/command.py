"""`perspectief candidates erase ID [--yes]`, `perspectief retention run [--dry-run]` and
`perspectief report outcomes --organisation SLUG [--from DATE] [--to DATE] --format F`.

The same services as the admin page and the worker, for an operator or a scheduler.
Output is counts and pseudonyms only, never a name: it may end up in a scheduler's log.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date

import asyncpg

from web.accounts.repositories import organisations
from web.accounts.repositories.organisations import Organisation
from web.errors import AppError, NotFound
from web.oversight import fairness, outcome_exports, outcomes, report_periods, retention
from web.oversight.audit_trail import Period
from web.oversight.erasure import REASONS, erase_candidate, plan
from web.oversight.repositories.erasure import ErasurePreview
from web.settings import Settings

PREVIEW_LABELS = {
    "restrictions": "coach-only restrictions",
    "embeddings": "embeddings",
    "suggestions": "logged suggestions",
    "reviews": "reviews",
    "consents": "consents",
    "invitations": "invitations",
    "correction_requests": "correction requests",
    "account": "user account",
    "sessions": "sessions",
}


class ErasureRefused(Exception):
    """Nothing was erased; the message says why (exit code 1)."""


async def erase(
    conn: asyncpg.Connection,
    *,
    candidate_id: int,
    reason: str,
    confirmed: bool,
    ask: Callable[[str], bool],
) -> None:
    """Show what goes, ask unless `confirmed`, erase, and say under which pseudonym the
    kept records now name the candidate."""
    if reason not in REASONS:
        raise ErasureRefused(f"reason must be one of {', '.join(REASONS)}")
    try:
        found = await plan(conn, actor="cli", candidate_id=candidate_id)
    except NotFound:
        raise ErasureRefused(f"no candidate with id {candidate_id}") from None
    print(f"candidate {candidate_id} (organisation {found.candidate.organisation_id})")
    for line in preview_lines(found.preview):
        print(f"  {line}")
    if not confirmed and not ask(f"Erase candidate {candidate_id}? This cannot be undone. [y/N] "):
        raise ErasureRefused("not erased")
    try:
        done = await erase_candidate(conn, candidate_id, "cli", reason)
    except NotFound:
        raise ErasureRefused(f"no candidate with id {candidate_id}") from None
    kept = done.touched.get("proposals_pseudonymised", 0)
    print(f"erased candidate {candidate_id}: its {kept} proposal(s) and audit entries now")
    print(f"  name it {done.pseudonym}")


def preview_lines(preview: ErasurePreview) -> list[str]:
    lines = [f"goes: the profile, {preview.embeddings} vector(s) and its index entries"]
    lines += [
        f"goes: {getattr(preview, name)} {label}"
        for name, label in PREVIEW_LABELS.items()
        if name != "embeddings" and getattr(preview, name)
    ]
    lines.append(f"keeps a pseudonym: {preview.proposals_kept} proposal(s), the audit log")
    return lines


async def run_retention(conn: asyncpg.Connection, settings: Settings, *, dry_run: bool) -> None:
    report = await retention.run(conn, settings, dry_run=dry_run)
    print("retention: dry run, nothing changed" if dry_run else "retention: done")
    for line in report.lines(settings):
        print(f"  {line}")


def ask_on_terminal(question: str) -> bool:
    """Ask on stderr, read one line from stdin; only y/yes/j/ja confirms."""
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline() if sys.stdin is not None else ""
    return answer.strip().lower() in ("y", "yes", "j", "ja")


class ReportRefused(Exception):
    """No report; the message (Dutch) says which argument is wrong (exit code 1)."""


REPORT_FORMATS = ("csv", "json")


async def outcome_report(
    conn: asyncpg.Connection,
    *,
    slug: str,
    first: str | None,
    last: str | None,
    output: str,
    today: date,
) -> str:
    """The outcome report of a municipality as CSV or JSON text (small groups hidden,
    as on the page)."""
    if output not in REPORT_FORMATS:
        raise ReportRefused(f"onbekend formaat '{output}': kies csv of json")
    period = _period(_day(first, "--from"), _day(last, "--to"), today)
    org = await _municipality(conn, slug, "uitkomsten zijn er per gemeente")
    report = await outcomes.report(conn, municipality_id=org.id, period=period, today=today)
    if output == "json":
        return json.dumps(outcome_exports.json_data(report), ensure_ascii=False, indent=2) + "\n"
    return outcome_exports.csv_text(report)


async def fairness_report(
    conn: asyncpg.Connection, *, slug: str, first: str | None, last: str | None, today: date
) -> str:
    """The fairness monitor of a municipality as JSON (groups under 5 not shown)."""
    period = _period(_day(first, "--from"), _day(last, "--to"), today)
    org = await _municipality(conn, slug, "de monitor is er per gemeente")
    assert period.first is not None and period.last is not None
    found = await fairness.report(
        conn, municipality_id=org.id, first=period.first, last=period.last
    )
    return json.dumps(fairness.as_json(found), ensure_ascii=False, indent=2) + "\n"


async def _municipality(conn: asyncpg.Connection, slug: str, why: str) -> Organisation:
    org = await organisations.by_slug(conn, slug=slug)
    if org is None:
        raise ReportRefused(f"geen organisatie met de code '{slug}'")
    if org.kind != "municipality":
        raise ReportRefused(f"'{slug}' is geen gemeente: {why}")
    return org


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReportRefused(
            f"{option}: '{text}' is geen datum; schrijf jaar-maand-dag, zoals 2026-01-31"
        ) from None


def _period(first: date | None, last: date | None, today: date) -> Period:
    try:
        return report_periods.period_of(first, last, today=today)
    except AppError as exc:
        raise ReportRefused(exc.message) from None
