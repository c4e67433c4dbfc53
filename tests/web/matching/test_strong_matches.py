"""Strong matches: the background matcher stores a real count above a score threshold
(not the top-k cap) and since when each was first seen."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.embedding import Encoder
from tests.factories import make_candidate, make_org, make_user, make_vacancy
from web.database import create_pool
from web.matching.embedder import embed_pending
from web.matching.match_state import STRONG_CAP, strongest
from web.matching.repositories.match_state import SuggestionList
from web.matching.service import MatchingService
from web.settings import Settings

JOBS = [
    ("Heftruckchauffeur", ["heftruck rijden", "pallets laden"], "Laden en lossen."),
    ("Heftruckchauffeur nacht", ["heftruck rijden"], "Laden en lossen in het magazijn."),
    ("Orderpicker", ["orders verzamelen"], "Bestellingen verzamelen met een scanner."),
    ("Afwasser", ["afwassen"], "De keuken schoonhouden in een restaurant."),
    ("Hovenier", ["snoeien", "maaien"], "Tuinen aanleggen en onderhouden."),
    ("Kapper", ["haar knippen"], "Haar knippen in een salon."),
]


def test_strongest_keeps_the_scores_at_or_above_the_threshold_up_to_the_cap():
    found = SuggestionList(1, [10, 11, 12, 13], [0.9, 0.6, 0.59, 0.2])
    strong = strongest(found, threshold=0.6)
    assert (strong.vacancy_ids, strong.scores) == ([10, 11], [0.9, 0.6])
    many = SuggestionList(1, list(range(50)), [0.9] * 50)
    assert len(strongest(many, threshold=0.6).vacancy_ids) == STRONG_CAP


@pytest.fixture
async def service(database_url, conn, tmp_path: Path):
    org = await make_org(conn)
    coach = await make_user(conn, role="jobcoach")
    for title, skills, text in JOBS:
        await make_vacancy(conn, org=org, title=title, skills=skills, description=text)
    candidate = await make_candidate(
        conn, coach=coach, desired_work="heftruck rijden", skills=["heftruck rijden"]
    )
    pool = await create_pool(database_url)
    encoder = Encoder()
    for kind in ("vacancy", "candidate"):
        await embed_pending(pool, encoder, kind=kind)
    # No relevance floor: the kept list is about every pair that passed (issue 15's floor
    # would leave out the hairdresser; tests/web/test_coach_why_few.py tests it).
    settings = Settings(
        environment="test", data_dir=tmp_path, esco_dir=tmp_path / "none", relevance_floor=0.0
    )
    running = MatchingService(settings=settings, pool=pool)
    await running.load_all()
    yield running, candidate
    await running.stop()
    await pool.close()


async def _stored(conn, candidate_id: int):
    listed = await conn.fetchrow(
        "SELECT vacancy_ids, scores FROM candidate_match_state WHERE candidate_id = $1",
        candidate_id,
    )
    strong = await conn.fetch(
        "SELECT vacancy_id, score, first_seen_at FROM strong_matches WHERE candidate_id = $1",
        candidate_id,
    )
    return listed, {r["vacancy_id"]: r for r in strong}


async def test_the_count_is_the_pairs_above_the_threshold_not_the_list(service, conn):
    running, candidate = service
    keeper = running.match_state
    await keeper.refresh([candidate.id])
    listed, _ = await _stored(conn, candidate.id)
    scores = dict(zip(listed["vacancy_ids"], listed["scores"], strict=True))
    assert len(scores) == len(JOBS)  # the top-k list holds every vacancy that passed
    # The stored scores are float4: a hair under them, so the rounding cannot decide.
    # Unrelated jobs may share a score (semantic value 0), so count per distinct score.
    levels = sorted(set(scores.values()), reverse=True)
    above = lambda level: {v for v, s in scores.items() if s >= level}  # noqa: E731
    keeper.strong_score = levels[1] - 1e-6  # the best two scores are strong
    await keeper.refresh([candidate.id])
    _, strong = await _stored(conn, candidate.id)
    assert set(strong) == above(levels[1]) and len(strong) < len(scores)

    first_seen = {v: r["first_seen_at"] for v, r in strong.items()}
    keeper.strong_score = levels[2] - 1e-6  # the third score becomes strong too
    await keeper.refresh([candidate.id])
    _, again = await _stored(conn, candidate.id)
    assert set(again) == above(levels[2]) and len(again) > len(strong)
    assert {v: again[v]["first_seen_at"] for v in first_seen} == first_seen  # kept
    for newcomer in set(again) - set(first_seen):
        assert again[newcomer]["first_seen_at"] > max(first_seen.values())

    keeper.strong_score = 1.01  # nothing is strong any more: the rows go
    await keeper.refresh([candidate.id])
    assert (await _stored(conn, candidate.id))[1] == {}
