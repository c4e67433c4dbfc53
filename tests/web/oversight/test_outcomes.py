"""The outcome figures: exact on a hand-built world, small groups hidden and not
derivable from the shown figures, erased people still counted."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from tests.web.oversight import outcome_world
from tests.web.oversight.outcome_world import FIRST, LAST, TODAY
from web.errors import AppError
from web.oversight import outcomes, report_periods
from web.oversight.audit_trail import Period
from web.oversight.erasure import erase_candidate
from web.oversight.outcome_cache import ReportCache
from web.oversight.small_groups import Hidden, hide_small

SMALL, GUARD = Hidden.SMALL, Hidden.GUARD


def test_a_group_of_four_is_hidden_and_so_is_the_cell_that_would_give_it_away():
    # 10 + 6 + 4 = 20, the shown whole: hiding only the 4 would leave it as 20 - 16.
    figures, whole_ok = hide_small([10, 6, 4])
    assert figures == [10, GUARD, SMALL]
    assert whole_ok
    # The hidden cells add up to 10: neither follows from the whole and the shown 10.


def test_hidden_cells_that_add_up_to_zero_need_no_company():
    assert hide_small([7, 0, 0]) == ([7, SMALL, SMALL], True)


def test_a_public_cell_stays_and_the_whole_is_hidden_instead():
    figures, whole_ok = hide_small([6, 1, 0], public=[0])
    assert figures == [6, SMALL, SMALL]
    assert not whole_ok


def test_months_are_added_as_postgresql_does():
    assert report_periods.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert report_periods.add_months(date(2026, 3, 15), -12) == date(2025, 3, 15)


def test_the_default_period_is_the_last_twelve_months_and_a_reversed_one_is_refused():
    assert report_periods.period_of(None, None, today=TODAY) == Period(date(2025, 6, 30), TODAY)
    with pytest.raises(AppError, match="begindatum"):
        report_periods.period_of(date(2026, 2, 1), date(2026, 1, 1), today=TODAY)


async def _report(conn, world):
    return await outcomes.report(
        conn,
        municipality_id=world.municipality.id,
        period=Period(FIRST, LAST),
        today=TODAY,
    )


async def test_the_funnel_counts_each_person_once_per_step(conn):
    world = await outcome_world.build(conn)
    report = await _report(conn, world)
    assert [(s.code, s.people) for s in report.funnel] == [
        ("suggested", 14),
        ("approved", 13),  # P12's proposal by hand counts as approved
        ("proposed", 12),  # P1's second proposal does not count twice
        ("consented", 10),
        ("invited", 9),
        ("hired", 8),
        ("working_1m", 7),
        ("working_3m", 6),
        ("working_6m", 5),
    ]
    assert round(report.funnel[5].share_of_previous or 0) == round(100 * 8 / 9)


async def test_retention_counts_those_hired_long_enough_ago(conn):
    world = await outcome_world.build(conn)
    report = await _report(conn, world)
    one, three, six = report.retention
    # P8 started two weeks ago: not counted at any check-in.
    assert (one.eligible, one.working, one.stopped, one.unknown, one.rate) == (
        7, 7, SMALL, SMALL, 100.0,
    )  # fmt: skip
    # 6 still work, 1 stopped: showing the 7 would give the stopped one away (7 - 6).
    assert (three.eligible, three.working, three.stopped, three.unknown) == (
        GUARD, 6, SMALL, SMALL,
    )  # fmt: skip
    assert three.rate is None
    assert (six.eligible, six.working, six.stopped, six.unknown) == (GUARD, 5, SMALL, SMALL)


async def test_time_to_first_job_and_the_jobs_perspective(conn):
    world = await outcome_world.build(conn)
    report = await _report(conn, world)
    # Intake 1 December 2025, hired 14 January 2026: 44 days, for all 8.
    assert report.days_to_job.people == 8
    assert report.days_to_job.median == 44
    assert [b.people for b in report.days_to_job.bars] == [SMALL, 8, SMALL, SMALL, SMALL]
    assert report.job_scores.people == 8
    assert report.job_scores.median is not None


async def test_coach_of_four_is_hidden_and_not_derivable_from_the_funnel(conn):
    world = await outcome_world.build(conn)
    report = await _report(conn, world)
    coaches = {row.name: row for row in report.coaches}
    # Coach B proposed 4 people; the funnel shows 12 proposed, so coach A's 8 is hidden too.
    assert coaches["Coach B"].people is SMALL
    assert coaches["Coach B"].hired is SMALL
    assert coaches["Coach B"].response_hours is None
    assert coaches["Coach A"].people is GUARD
    assert coaches["Coach A"].proposals == 9
    assert coaches["Coach A"].hired == 8
    assert coaches["Coach A"].response_hours == 24


async def test_agency_rows_hide_small_hires_and_slow_groups(conn):
    world = await outcome_world.build(conn)
    report = await _report(conn, world)
    agencies = {row.name: row for row in report.agencies}
    assert (agencies["Alfa"].people, agencies["Alfa"].proposals) == (6, 7)
    assert (agencies["Beta"].people, agencies["Beta"].proposals) == (6, 6)
    # Beta hired 2: hidden, and Alfa's 6 with it (the funnel shows 8 hired).
    assert (agencies["Alfa"].hired, agencies["Beta"].hired) == (GUARD, SMALL)
    assert agencies["Alfa"].response_hours == 24
    assert agencies["Beta"].response_hours is None  # 4 people answered


async def test_erased_people_still_count(conn):
    world = await outcome_world.build(conn)
    for n in (1, 2):
        await erase_candidate(conn, world.people[n], "cli", "request")
    report = await _report(conn, world)
    assert [s.people for s in report.funnel] == [14, 13, 12, 10, 9, 8, 7, 6, 5]
    # Their intake moment comes from the audit log, which these test people lack.
    assert report.days_to_job.people == 6


async def test_a_period_before_anything_happened_hides_everything(conn):
    world = await outcome_world.build(conn)
    report = await outcomes.report(
        conn,
        municipality_id=world.municipality.id,
        period=Period(date(2024, 1, 1), date(2024, 12, 31)),
        today=TODAY,
    )
    assert {s.people for s in report.funnel} == {SMALL}
    assert report.coaches == [] and report.agencies == []


async def test_a_process_computes_a_report_once_for_everyone_asking_meanwhile():
    calls = []

    async def compute():
        calls.append(1)
        await asyncio.sleep(0.05)
        return f"report {len(calls)}"

    cache = ReportCache(ttl=60)
    key = (1, Period(FIRST, LAST), TODAY)
    answers = await asyncio.gather(*(cache.get(key, compute) for _ in range(5)))
    assert answers == ["report 1"] * 5 and len(calls) == 1
    assert await cache.get(key, compute) == "report 1"  # kept
    # Past its time a report is still served while a fresh one is made; too old, waited for.
    stale = ReportCache(ttl=0, stale=60)
    assert await stale.get(key, compute) == "report 2"  # nothing kept yet: waited for
    assert await stale.get(key, compute) == "report 2"  # served, a fresh one started
    await asyncio.sleep(0.1)
    assert len(calls) == 3
    too_old = ReportCache(ttl=0, stale=0)
    await too_old.get(key, compute)
    assert await too_old.get(key, compute) == "report 5"  # waited for again
