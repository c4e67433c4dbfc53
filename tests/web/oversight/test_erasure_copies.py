"""No copy of an erased candidate is left: not in any table, not in the index (memory or
file), not in any file under the data directory.

A candidate is given canary values (unique strings in names, e-mail, phone, free text,
skills, a correction request, review and timeline notes) and coach-only restrictions,
is embedded by the worker, indexed and saved by a matching service, suggested, reviewed,
proposed, answered, consented to, invited and logged in. Before the erasure the search
finds the canaries (so the search works); after it, it finds none. Run with `-s` to see
the figure of what was searched.
"""

from __future__ import annotations

import uuid
from datetime import time
from pathlib import Path

import numpy as np
import pytest

from matcher import index_store
from tests.factories import make_org, make_user, make_vacancy
from web.accounts.repositories import sessions, users
from web.accounts.sessions import open_session
from web.candidates import consents, profiles
from web.candidates.repositories import candidates, correction_requests
from web.database import create_pool
from web.matching.service import MatchingService
from web.matching.suggest import for_candidate
from web.oversight.erasure import erase_candidate
from web.proposals import candidate_answers
from web.proposals import service as placements
from web.settings import Settings
from web.vacancies.repositories import vacancies
from web.worker.queue import enqueue_embedding
from web.worker.testing import run_jobs_until_idle
from web.worklist import service as worklist

TABLES = """
SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY c.relname
"""
# Rows that point at the candidate or their account by id (the canaries cannot be in all
# of them: a suggestion's reasons quote the vacancy, an invitation holds only a hash).
ABOUT = {
    "candidates": "id = $1",
    "candidate_restrictions": "candidate_id = $1",
    "candidate_match_state": "candidate_id = $1",
    "strong_matches": "candidate_id = $1",
    "worklist_done": "candidate_id = $1",
    "suggestions": "candidate_id = $1",
    "reviews": "candidate_id = $1",
    "consents": "candidate_id = $1",
    "invitations": "candidate_id = $1",
    "correction_requests": "candidate_id = $1",
    "embeddings": "kind = 'candidate' AND object_id = $1",
    "proposals": "candidate_id = $1",
}
ABOUT_ACCOUNT = {
    "sessions": "user_id = $1",
    "users": "id = $1",
    "proposal_events": "actor_id = $1",
}
BYTEA_COLUMNS = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY table_name, column_name
"""
TEXT_COLUMNS = """
SELECT count(*) FROM information_schema.columns
WHERE table_schema = 'public'
  AND (data_type IN ('text', 'character varying', 'json', 'jsonb') OR udt_name = '_text')
