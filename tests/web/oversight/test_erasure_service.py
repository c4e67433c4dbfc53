"""Erasing a candidate: who may, what stays under a pseudonym, and the running matcher."""

from __future__ import annotations

import asyncio

import asyncpg
import numpy as np
import pytest

from matcher import index_store
from matcher.embedding import Encoder
from tests.factories import make_candidate, make_org, make_shared_proposal, make_user, make_vacancy
from web.database import create_pool
from web.errors import NotFound
from web.matching.embedder import embed_pending
from web.matching.repositories import embeddings
from web.matching.service import MatchingService
from web.oversight.erasure import ErasureRefused, erase_candidate
from web.proposals.repositories import agency_proposals
from web.settings import Settings


@pytest.fixture
async def world(conn):
    municipality = await make_org(conn, kind="municipality")
    agency_org = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    admin = await make_user(conn, role="admin", org=municipality)
    me = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(conn, coach=coach, user_id=me.id, desired_work="heftruck")
    vacancy_id = await make_vacancy(conn, org=agency_org, title="Heftruckchauffeur")
    proposal_id = await make_shared_proposal(
        conn, candidate_id=candidate.id, vacancy_id=vacancy_id, consent=True
    )
    await conn.execute(
        "UPDATE proposal_events SET actor_id = $2, note = 'Sem belde zelf' WHERE proposal_id = $1",
        proposal_id,
        me.id,
    )
    return {
        "municipality": municipality,
        "agency_org": agency_org,
        "coach": coach,
        "admin": admin,
        "me": me,
        "candidate": candidate,
        "proposal_id": proposal_id,
    }


async def test_proposals_keep_a_pseudonym_and_the_erasure_is_audited(conn, world):
    candidate, admin = world["candidate"], world["admin"]
    done = await erase_candidate(conn, candidate.id, admin, "request")

    tombstone = await conn.fetchrow("SELECT * FROM erased_candidates WHERE id = $1", candidate.id)
    assert tombstone["pseudonym"] == done.pseudonym and done.pseudonym.startswith("Verwijderd-")
    assert tombstone["former_user_id"] == world["me"].id and tombstone["reason"] == "request"
    proposal = await conn.fetchrow("SELECT * FROM proposals WHERE id = $1", world["proposal_id"])
    assert proposal["candidate_id"] is None and proposal["erased_candidate_id"] == candidate.id
    events = await conn.fetch(
        "SELECT actor_id, note FROM proposal_events WHERE proposal_id = $1", world["proposal_id"]
    )
    assert events and all(e["actor_id"] is None and e["note"] == "" for e in events)
    assert await conn.fetchval("SELECT count(*) FROM consents") == 0
    assert await conn.fetchval("SELECT count(*) FROM users WHERE id = $1", world["me"].id) == 0
    audit = await conn.fetchrow(
        "SELECT actor_id, actor_role, organisation_id, object_type, object_id FROM audit_log"
        " WHERE action = 'candidate_erased'"
    )
    assert dict(audit) == {
        "actor_id": admin.id,
        "actor_role": "admin",
        "organisation_id": world["municipality"].id,
        "object_type": "candidate",
        "object_id": candidate.id,
    }
    assert done.touched["profile"] == 1 and done.touched["proposals_pseudonymised"] == 1


async def test_the_agency_keeps_its_proposal_without_the_profile(conn, world):
    await erase_candidate(conn, world["candidate"].id, world["admin"], "no_longer_needed")
    [kept] = await agency_proposals.for_organisation(conn, organisation_id=world["agency_org"].id)
    assert kept.id == world["proposal_id"] and kept.erased
    assert kept.display_name == f"Kandidaat P-{kept.id} (gegevens verwijderd)"
    assert not kept.consented and kept.name is None and kept.email is None
    assert kept.skills == [] and kept.region is None


@pytest.mark.parametrize("who", ["coach", "other_admin"])
async def test_only_an_admin_of_the_candidate_s_municipality_may_erase(conn, world, who):
    actor = (
        world["coach"]
        if who == "coach"
        else await make_user(conn, role="admin", org=await make_org(conn, kind="municipality"))
    )
    with pytest.raises(NotFound):
        await erase_candidate(conn, world["candidate"].id, actor, "request")
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1
    assert await conn.fetchval("SELECT count(*) FROM erased_candidates") == 0


async def test_a_reason_is_required_and_retention_is_the_job_s_alone(conn, world):
    for reason in ("", "retention", "omdat het kan"):
        with pytest.raises(ErasureRefused):
            await erase_candidate(conn, world["candidate"].id, world["admin"], reason)
    assert await conn.fetchval("SELECT count(*) FROM candidates") == 1


async def test_a_plain_delete_cannot_lose_a_placement(conn, world):
    """Deleting a candidate with proposals, without the erasure, is refused."""
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await conn.execute("DELETE FROM candidates WHERE id = $1", world["candidate"].id)


async def test_a_vector_arriving_after_the_erasure_is_not_stored(conn, world):
    """A worker that read the text just before the erasure stores nothing after it."""
    candidate = world["candidate"]
    await erase_candidate(conn, candidate.id, world["admin"], "request")
    vector = np.ones((1, 4), dtype=np.float32) / 2
    await embeddings.store(
        conn, kind="candidate", model="m", ids=[candidate.id], vectors=vector, text_hashes=["h"]
    )
    await embeddings.store(
        conn, kind="vacancy", model="m", ids=[candidate.id], vectors=vector, text_hashes=["h"]
    )
    kinds = await conn.fetch("SELECT kind FROM embeddings WHERE model = 'm'")
    assert [r["kind"] for r in kinds] == ["vacancy"]  # vacancies are not checked


async def test_running_web_processes_drop_an_erased_candidate_within_seconds(
    conn, database_url, world, tmp_path
):
    """Through NOTIFY (the poll is a minute): out of the index within 2 s, and the saved
    index file rewritten without the candidate's entry soon after."""
    candidate = world["candidate"]
    pool = await create_pool(database_url)
    settings = Settings(environment="test", data_dir=tmp_path, esco_dir=tmp_path / "no-esco")
    service = MatchingService(settings=settings, pool=pool, poll_seconds=60.0)
    try:
        for kind in ("vacancy", "candidate"):
            await embed_pending(pool, Encoder(), kind=kind)
        service.start()
        await service.wait_ready(timeout_seconds=60)
        await service.save_indexes()
        path = service.files.path("candidate")
        assert candidate.id in index_store.read_payload(path)[1]["row_ids"].tolist()

        await erase_candidate(conn, candidate.id, world["admin"], "request")
        loop = asyncio.get_running_loop()
        started = loop.time()
        await _until(lambda: candidate.id not in service.engine.candidates, seconds=2.0)
        dropped = loop.time() - started
        await _until(
            lambda: candidate.id not in index_store.read_payload(path)[1]["row_ids"].tolist(),
            seconds=5.0,
        )
        assert dropped < 2.0
        index = service.engine.index_for("candidate")
        assert index is not None and candidate.id not in index.ids()
    finally:
        await service.stop()
        await pool.close()


async def _until(condition, *, seconds: float) -> None:
    async with asyncio.timeout(seconds):
        while True:  # polled: the service changes its engine from its own thread
            if condition():
                return
            await asyncio.sleep(0.05)
