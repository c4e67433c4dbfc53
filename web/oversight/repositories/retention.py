"""What the retention job finds and removes: inactive candidates, ended sessions, old
login attempts, and the files of finished import batches. Periods are whole months or
days, counted back from the database's clock.
"""

from __future__ import annotations

import asyncpg

# A candidate's last activity is the latest of: the profile created or changed (a coach's
# edit, a status change), a step on one of their proposals (a placement ending is one),
# a coach's decision on a suggestion for them, a consent given or withdrawn, and a login
# or a live session of their own account. Nothing after the cut-off: inactive.
INACTIVE = """
WITH cutoff AS (SELECT now() - make_interval(months => $1) AS at)
SELECT c.id FROM candidates c, cutoff
WHERE greatest(c.created_at, c.updated_at, c.last_active_at) < cutoff.at
  AND ($2::bigint[] IS NULL OR c.id = ANY($2::bigint[]))
  AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.candidate_id = c.id
                  AND p.state_changed_at >= cutoff.at)
  AND NOT EXISTS (SELECT 1 FROM proposals p JOIN proposal_events e ON e.proposal_id = p.id
                  WHERE p.candidate_id = c.id AND e.created_at >= cutoff.at)
  AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.candidate_id = c.id
                  AND r.created_at >= cutoff.at)
  AND NOT EXISTS (SELECT 1 FROM consents k WHERE k.candidate_id = c.id
                  AND greatest(k.given_at, k.withdrawn_at) >= cutoff.at)
  AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.object_type = 'user'
                  AND a.object_id = c.user_id AND a.action = 'login' AND a.at >= cutoff.at)
  AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = c.user_id
                  AND s.last_seen_at >= cutoff.at)
ORDER BY c.id
"""
# The same test for one candidate, locking it: activity that committed since the list
# was read keeps the profile.
STILL_INACTIVE = INACTIVE + " FOR UPDATE OF c"

# A session has ended at its absolute expiry or after `$2` idle minutes, whichever came
# first; it is deleted `$1` days after that.
_SESSIONS_ENDED = """
FROM sessions WHERE least(expires_at, last_seen_at + make_interval(mins => $2))
    < now() - make_interval(days => $1)
"""
COUNT_SESSIONS = "SELECT count(*) " + _SESSIONS_ENDED
DELETE_SESSIONS = (
    "WITH gone AS (DELETE " + _SESSIONS_ENDED + " RETURNING 1) SELECT count(*) FROM gone"
)

_OLD_ATTEMPTS = "FROM login_attempts WHERE attempted_at < now() - make_interval(days => $1)"
COUNT_ATTEMPTS = "SELECT count(*) " + _OLD_ATTEMPTS
DELETE_ATTEMPTS = (
    "WITH gone AS (DELETE " + _OLD_ATTEMPTS + " RETURNING 1) SELECT count(*) FROM gone"
)

# Only finished batches: a pending or running one still needs its file. The batch row
# and its report (counts, rejected rows) stay.
_OLD_PAYLOADS = """
WHERE payload IS NOT NULL AND status IN ('done', 'failed')
  AND finished_at < now() - make_interval(days => $1)
"""
COUNT_PAYLOADS = "SELECT count(*) FROM import_batches " + _OLD_PAYLOADS
CLEAR_PAYLOADS = (
    "WITH cleared AS (UPDATE import_batches SET payload = NULL "
    + _OLD_PAYLOADS
    + " RETURNING 1) SELECT count(*) FROM cleared"
)


async def inactive_candidates(conn: asyncpg.Connection, *, months: int) -> list[int]:
    """Ids of the candidates without any activity in the last `months` months."""
    return [r["id"] for r in await conn.fetch(INACTIVE, months, None)]


async def lock_if_inactive(conn: asyncpg.Connection, *, candidate_id: int, months: int) -> bool:
    """Whether this candidate is still inactive; locks it until the transaction ends."""
    return await conn.fetchval(STILL_INACTIVE, months, [candidate_id]) is not None


async def ended_sessions(
    conn: asyncpg.Connection, *, days: int, idle_minutes: int, delete: bool
) -> int:
    """Sessions that ended more than `days` days ago: counted, or deleted and counted."""
    return int(
        await conn.fetchval(DELETE_SESSIONS if delete else COUNT_SESSIONS, days, idle_minutes)
    )


async def old_login_attempts(conn: asyncpg.Connection, *, days: int, delete: bool) -> int:
    return int(await conn.fetchval(DELETE_ATTEMPTS if delete else COUNT_ATTEMPTS, days))


async def old_import_payloads(conn: asyncpg.Connection, *, days: int, clear: bool) -> int:
    """Files of batches finished more than `days` days ago: counted, or cleared."""
    return int(await conn.fetchval(CLEAR_PAYLOADS if clear else COUNT_PAYLOADS, days))
