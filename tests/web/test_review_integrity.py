"""A coach's decision is refused, and nothing stored, when it cannot be right: approving a
vacancy that is closed, filled or past its closing date, or pointing a review at a
suggestion of another municipality or another pair (issue 11, integrity)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.matching.repositories import suggestions
from web.matching.repositories.suggestions import SuggestionEntry
from web.proposals import service
from web.proposals.repositories.proposals import VacancyOpenness

YESTERDAY = date.today() - timedelta(days=1)


@pytest.fixture
async def coach_world(client, conn):
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    await login(client, coach.email, PASSWORD)
    return coach, candidate, agency


async def _decide(client, candidate_id: int, vacancy_id: int, **extra):
    token = await csrf_token(client, f"/coach/candidates/{candidate_id}")
    data = {
        "csrf_token": token,
        "vacancy_id": vacancy_id,
        "decision": "approve",
        "reason_code": "goede_match",
        **extra,
    }
    return await client.post(f"/coach/candidates/{candidate_id}/decisions", data=data)


async def _stored(conn) -> tuple[int, int]:
    reviews = await conn.fetchval("SELECT count(*) FROM reviews")
    proposals = await conn.fetchval("SELECT count(*) FROM proposals")
    return reviews, proposals


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"status": "closed"}, "gesloten"),
        ({"status": "filled"}, "vervuld"),
        ({"closing_date": YESTERDAY}, "sluitingsdatum"),
    ],
)
async def test_a_vacancy_that_is_not_open_cannot_be_approved(
    client, conn, coach_world, values, message
):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency, **values)
    response = await _decide(client, candidate.id, vacancy_id)
    assert response.status_code == 409
    assert message in response.text and "niet meer voorstellen" in response.text
    assert await _stored(conn) == (0, 0)
    assert await conn.fetchval("SELECT status FROM candidates WHERE id = $1", candidate.id) == "new"


async def test_the_refusal_comes_back_in_the_card_for_htmx(client, conn, coach_world):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency, status="filled")
    response = await client.post(
        f"/coach/candidates/{candidate.id}/decisions",
        data={
            "csrf_token": await csrf_token(client, f"/coach/candidates/{candidate.id}"),
            "vacancy_id": vacancy_id,
            "decision": "approve",
            "reason_code": "goede_match",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert f'id="decide-{vacancy_id}"' in response.text and "<html" not in response.text
    assert "al vervuld" in response.text
    assert await _stored(conn) == (0, 0)


async def test_an_open_vacancy_closing_today_can_still_be_approved(client, conn, coach_world):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency, closing_date=date.today())
    response = await _decide(client, candidate.id, vacancy_id)
    assert response.status_code == 303
    assert await _stored(conn) == (1, 1)


async def test_a_closed_vacancy_may_still_be_rejected(client, conn, coach_world):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency, status="closed")
    response = await _decide(
        client, candidate.id, vacancy_id, decision="reject", reason_code="te_ver"
    )
    assert response.status_code == 303
    assert await _stored(conn) == (1, 0)


def test_every_way_of_not_being_open_has_its_own_reason():
    reasons = [
        service.not_open_reason(None),
        service.not_open_reason(VacancyOpenness("closed", expired=False)),
        service.not_open_reason(VacancyOpenness("filled", expired=False)),
        service.not_open_reason(VacancyOpenness("open", expired=True)),
    ]
    assert all(reasons) and len(set(reasons)) == len(reasons)
    assert service.not_open_reason(VacancyOpenness("open", expired=False)) is None


async def _logged(conn, *, candidate_id: int, vacancy_id: int) -> int:
    entry = SuggestionEntry(candidate_id, vacancy_id, 0.8, {}, [], [], "test-model", None)
    ids = await suggestions.log_shown(
        conn, direction="vacancies_for_candidate", entries=[entry], weights={}, shown_to=None
    )
    return ids[0]


async def test_a_review_cannot_point_at_another_municipalitys_suggestion(client, conn, coach_world):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency)
    elsewhere = await make_candidate(conn, coach=await make_user(conn, role="jobcoach"))
    foreign = await _logged(conn, candidate_id=elsewhere.id, vacancy_id=vacancy_id)
    for decision, reason in (("approve", "goede_match"), ("reject", "te_ver")):
        response = await _decide(
            client,
            candidate.id,
            vacancy_id,
            decision=decision,
            reason_code=reason,
            suggestion_id=foreign,
        )
        assert response.status_code == 404
        assert "bestaat niet" in response.text
    assert await _stored(conn) == (0, 0)


async def test_a_review_cannot_point_at_a_suggestion_of_another_pair(client, conn, coach_world):
    coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency)
    other_vacancy = await make_vacancy(conn, org=agency)
    colleague_candidate = await make_candidate(conn, coach=coach, first_name="Noor")
    for pair in ((candidate.id, other_vacancy), (colleague_candidate.id, vacancy_id)):
        wrong = await _logged(conn, candidate_id=pair[0], vacancy_id=pair[1])
        response = await _decide(client, candidate.id, vacancy_id, suggestion_id=wrong)
        assert response.status_code == 404
    assert await _stored(conn) == (0, 0)


async def test_a_review_of_its_own_suggestion_keeps_the_link(client, conn, coach_world):
    _coach, candidate, agency = coach_world
    vacancy_id = await make_vacancy(conn, org=agency)
    own = await _logged(conn, candidate_id=candidate.id, vacancy_id=vacancy_id)
    response = await _decide(client, candidate.id, vacancy_id, suggestion_id=own)
    assert response.status_code == 303
    assert await conn.fetchval("SELECT suggestion_id FROM reviews") == own
