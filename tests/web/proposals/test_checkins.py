"""Placements that are honest: a start date per placement, check-ins that open 1, 3 and
6 months after it and not before, and `checkins_due` that follows the start date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.formatting import day
from web.proposals import service
from web.proposals.repositories import proposals
from web.proposals.vocabulary import CHECKINS
from web.vacancies.repositories import vacancies

TO_HIRED = ("candidate_interested", "shared_with_agency", "hired")


async def _hired(conn, *, coach=None, start_date: date | None = None):
    """A proposal walked through the service to hired; (coach, proposal id)."""
    coach = coach or await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy = await vacancies.by_id(
        conn, vacancy_id=await make_vacancy(conn, org=await make_org(conn))
    )
    made = await service.propose(
        conn, coach=coach, candidate_id=candidate.id, vacancy=vacancy, reason_code="goede_match"
    )
    state = "proposed"
    for to_state in TO_HIRED:
        assert await service.transition(
            conn,
            actor=coach,
            proposal_id=made.proposal_id,
            from_state=state,
            to_state=to_state,
            start_date=start_date if to_state == "hired" else None,
        )
        state = to_state
    return coach, made.proposal_id


async def _start(conn, proposal_id: int, sql_date: str) -> date:
    """Set the start date to an expression of the database's Dutch today."""
    return await conn.fetchval(
        f"UPDATE proposals SET start_date = ({sql_date})::date WHERE id = $1 RETURNING start_date",
        proposal_id,
    )


async def _check_in(conn, coach, proposal_id: int, from_state: str) -> bool:
    return await service.transition(
        conn,
        actor=coach,
        proposal_id=proposal_id,
        from_state=from_state,
        to_state=CHECKINS[from_state][0],
    )


async def test_a_hire_starts_today_unless_a_start_date_is_given(conn):
    _coach, today_hire = await _hired(conn)
    given = date.today() + timedelta(days=14)
    _coach, later = await _hired(conn, start_date=given)
    today = await conn.fetchval("SELECT local_today()")
    assert (await proposals.by_id(conn, proposal_id=today_hire)).start_date == today
    assert (await proposals.by_id(conn, proposal_id=later)).start_date == given


async def test_an_early_checkin_is_refused_with_the_day_it_opens(conn):
    coach, proposal_id = await _hired(conn)
    start = (await proposals.by_id(conn, proposal_id=proposal_id)).start_date
    opens = await conn.fetchval("SELECT ($1::date + interval '1 month')::date", start)
    events = await conn.fetchval("SELECT count(*) FROM proposal_events")
    with pytest.raises(service.CheckinNotDue) as refused:
        await _check_in(conn, coach, proposal_id, "hired")
    assert f"kan pas vanaf {day(opens)}" in refused.value.message
    assert "Werkt na 1 maand nog" in refused.value.message
    assert (await proposals.by_id(conn, proposal_id=proposal_id)).state == "hired"
    assert await conn.fetchval("SELECT count(*) FROM proposal_events") == events


async def test_checkins_open_one_three_and_six_months_after_the_start(conn):
    coach, proposal_id = await _hired(conn)
    for from_state, months in (("hired", 1), ("working_1m", 3), ("working_3m", 6)):
        # A week short of the months: refused; on the day itself: recorded.
        await _start(conn, proposal_id, f"(local_today() - interval '{months} months')::date + 7")
        with pytest.raises(service.CheckinNotDue):
            await _check_in(conn, coach, proposal_id, from_state)
        await _start(conn, proposal_id, f"local_today() - interval '{months} months'")
        assert await _check_in(conn, coach, proposal_id, from_state)
    assert (await proposals.by_id(conn, proposal_id=proposal_id)).state == "working_6m"


