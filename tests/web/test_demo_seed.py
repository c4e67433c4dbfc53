from __future__ import annotations

from matcher.perspective import minimum_hourly_wage
from web.demo.seed import seed_demo


async def test_demo_world_is_rich_and_idempotent(conn):
    logins = await seed_demo(conn, progress=False)
    counts = await conn.fetchrow(
        """SELECT (SELECT count(*) FROM vacancies) AS vacancies,
                  (SELECT count(DISTINCT sector) FROM vacancies) AS sectors,
                  (SELECT count(*) FROM candidates) AS candidates,
                  (SELECT count(*) FROM users WHERE role = 'jobcoach') AS coaches,
                  (SELECT count(*) FROM organisations WHERE kind = 'agency') AS agencies,
                  (SELECT count(*) FROM organisations WHERE kind = 'employer') AS employers"""
    )
    assert counts["vacancies"] >= 300 and counts["sectors"] >= 10
    assert counts["candidates"] >= 40 and counts["coaches"] == 3
    assert counts["agencies"] == 3 and counts["employers"] == 2
    assert {role for role, _ in logins.rows} == {"admin", "jobcoach", "agency", "candidate"}
    before = await conn.fetchval("SELECT max(updated_at) FROM vacancies")
    await seed_demo(conn, progress=False)
    assert await conn.fetchval("SELECT count(*) FROM candidates") == counts["candidates"]
    assert await conn.fetchval("SELECT count(*) FROM vacancies") == counts["vacancies"]
    assert await conn.fetchval("SELECT max(updated_at) FROM vacancies") == before
    areas = await conn.fetchval("SELECT count(DISTINCT postcode) FROM candidates")
    assert areas >= 8
    states = await conn.fetch("SELECT state FROM proposals ORDER BY id")
    assert [r["state"] for r in states] == ["proposed", "shared_with_agency"]


async def test_most_demo_vacancies_pay_the_adult_minimum(conn):
    # Below the adult minimum a vacancy is refused for everyone of 21 and older; a demo
    # world where most jobs pay that little would show the coach mostly empty lists.
    await seed_demo(conn, progress=False)
    wages = [r["hourly_wage"] for r in await conn.fetch("SELECT hourly_wage FROM vacancies")]
    adult = sum(1 for w in wages if w is not None and float(w) >= minimum_hourly_wage(21))
    assert adult >= 0.7 * len(wages)
    assert adult < len(wages)  # and a few youth-wage jobs, so the agency's notice shows
