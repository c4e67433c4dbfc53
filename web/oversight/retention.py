"""Retention: what is kept only for a while is removed when its time is up.

Run daily by the worker (job `retention`) and by hand with `perspectief retention run`:
candidates inactive for `PERSPECTIEF_RETENTION_CANDIDATE_MONTHS` are erased through the
same `erase_candidate` an admin uses (so the same copies go and the same pseudonyms
stay), each in its own transaction and only when still inactive at that moment; ended
sessions, old login attempts and the files of finished import batches go after their
own periods. A dry run counts the same things and changes nothing. The report holds
counts only, never who.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from web.oversight.erasure import RETENTION, erase_candidate
from web.oversight.repositories import retention
from web.settings import Settings


@dataclass(frozen=True)
class RetentionReport:
    dry_run: bool
    candidates: int  # erased (or, in a dry run, to erase)
    sessions: int
    login_attempts: int
    import_payloads: int

    def lines(self, settings: Settings) -> list[str]:
        """What the command prints: one line per kind, with its period."""
        verb = "would" if self.dry_run else "did"
        return [
            f"candidates erased ({verb}): {self.candidates}"
            f" (no activity for {settings.retention_candidate_months} months)",
            f"sessions deleted ({verb}): {self.sessions}"
            f" (ended more than {settings.retention_session_days} days ago)",
            f"login attempts deleted ({verb}): {self.login_attempts}"
            f" (older than {settings.retention_login_attempt_days} days)",
            f"import files cleared ({verb}): {self.import_payloads}"
            f" (batches finished more than {settings.retention_import_payload_days} days ago)",
        ]


async def run(conn: asyncpg.Connection, settings: Settings, *, dry_run: bool) -> RetentionReport:
    """One retention pass on this connection (not inside a transaction: each erasure
    commits on its own, so one refusal does not undo the others)."""
    months = settings.retention_candidate_months
    inactive = await retention.inactive_candidates(conn, months=months)
    erased = len(inactive) if dry_run else await _erase_inactive(conn, inactive, months)
    async with conn.transaction():
        sessions = await retention.ended_sessions(
            conn,
            days=settings.retention_session_days,
            idle_minutes=settings.session_idle_minutes,
            delete=not dry_run,
        )
        attempts = await retention.old_login_attempts(
            conn, days=settings.retention_login_attempt_days, delete=not dry_run
        )
        payloads = await retention.old_import_payloads(
            conn, days=settings.retention_import_payload_days, clear=not dry_run
        )
    return RetentionReport(dry_run, erased, sessions, attempts, payloads)


async def _erase_inactive(conn: asyncpg.Connection, candidate_ids: list[int], months: int) -> int:
    erased = 0
    for candidate_id in candidate_ids:
        async with conn.transaction():
            if not await retention.lock_if_inactive(conn, candidate_id=candidate_id, months=months):
                continue  # active again, or erased by someone else meanwhile
            await erase_candidate(conn, candidate_id, "retention", RETENTION)
            erased += 1
    return erased
