"""VectorIndex behaviour: ids and cosine scores, replacement, removal, filters, files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import faiss
import numpy as np
import pytest

from matcher import index as index_module
from matcher import index_store
from matcher.index import Hit, VectorIndex, Where, new_index
from matcher.index_filters import FilterPolicy
from matcher.index_search import BuildSearch

DIM = 16


def unit_vectors(n: int, *, seed: int = 0, dim: int = DIM) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


KINDS = ["flat", "hnsw", "ivf"]


def filled_index(n: int, *, kind: str = "flat", seed: int = 0) -> tuple[VectorIndex, np.ndarray]:
    """An index over ids 1000..1000+n-1 of the given kind (threshold below n if approximate)."""
    index = new_index(
        DIM,
        exact_below=100 if kind != "flat" else 10**9,
        approximate="hnsw" if kind == "flat" else kind,
        hnsw_m=16,
        ef_search=32,
        nprobe=4,
    )
    vectors = unit_vectors(n, seed=seed)
    index.add(np.arange(1000, 1000 + n, dtype=np.int64), vectors)
    assert index.kind == kind
    return index, vectors


def exact_ids(vectors: np.ndarray, query: np.ndarray, k: int, rows: np.ndarray) -> list[int]:
    scores = vectors[rows] @ query
    return [int(1000 + rows[i]) for i in np.argsort(-scores)[:k]]


def test_search_returns_database_ids_and_cosine_scores() -> None:
    index, vectors = filled_index(50)
    hits = index.search(vectors[7], 5)
    assert hits[0] == Hit(id=1007, score=pytest.approx(1.0, abs=1e-5))
    assert [h.id for h in hits] == exact_ids(vectors, vectors[7], 5, np.arange(50))
    for hit in hits:  # inner product of unit vectors = cosine
        assert hit.score == pytest.approx(float(vectors[hit.id - 1000] @ vectors[7]), abs=1e-5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_scores_are_cosine_even_for_unnormalised_input() -> None:
    index = new_index(2)
    index.add(np.array([1, 2]), np.array([[3.0, 0.0], [1.0, 1.0]], dtype=np.float32))
    hits = index.search(np.array([2.0, 0.0]), 2)
    assert [(h.id, round(h.score, 4)) for h in hits] == [(1, 1.0), (2, 0.7071)]


@pytest.mark.parametrize("kind", KINDS)
def test_re_adding_an_id_replaces_its_vector(kind: str) -> None:
    index, vectors = filled_index(300, kind=kind)
    index.add(np.array([1001]), vectors[200:201])
    assert len(index) == 300
    hits = index.search(vectors[200], 2)
    assert {h.id for h in hits} == {1001, 1200}
    tolerance = 1e-3 if kind == "ivf" else 1e-5  # IVF stores float16 vectors
    assert all(h.score == pytest.approx(1.0, abs=tolerance) for h in hits)
    old = [h for h in index.search(vectors[1], 300) if h.id == 1001]
    assert old[0].score == pytest.approx(float(vectors[200] @ vectors[1]), abs=tolerance)


def test_duplicate_ids_in_one_batch_keep_the_last_vector() -> None:
    index = new_index(DIM)
    vectors = unit_vectors(2)
    index.add(np.array([5, 5]), vectors)
    assert len(index) == 1
    assert index.search(vectors[1], 1)[0].score == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize("kind", KINDS)
def test_removed_ids_are_never_returned(kind: str) -> None:
    index, vectors = filled_index(400, kind=kind)
    gone = np.arange(1000, 1200)
    index.remove(gone)
    index.remove([999_999])  # unknown ids are ignored
    assert len(index) == 200
    for query in vectors[:20]:
        hits = index.search(query, 50)
        assert len(hits) == 50
        assert not {h.id for h in hits} & set(gone.tolist())
    assert len(index.search(vectors[0], 1000)) == 200
    assert index.search(vectors[0], 5, allowed=gone) == []


@pytest.mark.parametrize("kind", KINDS)
def test_filtered_search_returns_only_allowed_and_never_fewer(kind: str) -> None:
    index, vectors = filled_index(1500, kind=kind)
    rng = np.random.default_rng(1)
    for size in (3, 15, 40, 400, 1200, 1500):
        allowed = np.sort(rng.choice(np.arange(1000, 2500), size, replace=False))
        rows = allowed - 1000
        for query in unit_vectors(5, seed=size):
            hits = index.search(query, 20, allowed=allowed)
            assert len(hits) == min(20, size)
            assert set(h.id for h in hits) <= set(allowed.tolist())
            if size <= 40 or kind == "flat":  # exact paths
                assert [h.id for h in hits] == exact_ids(vectors, query, 20, rows)


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_very_strict_filter_on_large_approximate_index(kind: str) -> None:
    index, vectors = filled_index(5000, kind=kind)
    allowed = np.array([1003, 2500, 5999, 123_456])  # one unknown id
    hits = index.search(vectors[0], 20, allowed=allowed)
    assert sorted(h.id for h in hits) == [1003, 2500, 5999]
    index.remove([2500])
    assert sorted(h.id for h in index.search(vectors[0], 20, allowed=allowed)) == [1003, 5999]


def test_short_graph_result_falls_back_to_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    index, vectors = filled_index(2000, kind="hnsw")
    monkeypatch.setattr(FilterPolicy, "prefer_brute_force", lambda *a, **kw: False)
    monkeypatch.setattr(
        BuildSearch, "_faiss_search", lambda self, queries, *a: [[] for _ in queries]
    )
    allowed = np.arange(1000, 3000, 97)
    hits = index.search(vectors[3], 20, allowed=allowed)
    assert [h.id for h in hits] == exact_ids(vectors, vectors[3], 20, allowed - 1000)


def test_search_many_and_empty_cases() -> None:
    index, vectors = filled_index(100)
    results = index.search_many(vectors[:4], 3)
    assert [r[0].id for r in results] == [1000, 1001, 1002, 1003]
    assert index.search(vectors[0], 0) == []
    assert new_index(DIM).search(vectors[0], 5) == []
    with pytest.raises(ValueError):
        index.add(np.array([1]), unit_vectors(1, dim=DIM + 1))


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_crossing_the_threshold_switches_transparently(kind: str) -> None:
    index = new_index(DIM, exact_below=500, approximate=kind, hnsw_m=16)
    vectors = unit_vectors(800)
    index.add(np.arange(400), vectors[:400])
    assert index.kind == "flat"
    index.add(np.arange(400, 800), vectors[400:])
    assert index.kind == kind and len(index) == 800
    assert index.search(vectors[10], 1)[0].id == 10
    assert index.search(vectors[700], 1)[0].id == 700


def test_ids_are_sorted_and_track_changes() -> None:
    index = new_index(DIM)
    index.add(np.array([30, 10, 20]), unit_vectors(3))
    index.remove([20])
    index.add(np.array([5]), unit_vectors(1))
    ids = index.ids()
    assert ids.dtype == np.int64 and ids.tolist() == [5, 10, 30]


def test_build_id_changes_with_contents() -> None:
    index, vectors = filled_index(10)
    first = index.build_id
    assert first == index.build_id and first.endswith("-n10")
    index.remove([1000])
    assert index.build_id != first and index.build_id.endswith("-n9")


@pytest.mark.parametrize("kind", KINDS)
def test_save_load_roundtrip(tmp_path: Path, kind: str) -> None:
    index, vectors = filled_index(600, kind=kind)
    index.remove([1001, 1002])
    path = tmp_path / "vacancies.faiss"
    index.save(path)
    loaded = VectorIndex.load(path)
    assert loaded.kind == index.kind and loaded.build_id == index.build_id
    assert loaded.ids().tolist() == index.ids().tolist()
    allowed = np.arange(1000, 1300)
    for query in vectors[:10]:
        assert loaded.search(query, 10) == index.search(query, 10)
        assert loaded.search(query, 10, allowed=allowed) == index.search(query, 10, allowed=allowed)
    assert list(tmp_path.iterdir()) == [path]  # no temp files left behind


def test_failed_save_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index, vectors = filled_index(50)
    path = tmp_path / "vacancies.faiss"
    index.save(path)
    before = path.read_bytes()

    def crash_midway(self: VectorIndex, fh) -> None:  # type: ignore[no-untyped-def]
        fh.write(b"half an index")
        raise OSError("disk full")

    monkeypatch.setattr(index_module.VectorIndex, "_write_payload", crash_midway)
    index.add(np.array([1]), unit_vectors(1, seed=9))
    with pytest.raises(OSError, match="disk full"):
        index.save(path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]
    assert len(VectorIndex.load(path)) == 50


def test_sparse_large_ids_work_like_dense_ones() -> None:
    index = new_index(DIM)
    ids = np.array([7, 10**12, 3 * 10**15, 42_000_000], dtype=np.int64)
    vectors = unit_vectors(4)
    index.add(ids, vectors)
    hits = index.search(vectors[2], 4, allowed=np.array([7, 3 * 10**15, 5]))
    assert [h.id for h in hits][0] == 3 * 10**15 and len(hits) == 2
    index.remove([10**12])
    assert index.ids().tolist() == [7, 42_000_000, 3 * 10**15]


def where_in(allowed: np.ndarray, *, expected: int | None = None) -> Where:
    listed = np.sort(allowed)
    return Where(
        lambda ids: np.isin(ids, listed),
        lambda: listed,
        len(listed) if expected is None else expected,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_where_filter_returns_only_passing_ids_and_never_fewer(kind: str) -> None:
    index, vectors = filled_index(12_000, kind=kind)
    index.nprobe = 10_000  # IVF scans every list: the over-fetch path must then be exact
    rng = np.random.default_rng(4)
    for size in (10, 3000, 6000):  # brute force, listed, over-fetch (on IVF)
        allowed = 1000 + rng.choice(12_000, size, replace=False)
        for query in unit_vectors(5, seed=size):
            hits = index.search(query, 20, where=where_in(allowed))
            assert len(hits) == min(20, size) and {h.id for h in hits} <= set(allowed.tolist())
            exact = exact_ids(vectors, query, 20, allowed - 1000)
            exact_path = kind != "hnsw" or size == 10
            assert len({h.id for h in hits} & set(exact)) >= (len(exact) if exact_path else 12)


def test_where_overestimate_falls_back_to_the_listed_ids() -> None:
    index, vectors = filled_index(12_000, kind="ivf")
    few = np.array([1003, 4000, 12_500])  # expected says 8000 pass; 3 do
    hits = index.search(vectors[0], 20, where=where_in(few, expected=8000))
    assert sorted(h.id for h in hits) == [1003, 4000, 12_500]
    index.remove([4000])
    hits = index.search(vectors[0], 20, where=where_in(few, expected=8000))
    assert sorted(h.id for h in hits) == [1003, 12_500]


def test_where_over_fetch_tests_hits_instead_of_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    index, vectors = filled_index(12_000, kind="ivf")
    allowed = np.arange(1000, 13_000, 2)
    listed: list[int] = []
    where = Where(lambda ids: ids % 2 == 0, lambda: listed.append(1) or allowed, len(allowed))
    hits = index.search(vectors[0], 20, where=where)
    assert len(hits) == 20 and all(h.id % 2 == 0 for h in hits) and listed == []
    with pytest.raises(ValueError, match="not both"):
        index.search(vectors[0], 20, allowed=allowed, where=where)


def hashes_of(ids: np.ndarray) -> list[str]:
    return [hashlib.sha256(str(i).encode()).hexdigest() for i in ids.tolist()]


@pytest.mark.parametrize("kind", KINDS)
def test_vectors_come_back_from_the_index(kind: str) -> None:
    index, vectors = filled_index(600, kind=kind)
    tolerance = 1e-3 if kind == "ivf" else 1e-6
    assert np.allclose(index.vectors([1005, 1599]), vectors[[5, 599]], atol=tolerance)
    index.remove([1005])
    with pytest.raises(KeyError):
        index.vectors([1005])


def test_text_hashes_follow_adds_replacements_and_removals() -> None:
    index = new_index(DIM)
    ids = np.array([3, 1, 2])
    index.add(ids, unit_vectors(3), text_hashes=hashes_of(ids))
    index.add(np.array([4]), unit_vectors(1))  # no hash known: all zero
    index.add(np.array([1]), unit_vectors(1, seed=5), text_hashes=hashes_of(np.array([11])))
    index.remove([2])
    assert index.text_hashes() == {
        1: hashes_of(np.array([11]))[0],
        3: hashes_of(np.array([3]))[0],
        4: "0" * 64,
    }
    assert not index.digests([2, 99]).any()


@pytest.mark.parametrize("kind", KINDS)
def test_checksum_depends_on_contents_not_on_history(kind: str) -> None:
    ids = np.arange(1000, 1600)
    vectors = unit_vectors(600)
    one, _ = filled_index(600, kind=kind)
    one.set_text_hashes(ids, hashes_of(ids))
    other = new_index(
        DIM,
        exact_below=100 if kind != "flat" else 10**9,
        approximate="hnsw" if kind == "flat" else kind,
    )
    order = np.random.default_rng(3).permutation(600)
    other.add(ids[order], vectors[order], text_hashes=hashes_of(ids[order]))
    other.add(np.array([77]), unit_vectors(1))
    other.remove([77])
    assert one.checksum() == other.checksum()
    other.set_text_hashes([1000], hashes_of(np.array([5])))
    assert one.checksum() != other.checksum()


@pytest.mark.parametrize("kind", KINDS)
def test_save_load_keeps_text_hashes_and_checksum(tmp_path: Path, kind: str) -> None:
    index, vectors = filled_index(600, kind=kind)
    ids = np.arange(1000, 1600)
    index.set_text_hashes(ids, hashes_of(ids))
    index.remove([1001])
    path = tmp_path / "v.index"
    index.save(path)
    loaded = VectorIndex.load(path)
    assert loaded.text_hashes() == index.text_hashes() and loaded.checksum() == index.checksum()
    loaded.add(np.array([5000]), vectors[:1], text_hashes=hashes_of(np.array([5000])))
    assert loaded.search(vectors[0], 1)[0].score == pytest.approx(1.0, abs=1e-3)


def test_format_1_files_still_load(tmp_path: Path) -> None:
    index, vectors = filled_index(50)
    path = tmp_path / "old.index"
    meta = {"format": 1, "build_id": "b1", **{n: getattr(index, n) for n in index_store.SETTINGS}}
    with open(path, "wb") as fh:
        np.savez(
            fh,
            meta=np.array(json.dumps(meta)),
            row_ids=np.arange(1000, 1050),
            alive=np.ones(50, dtype=bool),
            faiss=faiss.serialize_index(index._faiss),
        )
    loaded = VectorIndex.load(path)
    assert loaded.ids().tolist() == list(range(1000, 1050)) and loaded.build_id == "b1"
    assert loaded.search(vectors[3], 1)[0].id == 1003 and not loaded.digests([1003]).any()
