"""A small hand-built municipality whose outcome figures are known exactly.

Fourteen young people, P1–P14, all in period (2026), with today = 30 June 2026:

  P1–P5   suggested, approved, proposed, consent, interview, hired (start 1 Oct 2025),
          still working at 1, 3 and 6 months. P1 also has a second, withdrawn proposal.
  P6      the same, checked in at 1 and 3 months; the 6-month check-in is not recorded
  P7      the same, working at 1 month, then ended
  P8      hired on 15 June 2026: too recent for a check-in
  P9      consent, interview, declined by the agency
  P10     consent, shared, declined by the agency (never invited)
  P11     proposed, nothing since
  P12     proposed by hand (no suggestion, no approval), declined it
  P13     suggested and approved, never proposed
  P14     suggested only

Coach A proposed P1–P8 (8 people), coach B P9–P12 (4 people: a group of 4). Agency "Alfa"
had P1–P6 (6 people), agency "Beta" P7–P12 (6 people). Agencies answered 24 hours
after a proposal was shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import asyncpg

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.accounts.repositories.organisations import Organisation

TODAY = date(2026, 6, 30)
FIRST, LAST = date(2026, 1, 1), date(2026, 6, 30)
OLD_START = date(2025, 10, 1)
RECENT_START = date(2026, 6, 15)
PROPOSED_AT = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
INTAKE_AT = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)

HIRED_PATH = ["candidate_interested", "shared_with_agency", "interview", "hired"]
PATHS = {
    **{n: [*HIRED_PATH, "working_1m", "working_3m", "working_6m"] for n in range(1, 6)},
    6: [*HIRED_PATH, "working_1m", "working_3m"],
    7: [*HIRED_PATH, "working_1m", "ended"],
    8: HIRED_PATH,
    9: ["candidate_interested", "shared_with_agency", "interview", "declined_by_agency"],
    10: ["candidate_interested", "shared_with_agency", "declined_by_agency"],
    11: [],
    12: ["candidate_declined"],
}
CONSENTED = range(1, 11)
SUGGESTED = [*range(1, 12), 13, 14]
APPROVED = [*range(1, 12), 13]


@dataclass
class OutcomeWorld:
    municipality: Organisation
    people: dict[int, int]  # P-number → candidate id
    coaches: dict[str, int]
    agencies: dict[str, Organisation]


async def build(conn: asyncpg.Connection) -> OutcomeWorld:
    municipality = await make_org(conn, kind="municipality", name="Teststad")
    coach_a = await make_user(conn, role="jobcoach", org=municipality)
    coach_b = await make_user(conn, role="jobcoach", org=municipality)
    await conn.execute("UPDATE users SET display_name = 'Coach A' WHERE id = $1", coach_a.id)
    await conn.execute("UPDATE users SET display_name = 'Coach B' WHERE id = $1", coach_b.id)
    alfa = await make_org(conn, kind="agency", name="Alfa")
    beta = await make_org(conn, kind="agency", name="Beta")
    people = {}
    for n in range(1, 15):
        candidate = await make_candidate(conn, coach=coach_a, first_name=f"P{n}")
        people[n] = candidate.id
        await conn.execute(
            "UPDATE candidates SET created_at = $2 WHERE id = $1", candidate.id, INTAKE_AT
        )
    world = OutcomeWorld(municipality, people, {"A": coach_a.id, "B": coach_b.id}, {})
    world.agencies = {"Alfa": alfa, "Beta": beta}
    for n in SUGGESTED:
        await suggest(conn, people[n], await make_vacancy(conn, org=alfa))
    for n in APPROVED:
        await review(conn, people[n], await make_vacancy(conn, org=alfa), coach_a.id)
    for n, path in PATHS.items():
        coach = coach_b.id if n >= 9 else coach_a.id
        agency = alfa if n <= 6 else beta
        start = RECENT_START if n == 8 else OLD_START
        vacancy = await make_vacancy(conn, org=agency, contract_type="vast")
        await walk(conn, people[n], vacancy, coach, path, start=start, consent=n in CONSENTED)
    extra = await make_vacancy(conn, org=alfa)
    await walk(conn, people[1], extra, coach_a.id, ["withdrawn"], start=OLD_START)
    return world


async def suggest(conn: asyncpg.Connection, candidate_id: int, vacancy_id: int) -> None:
    await conn.execute(
        """INSERT INTO suggestions (candidate_id, vacancy_id, direction, score, breakdown,
                                    model, created_at)
           VALUES ($1, $2, 'vacancies_for_candidate', 0.7, '{}', 'test', $3)""",
        candidate_id,
        vacancy_id,
        PROPOSED_AT - timedelta(days=2),
    )


async def review(conn: asyncpg.Connection, candidate_id: int, vacancy_id: int, coach: int) -> None:
    await conn.execute(
        """INSERT INTO reviews (candidate_id, vacancy_id, coach_id, decision, reason_code,
                                created_at)
           VALUES ($1, $2, $3, 'approve', 'goede_match', $4)""",
        candidate_id,
        vacancy_id,
        coach,
        PROPOSED_AT - timedelta(days=1),
    )


async def walk(
    conn: asyncpg.Connection,
    candidate_id: int,
    vacancy_id: int,
    coach: int,
    path: list[str],
    *,
    start: date,
    consent: bool = False,
) -> int:
    """A proposal made at PROPOSED_AT, moved along `path` one day a step (the agency's
    answer comes 24 hours after the share), with its events."""
    proposal_id: int = await conn.fetchval(
        """INSERT INTO proposals (candidate_id, vacancy_id, created_by, created_at)
           VALUES ($1, $2, $3, $4) RETURNING id""",
        candidate_id,
        vacancy_id,
        coach,
        PROPOSED_AT,
    )
    state, at = "proposed", PROPOSED_AT
    for to_state in path:
        at += timedelta(days=1)
        await conn.execute(
            "UPDATE proposals SET state = $2, start_date = coalesce($3, start_date) WHERE id = $1",
            proposal_id,
            to_state,
            start if to_state == "hired" else None,
        )
        await conn.execute(
            """INSERT INTO proposal_events (proposal_id, from_state, to_state, actor_id,
                                            created_at)
               VALUES ($1, $2, $3, $4, $5)""",
            proposal_id,
            state,
            to_state,
            coach,
            at,
        )
        state = to_state
    if consent:
        await conn.execute(
            "INSERT INTO consents (proposal_id, candidate_id, given_at) VALUES ($1, $2, $3)",
            proposal_id,
            candidate_id,
            PROPOSED_AT,
        )
    return proposal_id
