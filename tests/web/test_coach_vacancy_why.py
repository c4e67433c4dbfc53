"""'Why (not) this one?' on the coach's vacancy page, with matching on: one pair scored
on demand in the engine thread, the public reasons of a refusal, coach-only notes for
the coach, and nothing while the municipality's kill switch is off."""

from __future__ import annotations

import threading
from datetime import time

import httpx
import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import matching_client
from web.accounts.repositories import organisations
from web.candidates.repositories import candidates

pytestmark = pytest.mark.slow
GRONINGEN = {"postcode": "9711", "lat": 53.219, "lon": 6.566}


@pytest.fixture
async def why_world(settings, database_url, conn):
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach")
    night = await make_vacancy(conn, org=agency, title="Nachtorderpicker", shifts=["night"])
    near = await make_candidate(conn, coach=coach, first_name="Noor", shifts=["day", "night"])
    far = await make_candidate(
        conn, coach=coach, first_name="Femke", max_travel_km=10, shifts=["night"], **GRONINGEN
    )
    curfew = await make_candidate(conn, coach=coach, first_name="Kai", shifts=["night"])
    await candidates.set_restrictions(
        conn,
        candidate_id=curfew.id,
        updated_by=coach.id,
        curfew_start=time(22, 0),
        curfew_end=time(6, 0),
    )
    async with matching_client(settings, database_url, coach.email) as (app, client):
        yield app, client, night, {"near": near, "far": far, "curfew": curfew}


def _why(page: httpx.Response) -> str:
    return page.text.split('id="why"')[1]


async def test_why_this_one_runs_in_the_engine_thread(why_world, monkeypatch):
    app, client, night, people = why_world
    engine = app.state.matching.engine
    threads: list[str] = []

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return type(engine).explain_pair(engine, *args, **kwargs)

    monkeypatch.setattr(engine, "explain_pair", spy)
    page = await client.get(f"/coach/vacancies/{night}?candidate={people['near'].id}")
    assert page.status_code == 200 and "Waarom (niet) deze?" in page.text
    assert threads == ["matching-engine"]
    assert "% match" in _why(page) and "valt af" not in _why(page)
    assert f'<option value="{people["near"].id}" selected>' in page.text


async def test_why_not_gives_the_public_reason_of_a_pair_the_list_leaves_out(why_world):
    _app, client, night, people = why_world
    page = await client.get(f"/coach/vacancies/{night}")
    fits = page.text.split("Welke van mijn kandidaten passen?")[1].split('id="waarom"')[0]
    assert "Femke" not in fits  # beyond her travel reach: the pre-filter drops her
    why = await client.get(
        f"/coach/vacancies/{night}?candidate={people['far'].id}", headers={"HX-Request": "true"}
    )
    assert why.status_code == 200 and "<html" not in why.text
    assert "valt af" in why.text and "verder dan 10 km" in why.text
    assert "Alleen voor jou" not in why.text


async def test_a_restricted_refusal_is_told_to_the_coach_only_as_a_note(why_world):
    _app, client, night, people = why_world
    page = await client.get(f"/coach/vacancies/{night}?candidate={people['curfew'].id}")
    why = _why(page)
    assert "valt af" in why and "Alleen voor jou" in why and "avondklok" in why
    public = why.split("Alleen voor jou")[0]
    assert "avondklok" not in public


async def test_off_with_the_kill_switch_and_only_for_own_candidates(why_world, conn):
    _app, client, night, people = why_world
    stranger = await make_candidate(conn, coach=await make_user(conn, role="jobcoach"))
    assert (
        await client.get(f"/coach/vacancies/{night}?candidate={stranger.id}")
    ).status_code == 404
    await organisations.set_suggestions(
        conn, organisation_id=people["far"].organisation_id, enabled=False
    )
    page = await client.get(f"/coach/vacancies/{night}?candidate={people['far'].id}")
    assert page.status_code == 200 and "handmatige modus" in _why(page)
    assert "valt af" not in page.text and "verder dan" not in page.text