"""


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=tmp_path / "data",
        esco_dir=tmp_path / "no-esco",
        worker_poll_seconds=0.2,
    )


@pytest.fixture
async def pool(database_url):
    p = await create_pool(database_url)
    yield p
    await p.close()


@pytest.fixture
async def service(pool, settings):
    matching = MatchingService(settings=settings, pool=pool, poll_seconds=60.0)
    yield matching
    await matching.stop()


def canaries() -> dict[str, str]:
    tag = uuid.uuid4().hex[:10]
    return {
        "first_name": f"Kanarievoornaam{tag}",
        "last_name": f"Kanarieachternaam{tag}",
        "email": f"kanarie.{tag}@voorbeeld.example",
        "phone": f"0612{int(tag, 16) % 10**6:06d}",
        "desired_work": f"heftruck rijden kanariewerk{tag}",
        "experience": f"magazijn kanarieervaring{tag}",
        "interests": f"kanariehobby{tag}",
        "skill": f"kanarievaardigheid{tag}",
        "correction": f"Mijn kanariecorrectie{tag} klopt niet",
        "review_note": f"Kanariebeoordeling{tag}",
        "timeline_note": f"Kanarietijdlijn{tag}",
    }


async def test_an_erased_candidate_leaves_no_copy(conn, service, database_url, settings):
    values = canaries()
    world = await _full_life(conn, service, database_url, settings, values)
    candidate_id, vector = world["candidate_id"], world["vector"]
    index_file = service.files.path("candidate")

    # The search finds what it looks for: before the erasure every kind of copy is there.
    before = await _copies_in_tables(conn, values, vector)
    assert {"candidates", "users", "correction_requests", "reviews"} <= set(before)
    assert {"proposal_events", "embeddings", "login_attempts"} <= set(before)
    rows_before = await _rows_about(conn, candidate_id, world["user_id"])
    assert all(rows_before.values()), rows_before
    assert _index_file_holds(index_file, candidate_id, vector)
    assert candidate_id in service.engine.candidates

    admin = await make_user(conn, role="admin", org=world["municipality"])
    done = await erase_candidate(conn, candidate_id, admin, "request")
    await service.catch_up()  # the change feed reads the tombstone
    await service.save_indexes()  # the next saved file

    after = await _copies_in_tables(conn, values, vector)
    files = [p for p in settings.data_dir.rglob("*") if p.is_file()]
    in_files = [p for p in files if _file_holds(p, values, vector)]
    rows_after = await _rows_about(conn, candidate_id, world["user_id"])
    index = service.engine.index_for("candidate")
    in_memory = int(candidate_id in service.engine.candidates) + int(
        index is not None and candidate_id in index.ids()
    )
    in_index_file = int(_index_file_holds(index_file, candidate_id, vector))
    tables = len(await conn.fetch(TABLES))
    columns = await conn.fetchval(TEXT_COLUMNS)
    rows = sum(rows_after.values())
    found = sum(after.values()) + len(in_files) + rows + in_memory + in_index_file
    print(  # the figure, seen with `pytest -s`
        f"\nErasure: {tables} tables ({columns} text/json columns and every bytea"
        f" column; whole rows as text), {len(files)} files under the data dir, and the"
        f" candidate index in memory and in its file, searched for {len(values)} canaries"
        f" and the candidate's vector, plus {len(rows_after)} tables for rows naming the"
        f" candidate or their account: {found} copies found after erasure (goal 0)"
    )
    assert after == {}, after
    assert in_files == []
    assert set(rows_after.values()) == {0}, rows_after
    assert in_memory == 0 and in_index_file == 0
    # What stays: the proposal, under the tombstone's pseudonym, and the audit rows.
    kept = await conn.fetchrow(
        "SELECT candidate_id, erased_candidate_id FROM proposals WHERE id = $1",
        world["proposal_id"],
    )
    assert kept["candidate_id"] is None and kept["erased_candidate_id"] == candidate_id
    assert await conn.fetchval(
        "SELECT count(*) FROM audit_log WHERE object_type = 'candidate' AND object_id = $1"
        " AND action = 'candidate_erased'",
        candidate_id,
    )
    assert done.pseudonym.startswith("Verwijderd-")


async def _full_life(conn, service, database_url, settings, values) -> dict:
    """A candidate with canaries everywhere the product stores something about them."""
    municipality = await make_org(conn, kind="municipality")
    agency_org = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    agency = await make_user(conn, role="agency", org=agency_org)
    me = await users.create(
        conn,
        organisation_id=municipality.id,
        role="candidate",
        email=values["email"],
        display_name=f"{values['first_name']} {values['last_name']}",
        password_hash=None,
    )
    record = await candidates.create(
        conn,
        organisation_id=municipality.id,
        coach_id=coach.id,
        user_id=me.id,
        first_name=values["first_name"],
        last_name=values["last_name"],
        desired_work=values["desired_work"],
        experience=values["experience"],
        interests=values["interests"],
        skills=["heftruck rijden", values["skill"]],
        postcode="3562",
        lat=52.119,
        lon=5.113,
        max_travel_km=30.0,
    )
    await conn.execute("UPDATE candidates SET phone = $2 WHERE id = $1", record.id, values["phone"])
    await candidates.set_restrictions(
        conn,
        candidate_id=record.id,
        updated_by=coach.id,
        curfew_start=time(22, 17),
        curfew_end=time(6, 43),
        reporting_weekdays=(2,),
        vog_risk=True,
    )
    vacancy_ids = [
        await make_vacancy(conn, org=agency_org, title="Heftruckchauffeur", skills=["heftruck"]),
        await make_vacancy(conn, org=agency_org, title="Orderpicker"),
    ]
    await enqueue_embedding(conn, kind="candidate", ids=[record.id])
    await enqueue_embedding(conn, kind="vacancy", ids=vacancy_ids)
    await run_jobs_until_idle(database_url, settings)  # the worker embeds

    await service.load_all()
    service.match_state.strong_score = 0.0  # every suggestion is a strong match too
    await service.match_state.refresh_stale()  # the stored suggestion list
    await service.save_indexes()
    record = await candidates.by_id(conn, candidate_id=record.id)
    shown = await for_candidate(conn, matching=service, candidate=record, coach=coach, top=5)
    assert shown.cards, "the candidate gets suggestions"

    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_ids[0])
    decided = await placements.decide(
        conn,
        coach=coach,
        candidate_id=record.id,
        vacancy=vacancy,
        decision="approve",
        reason_code="goede_match",
        note=values["review_note"],
    )
    proposal_id = decided.proposal_id
    assert proposal_id is not None
    await candidate_answers.answer(
        conn, me=me, candidate=record, proposal_id=proposal_id, answer="interested"
    )
    await consents.give(conn, me=me, candidate=record, proposal_id=proposal_id)
    await placements.transition(
        conn,
        actor=coach,
        proposal_id=proposal_id,
        from_state="candidate_interested",
        to_state="shared_with_agency",
        note=values["timeline_note"],
    )
    await placements.transition(
        conn,
        actor=agency,
        proposal_id=proposal_id,
        from_state="shared_with_agency",
        to_state="interview",
    )
    await worklist.mark_done(
        conn, coach=coach, kind="answer", object_id=proposal_id, candidate_id=record.id, version="1"
    )
    await profiles.invite(conn, coach, record, hours=72)
    await correction_requests.create(conn, candidate_id=record.id, message=values["correction"])
    await open_session(conn, user=me, settings=settings)
    email_key = values["email"].lower()
    await sessions.record_attempt(conn, email_key=email_key, client="10.1.2.3", succeeded=False)
    vector = await conn.fetchval(
        "SELECT vector FROM embeddings WHERE kind = 'candidate' AND object_id = $1", record.id
    )
    return {
        "municipality": municipality,
        "candidate_id": record.id,
        "user_id": me.id,
        "proposal_id": proposal_id,
        "vector": bytes(vector),
    }


async def _rows_about(conn, candidate_id: int, user_id: int) -> dict[str, int]:
    counts = {}
    for about, object_id in ((ABOUT, candidate_id), (ABOUT_ACCOUNT, user_id)):
        for table, where in about.items():
            sql = f"SELECT count(*) FROM {table} WHERE {where}"
            counts[table] = int(await conn.fetchval(sql, object_id))
    return counts


async def _copies_in_tables(conn, values: dict[str, str], vector: bytes) -> dict[str, int]:
    """Rows holding a canary, per table: every user table read whole as text (so every
    text, json and array column), and every bytea column searched for the canaries' bytes
    and the candidate's vector."""
    found: dict[str, int] = {}
    needles = list(values.values())
    for row in await conn.fetch(TABLES):
        table = row["name"]
        count = await conn.fetchval(
            f'SELECT count(*) FROM "{table}" t WHERE EXISTS (SELECT 1 FROM unnest($1::text[])'
            " AS n(v) WHERE t::text ILIKE '%' || n.v || '%')",
            needles,
        )
        if count:
            found[table] = found.get(table, 0) + count
    blobs = [v.encode() for v in needles] + [vector]
    for row in await conn.fetch(BYTEA_COLUMNS):
        table, column = row["table_name"], row["column_name"]
        count = await conn.fetchval(
            f'SELECT count(*) FROM "{table}" WHERE EXISTS (SELECT 1 FROM unnest($1::bytea[])'
            f' AS n(v) WHERE position(n.v IN "{column}") > 0)',
            blobs,
        )
        if count:
            found[table] = found.get(table, 0) + count
    return found


def _file_holds(path: Path, values: dict[str, str], vector: bytes) -> bool:
    data = path.read_bytes()
    return any(v.encode() in data for v in values.values()) or vector in data


def _index_file_holds(path: Path, candidate_id: int, vector: bytes) -> bool:
    """The saved index names the candidate (alive or as a tombstone) or holds a vector
    equal to theirs (within float rounding)."""
    if not path.exists():
        return False
    _meta, arrays, faiss_index = index_store.read_payload(path)
    if candidate_id in arrays["row_ids"].tolist():
        return True
    if faiss_index.ntotal == 0:
        return False
    stored = faiss_index.reconstruct_n(0, faiss_index.ntotal)
    theirs = np.frombuffer(vector, dtype="<f4")
    return bool((np.abs(stored - theirs).max(axis=1) < 1e-5).any())
