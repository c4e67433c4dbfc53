"""An engine changed one item at a time answers exactly like one built from scratch.

Random interleavings of add / replace / remove / close / move / re-date (with searches
in between, so lazily kept state is exercised), then every filter, every search and the
index contents are compared with a fresh engine over the final state; also after a
save, load and restore. A hash-seeded encoder keeps this fast (no model)."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.embedding import text_hash
from matcher.engine import MatchEngine
from matcher.index import VectorIndex
from matcher.models import Candidate, Location, Vacancy
from matcher.texts import vacancy_text

DIM = 16
TODAY = date(2026, 3, 1)
WORDS = ["heftruck", "kok", "magazijn", "schoonmaak", "kapper", "monteur", "zorg", "kassa"]


class HashEncoder:
    """Deterministic unit vectors seeded by the text: same text, same vector."""

    model_name = "hash-encoder"

    def __init__(self) -> None:
        self.encoded = 0

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        self.encoded += len(texts)
        rows = [_seeded_vector(t) for t in texts]
        return np.array(rows, dtype=np.float32).reshape(len(texts), DIM)


def _seeded_vector(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(DIM)
    return vector / np.linalg.norm(vector)


def random_vacancy(rng: np.random.Generator, vacancy_id: int) -> Vacancy:
    place = rng.random()
    if place < 0.85:
        location = Location(lat=float(rng.uniform(51.5, 52.6)), lon=float(rng.uniform(4.3, 6.0)))
    else:  # no place we can resolve: stays in every distance filter
        location = Location(postcode="9999")
    closing = None if rng.random() < 0.5 else TODAY + timedelta(days=int(rng.integers(-30, 30)))
    return Vacancy(
        id=vacancy_id,
        title=" ".join(rng.choice(WORDS, 2)),
        description=f"omschrijving {rng.integers(0, 40)}",
        location=location,
        status="open" if rng.random() < 0.85 else "closed",
        closing_date=closing,
    )


def random_candidate(rng: np.random.Generator, candidate_id: int) -> Candidate:
    reach = [None, 5.0, 25.0, 80.0][int(rng.integers(0, 4))]
    return Candidate(
        id=candidate_id,
        desired_work=" ".join(rng.choice(WORDS, 2)),
        location=Location(lat=float(rng.uniform(51.6, 52.5)), lon=float(rng.uniform(4.4, 5.9))),
        max_travel_km=reach,
    )


def mutate(
    engine: MatchEngine, rng: np.random.Generator, state: dict[int, Vacancy], ids: list[int]
) -> None:
    """One random change, applied to the engine and mirrored in `state`."""
    op = rng.choice(["add", "replace", "remove", "close", "move", "redate", "same"])
    picked = [int(i) for i in rng.choice(ids, int(rng.integers(1, 4)))]
    if op == "remove":
        engine.remove_vacancies([*picked, 10**18])  # plus an unknown id
        for i in picked:
            state.pop(i, None)
        return
    batch = []
    for i in picked:
        old = state.get(i) or random_vacancy(rng, i)
        if op in ("add", "replace"):
            new = random_vacancy(rng, i)
        elif op == "close":
            new = _with(old, status="closed")
        elif op == "move":
            new = _with(old, location=random_vacancy(rng, i).location)
        elif op == "redate":
            new = _with(
                old, status="open", closing_date=TODAY + timedelta(days=int(rng.integers(-3, 3)))
            )
        else:
            new = old
        batch.append(new)
        state[i] = new
    given = rng.random() < 0.5  # the web service passes stored vectors
    vectors = engine.encoder.encode([vacancy_text(v) for v in batch]) if given else None
    engine.index_vacancies(batch, vectors=vectors)


def _with(vacancy: Vacancy, **changes: Any) -> Vacancy:
    values = {name: getattr(vacancy, name) for name in Vacancy.__slots__}  # type: ignore[attr-defined]
    return Vacancy(**{**values, **changes})


def fresh_engine(state: dict[int, Vacancy], options: dict[str, Any]) -> MatchEngine:
    engine = MatchEngine(HashEncoder(), index_options=options)  # type: ignore[arg-type]
    engine.index_vacancies([state[i] for i in sorted(state)])
    return engine


def assert_same_answers(
    engine: MatchEngine, fresh: MatchEngine, probe: np.ndarray, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    assert set(engine.vacancies) == set(fresh.vacancies)
    index, fresh_index = engine.index_for("vacancy"), fresh.index_for("vacancy")
    assert index is not None and fresh_index is not None
    assert index.ids().tolist() == fresh_index.ids().tolist() == sorted(fresh.vacancies)
    assert index.checksum() == fresh_index.checksum()
    assert engine.text_hashes("vacancy") == fresh.text_hashes("vacancy")
    hashes = {i: text_hash(vacancy_text(v)) for i, v in fresh.vacancies.items()}
    assert fresh.text_hashes("vacancy") == hashes
    for n in range(12):
        candidate = random_candidate(rng, 900_000 + n)
        day = TODAY + timedelta(days=int(rng.integers(-5, 5)))
        where, fresh_where = (
            engine.vacancy_where(candidate, today=day),
            fresh.vacancy_where(candidate, today=day),
        )
        listed = where.ids()
        assert listed.tolist() == fresh_where.ids().tolist()
        assert probe[where.test(probe)].tolist() == probe[fresh_where.test(probe)].tolist()
        assert probe[where.test(probe)].tolist() == np.intersect1d(probe, listed).tolist()
        result = engine.match_vacancies(candidate, top=10, today=day, retrieve=15)
        expected = fresh.match_vacancies(candidate, top=10, today=day, retrieve=15)
        assert _pairs(result.suggestions) == _pairs(expected.suggestions)
        assert sorted(r.vacancy_id for r in result.rejections) == sorted(
            r.vacancy_id for r in expected.rejections
        )


def _pairs(suggestions: list[Any]) -> list[tuple[int, float]]:
    return [(s.vacancy_id, round(s.score, 5)) for s in suggestions]


@pytest.mark.parametrize(
    ("n", "scale", "options"),
    [
        (400, 1, {}),  # exact index, dense ids
        (400, 10**12, {}),  # exact index, sparse ids (binary-search fallback)
        # IVF scanning every list (so it is exact) with over-fetch and tombstones
        (6000, 1, {"exact_below": 1000, "nprobe": 100_000, "compact_fraction": 0.9}),
    ],
)
def test_incremental_changes_answer_like_a_fresh_build(
    n: int, scale: int, options: dict[str, Any], tmp_path: Path
) -> None:
    rng = np.random.default_rng(n + scale)
    ids = [scale * i for i in range(1, int(n * 1.3))]
    state = {i: random_vacancy(rng, i) for i in ids[:n]}
    engine = MatchEngine(HashEncoder(), index_options=options)  # type: ignore[arg-type]
    engine.index_vacancies(list(state.values()))
    engine.index_candidates([random_candidate(rng, 1)])
    for step in range(300):
        mutate(engine, rng, state, ids)
        if step % 25 == 0:  # searches in between: nothing may go stale
            engine.match_vacancies(random_candidate(rng, 2), top=5, today=TODAY)
    probe = np.array([*ids, -1, 0, 10**18], dtype=np.int64)
    fresh = fresh_engine(state, options)
    assert_same_answers(engine, fresh, probe, seed=n)
    # A restart: save, load, restore with the same vacancies; nothing is embedded.
    path = tmp_path / "vacancy.index"
    index = engine.index_for("vacancy")
    assert index is not None
    checksum = index.checksum()
    index.save(path)
    restarted = MatchEngine(HashEncoder(), index_options=options)  # type: ignore[arg-type]
    missing = restarted.restore_vacancies(list(state.values()), VectorIndex.load(path))
    assert missing.tolist() == [] and restarted.encoder.encoded == 0  # type: ignore[attr-defined]
    assert restarted.index_for("vacancy").checksum() == checksum  # type: ignore[union-attr]
    assert_same_answers(restarted, fresh, probe, seed=n + 1)


def test_restore_reports_what_the_index_lacks_and_drops_what_is_gone(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    vacancies = [random_vacancy(rng, i) for i in range(1, 51)]
    engine = MatchEngine(HashEncoder())  # type: ignore[arg-type]
    engine.index_vacancies(vacancies[:40])
    index = engine.index_for("vacancy")
    assert index is not None
    index.save(tmp_path / "v.index")
    restarted = MatchEngine(HashEncoder())  # type: ignore[arg-type]
    changed = {7: "ab" * 32}  # the database says vacancy 7's text changed meanwhile
    now = vacancies[5:]  # 1-5 were deleted while the service was down; 41-50 are new
    missing = restarted.restore_vacancies(now, VectorIndex.load(tmp_path / "v.index"), changed)
    assert missing.tolist() == list(range(41, 51))
    assert sorted(restarted.text_hashes("vacancy")) == list(range(6, 41))
    assert restarted.text_hashes("vacancy")[7] == "ab" * 32
    restarted.index_vacancies([v for v in now if v.id in set(missing.tolist()) | {7}])
    assert restarted.encoder.encoded == 11  # type: ignore[attr-defined]
    assert_same_answers(restarted, fresh_engine({v.id: v for v in now}, {}), np.arange(60), seed=3)
