"""Proposing by hand on the coach's pages: from a vacancy page and from hand search, in
manual mode too, exactly once, and marked "al voorgesteld (status)" wherever the pair
shows up again (issue 13)."""

from __future__ import annotations

import asyncio

import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.accounts.repositories import organisations

HTMX = {"HX-Request": "true"}


@pytest.fixture
async def coach_world(client, conn):
    coach = await make_user(conn, role="jobcoach")
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    vacancy_id = await make_vacancy(
        conn, org=await make_org(conn), title="Bezorger pakketten", employer_name="PostNL"
    )
    await login(client, coach.email, PASSWORD)
    return coach, sem, vacancy_id


async def _propose(client, vacancy_id: int, candidate_id: int, *, htmx: bool = True, **extra):
    token = await csrf_token(client, f"/coach/vacancies/{vacancy_id}")
    data = {"csrf_token": token, "candidate_id": candidate_id, "reason_code": "goede_match"}
    return await client.post(
        f"/coach/vacancies/{vacancy_id}/proposals",
        data={**data, **extra},
        headers=HTMX if htmx else {},
    )


async def test_a_vacancy_page_proposes_to_my_candidate_in_manual_mode(client, conn, coach_world):
    coach, sem, vacancy_id = coach_world
    await organisations.set_suggestions(conn, organisation_id=coach.organisation_id, enabled=False)
    page = await client.get(f"/coach/vacancies/{vacancy_id}")
    assert "handmatige modus" in page.text
    assert f"/coach/vacancies/{vacancy_id}/proposals" in page.text
    assert "Voorstellen aan Sem" in page.text
    answer = await _propose(client, vacancy_id, sem.id)
    assert answer.status_code == 200 and "<html" not in answer.text
    assert f'id="propose-{vacancy_id}-{sem.id}"' in answer.text and "Voorgesteld" in answer.text
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    again = await client.get(f"/coach/vacancies/{vacancy_id}")
    assert "al voorgesteld (Voorgesteld door jobcoach)" in again.text
    assert "Voorstellen aan Sem" not in again.text


async def test_two_submits_at_once_make_one_proposal(client, conn, coach_world):
    _coach, sem, vacancy_id = coach_world
    answers = await asyncio.gather(
        _propose(client, vacancy_id, sem.id), _propose(client, vacancy_id, sem.id)
    )
    assert [a.status_code for a in answers] == [200, 200]
    assert await conn.fetchval("SELECT count(*) FROM proposals") == 1
    assert await conn.fetchval("SELECT count(*) FROM proposal_events") == 1
    texts = " ".join(a.text for a in answers)
    assert "al voorgesteld" in texts and "Het staat in de tijdlijn" in texts


async def test_without_javascript_the_form_returns_to_the_vacancy(client, conn, coach_world):
    _coach, sem, vacancy_id = coach_world
    answer = await _propose(client, vacancy_id, sem.id, htmx=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/coach/vacancies/{vacancy_id}#voorstellen"


async def test_a_refusal_is_told_in_dutch_where_the_form_was(client, conn, coach_world):
    _coach, sem, vacancy_id = coach_world
    answer = await _propose(client, vacancy_id, sem.id, reason_code="")
    assert answer.status_code == 422 and "Kies een reden uit de lijst" in answer.text
    assert "data-swap-errors" in answer.text
    stranger = await make_candidate(conn, coach=await make_user(conn, role="jobcoach"))
    assert (await _propose(client, vacancy_id, stranger.id)).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM reviews") == 0


async def test_a_closed_vacancy_offers_no_proposal(client, conn, coach_world):
    _coach, sem, _vacancy_id = coach_world
    closed = await make_vacancy(conn, org=await make_org(conn), status="closed")
    page = await client.get(f"/coach/vacancies/{closed}")
    assert "Deze vacature is gesloten" in page.text and "Voorstellen aan Sem" not in page.text
    assert (await _propose(client, closed, sem.id)).status_code == 409


async def test_hand_search_for_a_candidate_proposes_and_marks(client, conn, coach_world):
    _coach, sem, vacancy_id = coach_world
    found = await client.get("/coach/vacancies", params={"q": "bezorger", "candidate": sem.id})
    assert "Voorstellen aan Sem" in found.text
    assert f'hx-target="#propose-{vacancy_id}-{sem.id}"' in found.text
    await _propose(client, vacancy_id, sem.id)
    found = await client.get(
        "/coach/vacancies", params={"q": "bezorger", "candidate": sem.id}, headers=HTMX
    )
    assert "al voorgesteld (Voorgesteld door jobcoach)" in found.text
    assert "Voorstellen aan Sem" not in found.text
    everyone = await client.get("/coach/vacancies", params={"q": "bezorger"})
    assert "Sem: al voorgesteld (Voorgesteld door jobcoach)" in everyone.text


async def test_hand_search_for_another_coach_s_candidate_is_not_found(client, conn, coach_world):
    stranger = await make_candidate(conn, coach=await make_user(conn, role="jobcoach"))
    found = await client.get("/coach/vacancies", params={"candidate": stranger.id})
    assert found.status_code == 404


async def test_hand_search_for_everyone_sends_the_form_as_the_browser_does(
    client, conn, coach_world
):
    """The search form sends every field, "Voor kandidaat: iedereen" as candidate= (empty):
    that is no candidate, not a 422 (typing a search word did nothing)."""
    await make_vacancy(conn, org=await make_org(conn), title="Keukenhulp")
    form = {"q": "bezorger", "sector": "", "contract": "", "candidate": ""}
    for headers in ({}, HTMX):  # without JavaScript, and as htmx while typing
        found = await client.get("/coach/vacancies", params=form, headers=headers)
        assert found.status_code == 200
        assert "Bezorger pakketten" in found.text and "Keukenhulp" not in found.text
