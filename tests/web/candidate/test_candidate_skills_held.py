"""The candidate's page and the coach's card decide with one test which requested skills
the candidate has: "orders verzamelen" is met by "orderpicken" (ESCO's doer, the
orderpicker), so the candidate reads "Je kunt al: orders verzamelen" and the coach's
"Mist nog" names only what is really missing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from matcher.taxonomy import Taxonomy
from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.matcher.test_skills import COLUMNS, OCC, SKILL, write_csv
from tests.web.candidate.conftest import approve
from tests.web.conftest import login, matching_client

pytestmark = pytest.mark.slow


def warehouse_taxonomy(root: Path) -> Taxonomy:
    """ESCO in its own file layout: the orderpicker is also called orderverzamelaar."""
    write_csv(
        root / "occupations_nl.csv",
        COLUMNS,
        [[OCC + "pick", "9333", "orderpicker", "orderverzamelaar\norderpickster", ""]],
    )
    write_csv(
        root / "skills_en.csv",
        ["conceptUri", "preferredLabel", "altLabels"],
        [[SKILL + "pick", "pick orders for dispatching", ""]],
    )
    return Taxonomy.load(root)


async def test_je_kunt_al_and_mist_nog_agree(settings, database_url, conn, tmp_path):
    municipality = await make_org(conn, kind="municipality")
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    me = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(conn, coach=coach, user_id=me.id, skills=["orderpicken"])
    job = await make_vacancy(
        conn,
        org=agency,
        title="Magazijnmedewerker",
        skills=["orders verzamelen", "heftruckcertificaat"],
    )
    await approve(conn, coach, candidate.id, job)
    async with matching_client(settings, database_url, coach.email) as (app, coach_client):
        matching = app.state.matching
        taxonomy = warehouse_taxonomy(tmp_path)
        await matching.thread.run(setattr, matching.engine, "taxonomy", taxonomy)
        why = await coach_client.get(f"/coach/vacancies/{job}?candidate={candidate.id}")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as mine:
            await login(mine, me.email, PASSWORD)
            page = await mine.get("/candidate")
    assert page.status_code == 200 and "Je kunt al: orders verzamelen" in page.text
    card = why.text.split('id="why"')[1]
    assert "Mist nog: heftruckcertificaat</p>" in card
    assert "1 van de 2 gevraagde vaardigheden" in card
