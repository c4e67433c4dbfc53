"""The counterfactual check as an admin runs it, with matching on: copies of the
municipality's candidates that differ in name, gender words or neighbourhood."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from matcher.embedding import Encoder
from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login, web_settings
from web.matching.embedder import embed_pending
from web.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return web_settings(tmp_path, matching=True)


async def _until(condition, *, seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while True:  # polled: the service changes its engine from its own thread
            if condition():
                return
            await asyncio.sleep(0.05)


async def test_name_and_gender_change_nothing_and_a_move_only_the_distance(app, client, conn):
    municipality = await make_org(conn, kind="municipality")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    agency = await make_org(conn, kind="agency")
    for title in ("Kapper", "Schoonmaker kantoren", "Heftruckchauffeur", "Verkoper"):
        await make_vacancy(conn, org=agency, title=title)
    await make_candidate(
        conn,
        coach=coach,
        first_name="Sem",
        desired_work="kapper",
        experience="Sem knipte bij zijn oom",
    )
    await make_candidate(conn, coach=coach, first_name="Aylin", desired_work="schoonmaakster")
    await make_candidate(conn, coach=coach, first_name="Daan", desired_work="heftruck rijden")
    await embed_pending(app.state.pool, Encoder(), kind="vacancy")
    matching = app.state.matching
    await _until(lambda: matching.ready, seconds=120)
    await matching.catch_up()
    assert len(matching.engine.vacancies) == 4

    assert (await login(client, admin.email, PASSWORD)).status_code == 303
    token = await csrf_token(client, "/admin/fairness")
    found = await client.post(
        "/admin/fairness/counterfactual",
        data={"csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert found.status_code == 200
    assert found.text.count("In orde") == 3 and "Niet in orde" not in found.text
    assert found.text.count("3 jongeren gecontroleerd") == 3
    runs = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'counterfactual_run'")
    assert runs == 1