@pytest.mark.parametrize(
    ("state", "start", "opens"),
    [
        ("hired", date(2026, 3, 15), date(2026, 4, 15)),
        ("hired", date(2026, 1, 31), date(2026, 2, 28)),  # no 31 February: its last day
        ("working_1m", date(2026, 3, 15), date(2026, 6, 15)),
        ("working_3m", date(2026, 3, 15), date(2026, 9, 15)),
        ("working_6m", date(2026, 3, 15), None),  # no check-in follows
        ("interview", date(2026, 3, 15), None),
    ],
)
async def test_the_day_a_checkin_opens(conn, state, start, opens):
    assert await conn.fetchval("SELECT checkin_opens_on($1, $2)", state, start) == opens


async def test_checkins_due_follow_the_start_date_not_the_last_step(conn):
    coach, started_long_ago = await _hired(conn)
    _same, started_today = await _hired(conn, coach=coach)
    start = await _start(conn, started_long_ago, "local_today() - 40")
    # The hire was recorded long ago, but the job started today: nothing is due yet.
    await conn.execute(
        "UPDATE proposals SET state_changed_at = now() - interval '3 months' WHERE id = $1",
        started_today,
    )
    due = await proposals.checkins_due(conn, coach_id=coach.id)
    assert [(d.proposal_id, d.checkin) for d in due] == [(started_long_ago, "working_1m")]
    opens = await conn.fetchval("SELECT ($1::date + interval '1 month')::date", start)
    today = await conn.fetchval("SELECT local_today()")
    assert due[0].due_on == opens and due[0].days_since_due == (today - opens).days
    assert due[0].coach_id == coach.id and due[0].vacancy_title
    assert await _check_in(conn, coach, started_long_ago, "hired")
    assert await proposals.checkins_due(conn, coach_id=coach.id) == []  # 3 months: not yet
    await _start(conn, started_long_ago, "local_today() - 100")
    due = await proposals.checkins_due(conn, candidate_ids=[], coach_id=None)
    assert due == []  # no candidates asked for, none given
    due = await proposals.checkins_due(conn)
    assert [(d.proposal_id, d.checkin) for d in due] == [(started_long_ago, "working_3m")]


async def test_the_start_date_can_be_changed_and_the_checkins_move_with_it(conn):
    coach, proposal_id = await _hired(conn)
    back = date.today() - timedelta(days=45)
    await service.set_start_date(conn, actor=coach, proposal_id=proposal_id, start_date=back)
    placement = await proposals.by_id(conn, proposal_id=proposal_id)
    assert placement.start_date == back and placement.checkin_open
    assert placement.next_checkin == "working_1m"
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'proposal_start_date' AND object_id = $1",
        proposal_id,
    )
    with pytest.raises(service.DecisionError, match="toekomst"):
        await service.set_start_date(
            conn, actor=coach, proposal_id=proposal_id, start_date=date.today().replace(year=2100)
        )


async def test_only_a_hired_placement_has_a_start_date(conn):
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy = await vacancies.by_id(
        conn, vacancy_id=await make_vacancy(conn, org=await make_org(conn))
    )
    made = await service.propose(
        conn, coach=coach, candidate_id=candidate.id, vacancy=vacancy, reason_code="opleiding"
    )
    with pytest.raises(service.DecisionError, match="aangenomen"):
        await service.set_start_date(
            conn, actor=coach, proposal_id=made.proposal_id, start_date=date.today()
        )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("2026-03-01", date(2026, 3, 1)), ("1-3-2026", date(2026, 3, 1)), (" ", None)],
)
def test_a_start_date_is_read_as_a_date_field_or_as_typed(typed, expected):
    assert service.parse_start_date(typed) == expected


@pytest.mark.parametrize("typed", ["31-02-2026", "morgen", "2026/03/01"])
def test_a_start_date_that_is_no_date_is_refused_in_dutch(typed):
    with pytest.raises(service.DecisionError, match="dag-maand-jaar"):
        service.parse_start_date(typed)


async def test_the_checkin_schedule_is_one_in_the_database_and_the_vocabulary(conn):
    rows = await conn.fetch("SELECT from_state, to_state, months FROM placement_checkins")
    assert {r["from_state"]: (r["to_state"], r["months"]) for r in rows} == CHECKINS
