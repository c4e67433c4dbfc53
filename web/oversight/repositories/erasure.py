"""Erasing one candidate: the tombstone, the pseudonymised proposals, and every copy.

The statements run in the caller's transaction, in this order: the candidate row is
locked first, so a worker storing a vector for it waits and then skips it (migration
0011), and nothing else can add to what is being deleted. Each statement returns how
many rows it touched, for the audit-free summary the admin page and the CLI print.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

LOCK = """
SELECT c.id, c.organisation_id, c.user_id, lower(u.email) AS email_key
FROM candidates c LEFT JOIN users u ON u.id = c.user_id
WHERE c.id = $1 FOR UPDATE OF c
"""
TOMBSTONE = """
INSERT INTO erased_candidates (id, organisation_id, pseudonym, former_user_id, reason)
VALUES ($1, $2, $3, $4, $5)
"""

# What goes with the candidate, in a safe order (children before the candidate row,
# the candidate row before the account). $1 candidate id. Names are the summary's keys.
_DELETED = "WITH gone AS ({statement} RETURNING 1) SELECT count(*) FROM gone"
CANDIDATE_STATEMENTS: tuple[tuple[str, str], ...] = (
    # Proposals stay for the agency and the figures; free-text notes on their timeline
    # may describe the person and go.
    (
        "proposals_pseudonymised",
        "UPDATE proposals SET erased_candidate_id = $1, candidate_id = NULL"
        " WHERE candidate_id = $1",
    ),
    (
        "proposal_notes",
        "UPDATE proposal_events SET note = '' WHERE note <> ''"
        " AND proposal_id IN (SELECT id FROM proposals WHERE erased_candidate_id = $1)",
    ),
    ("consents", "DELETE FROM consents WHERE candidate_id = $1"),
    ("reviews", "DELETE FROM reviews WHERE candidate_id = $1"),
    ("suggestions", "DELETE FROM suggestions WHERE candidate_id = $1"),
    ("match_state", "DELETE FROM candidate_match_state WHERE candidate_id = $1"),
    ("restrictions", "DELETE FROM candidate_restrictions WHERE candidate_id = $1"),
    ("invitations", "DELETE FROM invitations WHERE candidate_id = $1"),
    ("correction_requests", "DELETE FROM correction_requests WHERE candidate_id = $1"),
    ("embeddings", "DELETE FROM embeddings WHERE kind = 'candidate' AND object_id = $1"),
    ("erasure_requests", "DELETE FROM erasure_requests WHERE candidate_id = $1"),
    ("profile", "DELETE FROM candidates WHERE id = $1"),
)
# The candidate's own account, after the profile: $1 is its id, or for the login
# attempts its lower-case e-mail address (what they are recorded under).
ACCOUNT_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("proposal_event_actor", "UPDATE proposal_events SET actor_id = NULL WHERE actor_id = $1"),
    ("suggestions_shown", "UPDATE suggestions SET shown_to = NULL WHERE shown_to = $1"),
    ("sessions", "DELETE FROM sessions WHERE user_id = $1"),
    ("login_attempts", "DELETE FROM login_attempts WHERE email_key = $1"),
    ("account", "DELETE FROM users WHERE id = $1"),
)
# The same, counted without changing anything (the confirmation page, a dry run).
PREVIEW = """
SELECT
  (SELECT count(*) FROM candidate_restrictions WHERE candidate_id = $1) AS restrictions,
  (SELECT count(*) FROM embeddings WHERE kind = 'candidate' AND object_id = $1) AS embeddings,
  (SELECT count(*) FROM suggestions WHERE candidate_id = $1) AS suggestions,
  (SELECT count(*) FROM reviews WHERE candidate_id = $1) AS reviews,
  (SELECT count(*) FROM consents WHERE candidate_id = $1) AS consents,
  (SELECT count(*) FROM invitations WHERE candidate_id = $1) AS invitations,
  (SELECT count(*) FROM correction_requests WHERE candidate_id = $1) AS correction_requests,
  (SELECT count(*) FROM sessions s JOIN candidates c ON c.user_id = s.user_id
   WHERE c.id = $1) AS sessions,
  (SELECT count(*) FROM candidates WHERE id = $1 AND user_id IS NOT NULL) AS account,
  (SELECT count(*) FROM proposals WHERE candidate_id = $1) AS proposals_kept
"""


@dataclass(frozen=True)
class ErasureTarget:
    id: int
    organisation_id: int
    user_id: int | None
    email_key: str | None


@dataclass(frozen=True)
class ErasurePreview:
    """How many rows an erasure would delete per kind, and the proposals it would keep."""

    restrictions: int
    embeddings: int
    suggestions: int
    reviews: int
    consents: int
    invitations: int
    correction_requests: int
    sessions: int
    account: int
    proposals_kept: int


async def lock(conn: asyncpg.Connection, *, candidate_id: int) -> ErasureTarget | None:
    """The candidate to erase, locked until the transaction ends (None when absent)."""
    row = await conn.fetchrow(LOCK, candidate_id)
    return ErasureTarget(**dict(row)) if row else None


async def preview(conn: asyncpg.Connection, *, candidate_id: int) -> ErasurePreview:
    row = await conn.fetchrow(PREVIEW, candidate_id)
    assert row is not None
    return ErasurePreview(**{k: int(v) for k, v in dict(row).items()})


async def insert_tombstone(
    conn: asyncpg.Connection, *, target: ErasureTarget, pseudonym: str, reason: str
) -> None:
    await conn.execute(
        TOMBSTONE, target.id, target.organisation_id, pseudonym, target.user_id, reason
    )


async def delete_candidate(conn: asyncpg.Connection, *, target: ErasureTarget) -> dict[str, int]:
    """Pseudonymise the proposals and delete everything else of the candidate and their
    account; returns the rows touched per statement name."""
    touched = {}
    for name, statement in CANDIDATE_STATEMENTS:
        touched[name] = int(await conn.fetchval(_DELETED.format(statement=statement), target.id))
    if target.user_id is not None:
        for name, statement in ACCOUNT_STATEMENTS:
            key = (target.email_key or "") if name == "login_attempts" else target.user_id
            touched[name] = int(await conn.fetchval(_DELETED.format(statement=statement), key))
    return touched
