"""The matching service against a real PostgreSQL and the real model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.database import create_pool
from web.matching.service import MatchingService
from web.repositories import candidates, vacancies
from web.settings import Settings

JOBS = [
    ("Heftruckchauffeur", ["heftruck rijden", "pallets laden"], "Laden en lossen in het magazijn."),
    ("Orderpicker", ["orders verzamelen"], "Bestellingen verzamelen met een scanner."),
    ("Afwasser", ["afwassen"], "De keuken schoonhouden in een restaurant."),
    ("Hovenier", ["snoeien", "maaien"], "Tuinen aanleggen en onderhouden."),
]


@pytest.fixture
async def world(conn):
    org = await make_org(conn)
    coach = await make_user(conn, role="jobcoach")
    ids = [await make_vacancy(conn, org=org, title=t, skills=s, description=d) for t, s, d in JOBS]
    candidate = await make_candidate(
        conn,
        coach=coach,
        desired_work="heftruck rijden in een magazijn",
        skills=["heftruck rijden"],
        max_travel_km=30.0,
    )
    return org, coach, ids, candidate


@pytest.fixture
async def pool(database_url):
    p = await create_pool(database_url)
    yield p
    await p.close()


def _service(pool, tmp_path: Path) -> MatchingService:
    settings = Settings(environment="test", data_dir=tmp_path, esco_dir=tmp_path / "no-esco")
    return MatchingService(settings=settings, pool=pool)


async def _vacancy_ids(service: MatchingService, candidate) -> list[int]:
    result = service.vacancies_for(candidate.to_matcher(), top=10)
    return [s.vacancy_id for s in result.suggestions]


async def test_restart_reuses_stored_embeddings_and_checks_consistency(pool, world, tmp_path):
    _org, _coach, ids, candidate = world
    first = _service(pool, tmp_path)
    await first.load_all()
    assert first.status.vacancies.embedded_now == len(ids)
    assert first.status.consistent is True
    assert (await _vacancy_ids(first, candidate))[0] == ids[0]  # the forklift job first
    second = _service(pool, tmp_path)
    await second.load_all()
    assert second.status.vacancies.embedded_now == 0
    assert second.status.candidates.embedded_now == 0
    assert second.status.vacancies.reused == len(ids)
    assert second.status.consistent is True
    assert (tmp_path / "index" / "vacancy.index").exists()
    async with pool.acquire() as conn:
        builds = await conn.fetchval("SELECT count(*) FROM index_builds WHERE kind = 'vacancy'")
    assert builds == 2


async def test_consistency_check_sees_a_missing_vacancy_until_reconciled(pool, world, tmp_path):
    org, _coach, _ids, candidate = world
    service = _service(pool, tmp_path)
    await service.load_all()
    async with pool.acquire() as conn:
        new_id = await make_vacancy(
            conn, org=org, title="Heftruckchauffeur nacht", skills=["heftruck rijden"]
        )
    assert await service.consistency_check() is False
    await service.reconcile()
    assert await service.consistency_check() is True
    assert new_id in await _vacancy_ids(service, candidate)


async def test_a_closed_vacancy_disappears_immediately(pool, world, tmp_path):
    _org, _coach, ids, candidate = world
    service = _service(pool, tmp_path)
    await service.load_all()
    async with pool.acquire() as conn:
        await vacancies.set_status(conn, vacancy_id=ids[0], status="closed")
    service.forget_vacancies([ids[0]])
    assert ids[0] not in await _vacancy_ids(service, candidate)
    await service.refresh("vacancy", [ids[0]])  # the background refresh agrees
    assert ids[0] not in await _vacancy_ids(service, candidate)
    assert await service.consistency_check() is True


async def test_changed_text_is_re_embedded_unchanged_is_not(pool, world, tmp_path):
    _org, _coach, _ids, candidate = world
    service = _service(pool, tmp_path)
    await service.load_all()
    before = service.status.candidates.embedded_now
    await service.refresh("candidate", [candidate.id])
    assert service.status.candidates.embedded_now == before
    async with pool.acquire() as conn:
        await candidates.update(
            conn, candidate_id=candidate.id, desired_work="koken in een restaurant"
        )
    await service.refresh("candidate", [candidate.id])
    assert service.status.candidates.embedded_now == before + 1


async def test_an_erased_candidate_disappears_from_vacancy_results(pool, world, tmp_path):
    org, _coach, ids, candidate = world
    service = _service(pool, tmp_path)
    await service.load_all()
    vacancy = await _records(pool, ids[0])
    assert candidate.id in [
        s.candidate_id for s in service.candidates_for(vacancy, top=5).suggestions
    ]
    async with pool.acquire() as conn:
        await conn.execute("DELETE FROM candidates WHERE id = $1", candidate.id)
    await service.reconcile()
    assert service.candidates_for(vacancy, top=5).suggestions == []


async def _records(pool, vacancy_id: int):
    async with pool.acquire() as conn:
        record = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    return record.to_matcher()


async def test_justice_flags_never_reach_texts_or_logs(pool, world, tmp_path, conn):
    from datetime import time

    from matcher.texts import candidate_text

    _org, coach, _ids, candidate = world
    await candidates.set_restrictions(
        conn,
        candidate_id=candidate.id,
        updated_by=coach.id,
        curfew_start=time(22),
        curfew_end=time(6),
        vog_risk=True,
    )
    service = _service(pool, tmp_path)
    await service.load_all()
    text = candidate_text(service.engine.candidates[candidate.id]).lower()
    assert "avondklok" not in text and "vog" not in text and "22:00" not in text
