"""Every suggestion is ranked with, logged with and labelled with the weights of its
municipality: the hand-set ones until an admin accepts a learned version."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import matching_client
from web.ranker import service

LEARNED = {"semantic": 0.1, "occupation": 0.1, "skills": 0.1, "perspective": 0.5, "distance": 0.2}
WHEN = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture
async def coach_client(settings, database_url, conn):
    agency = await make_org(conn)
    coach = await make_user(conn, role="jobcoach")
    municipality_admin = await make_user(conn, role="admin", org=await _org_of(conn, coach))
    candidate = await make_candidate(
        conn, coach=coach, desired_work="heftruck rijden", skills=["heftruck rijden"]
    )
    vacancy = await make_vacancy(
        conn, org=agency, title="Heftruckchauffeur", skills=["heftruck rijden"]
    )
    async with matching_client(settings, database_url, coach.email) as (app, client):
        yield app, client, candidate, vacancy, municipality_admin


async def _org_of(conn, user):
    from web.accounts.repositories import organisations

    found = await organisations.by_id(conn, organisation_id=user.organisation_id)
    assert found is not None
    return found


async def test_suggestions_carry_the_weights_version_that_ranked_them(coach_client, conn):
    app, client, candidate, vacancy, admin = coach_client
    url = f"/coach/candidates/{candidate.id}/suggestions"
    page = await client.get(url, headers={"HX-Request": "true"})
    assert "Volgorde bepaald met vaste gewichten." in page.text
    first = await conn.fetch("SELECT ranker_version, weights, score FROM suggestions")
    assert first and {r["ranker_version"] for r in first} == {None}
    made = await service.propose(
        conn, organisation_id=admin.organisation_id, weights=LEARNED,
        report={"hand_set": {}}, trained_from=WHEN, trained_until=WHEN,
    )  # fmt: skip
    await app.state.matching.refresh_weights()
    page = await client.get(url, headers={"HX-Request": "true"})
    assert "vaste gewichten" in page.text  # proposed is not yet in use
    await service.accept(conn, admin=admin, version=made.version)
    await app.state.matching.refresh_weights()
    page = await client.get(url, headers={"HX-Request": "true"})
    assert "Volgorde bepaald met gewichten: versie 1, geleerd, aangenomen op " in page.text
    latest = await conn.fetchrow(
        "SELECT ranker_version, weights, breakdown FROM suggestions ORDER BY id DESC LIMIT 1"
    )
    assert latest["ranker_version"] == 1 and latest["weights"] == LEARNED
    assert latest["breakdown"]["perspective_weighted"] == pytest.approx(
        0.5 * latest["breakdown"]["perspective"], abs=1e-3
    )
    why = await client.get(f"/coach/vacancies/{vacancy}?candidate={candidate.id}")
    assert "Score berekend met gewichten: versie 1, geleerd" in why.text
    await service.roll_back(conn, admin=admin)
    await app.state.matching.refresh_weights()
    page = await client.get(url, headers={"HX-Request": "true"})
    assert "Volgorde bepaald met vaste gewichten." in page.text
