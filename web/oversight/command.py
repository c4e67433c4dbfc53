"""`perspectief candidates erase ID [--yes]` and `perspectief retention run [--dry-run]`.

The same services as the admin page and the worker, for an operator or a scheduler.
Output is counts and pseudonyms only, never a name: it may end up in a scheduler's log.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import asyncpg

from web.errors import NotFound
from web.oversight import retention
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
