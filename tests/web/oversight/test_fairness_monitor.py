"""The fairness monitor on stored data: groups from birth date, postcode and stated
gender; rates per stage; a flag below 0.8; small groups and other municipalities out."""

from __future__ import annotations

import json
from datetime import date

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.candidates.repositories import candidates
from web.oversight import fairness
from web.oversight.report_periods import today_in_amsterdam

SUGGEST = """
INSERT INTO suggestions (candidate_id, vacancy_id, direction, score, breakdown, model)
VALUES ($1, $2, 'vacancies_for_candidate', $3, '{}', 'test')
"""


async def _world(conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    vacancy = await make_vacancy(conn, org=await make_org(conn, kind="agency"))
    young, older = [], []
    for _ in range(6):  # 18–20 in 35xx: all suggested (score 0.8)
        c = await make_candidate(conn, coach=coach, birth_date=date(2007, 1, 1), postcode="3562")
        await conn.execute(SUGGEST, c.id, vacancy, 0.8)
        young.append(c)
    for i in range(6):  # 24–27 in 30xx: two of six suggested (score 0.4)
        c = await make_candidate(conn, coach=coach, birth_date=date(2001, 1, 1), postcode="3011")
        if i < 2:
            await conn.execute(SUGGEST, c.id, vacancy, 0.4)
        older.append(c)
    for c in young[:3]:
        await candidates.set_stated_gender(conn, candidate_id=c.id, gender="vrouw")
    elsewhere = await make_org(conn, kind="municipality")
    other_coach = await make_user(conn, role="jobcoach", org=elsewhere)
    await make_candidate(conn, coach=other_coach, birth_date=date(2001, 1, 1), postcode="3011")
    return {"municipality": municipality, "admin": admin, "coach": coach}


async def test_rates_flags_and_suppression(conn):
    w = await _world(conn)
    today = today_in_amsterdam()  # the report counts Amsterdam days
    found = await fairness.report(
        conn, municipality_id=w["municipality"].id, first=date(today.year - 1, 1, 1), last=today
    )
    assert found.people == 12
    by_key = {d.key: d for d in found.dimensions}
    ages = {g.name: g for g in by_key["age"].groups}
    assert set(ages) == {"18–20 jaar", "24–27 jaar"}
    older = ages["24–27 jaar"].rates["suggested"]
    assert (older.count, older.total) == (2, 6) and older.ratio is not None
    assert older.ratio < 0.8 and older.flagged
    young_mean = ages["18–20 jaar"].means["mean_score"]
    assert young_mean is not None and abs(young_mean.value - 0.8) < 1e-6  # stored as real
    areas = {g.name for g in by_key["area"].groups}
    assert areas == {"35xx", "30xx"}
    gender = by_key["gender"]
    assert gender.groups == [] and gender.suppressed == 1 and gender.rest == 12
    assert ("Leeftijd", "24–27 jaar", "voorgesteld door het systeem") in found.flags
    as_json = json.dumps(fairness.as_json(found))
    assert "vrouw" not in as_json  # a group of 3 is not named, counted or compared


async def test_the_admin_page_and_who_may_see_it(client, conn):
    w = await _world(conn)
    assert (await login(client, w["coach"].email, PASSWORD)).status_code == 303
    assert (await client.get("/admin/fairness")).status_code == 403
    client.cookies.clear()
    assert (await login(client, w["admin"].email, PASSWORD)).status_code == 303
    page = await client.get("/admin/fairness")
    assert page.status_code == 200
    assert "24–27 jaar: minder vaak voorgesteld door het systeem" in page.text
    assert "12 jongeren" in page.text and 'class="flagged"' in page.text
    assert (await client.get("/admin/fairness?since=&until=")).status_code == 200
    backwards = await client.get("/admin/fairness?since=2026-05-01&until=2026-01-01")
    assert backwards.status_code == 422 and "begindatum ligt na de einddatum" in backwards.text
    looked = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'fairness_read'")
    assert looked == 2


async def test_a_young_person_states_or_clears_their_gender(client, conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    me = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(conn, coach=coach, user_id=me.id)
    assert (await login(client, me.email, PASSWORD)).status_code == 303

    async def post(value: str):
        token = await csrf_token(client, "/candidate/data")
        return await client.post(
            "/candidate/data/gender", data={"gender": value, "csrf_token": token}
        )

    assert (await post("anders")).status_code == 303
    assert await candidates.stated_gender(conn, candidate_id=candidate.id) == "anders"
    page = (await client.get("/candidate/data")).text
    assert '<option value="anders" selected>' in page
    wrong = await post("onzijdig")
    assert wrong.status_code == 422 and "Kies vrouw, man, anders" in wrong.text
    assert (await post("")).status_code == 303
    assert await candidates.stated_gender(conn, candidate_id=candidate.id) is None
    actions = await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE action = 'stated_gender_updated'"
    )
    assert actions == 2
