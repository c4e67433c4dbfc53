"""IVF lists trained elsewhere: an index that may not train stays exact until it adopts
lists, then only assigns its vectors to them (no k-means in this process)."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from matcher.index import VectorIndex
from matcher.index_faiss import lists_for, quantizer_bytes, quantizer_from_bytes, trained_quantizer

DIM = 32


def clustered(n: int, *, seed: int = 0, clusters: int = 40) -> np.ndarray:
    """Unit vectors around `clusters` centres, like embeddings of related texts."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, DIM))
    vectors = centres[rng.integers(0, clusters, n)] + rng.normal(0, 0.35, (n, DIM))
    vectors = vectors.astype(np.float32)
    faiss.normalize_L2(vectors)
    return vectors


def template_for(vectors: np.ndarray) -> bytes:
    return quantizer_bytes(trained_quantizer(vectors, lists_for(len(vectors))))


@pytest.fixture(scope="module")
def lists() -> dict[int, bytes]:
    """Lists trained "in the worker" (before any test forbids training): for all 3000
    vectors of `untrained_index(3000)`, and for its first 1000."""
    vectors = clustered(3000)
    return {3000: template_for(vectors), 1000: template_for(vectors[:1000])}


@pytest.fixture
def no_kmeans(monkeypatch):
    """Any k-means (or IVF training) in this process fails the test."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("IVF lists were trained in this process")

    monkeypatch.setattr(faiss.Clustering, "train", refuse)
    monkeypatch.setattr(faiss.IndexIVFScalarQuantizer, "train", refuse)


def untrained_index(n: int, *, exact_below: int = 1000) -> tuple[VectorIndex, np.ndarray]:
    vectors = clustered(n)
    index = VectorIndex(DIM, exact_below=exact_below, train_ivf=False)
    index.add(np.arange(1, n + 1), vectors)
    return index, vectors


def centroids(ivf) -> np.ndarray:
    return ivf.quantizer.reconstruct_n(0, ivf.nlist)


def test_without_lists_it_stays_exact_and_asks_for_them(no_kmeans):
    index, _ = untrained_index(3000)
    assert index.kind == "flat" and index.quantizer_wanted
    small, _ = untrained_index(500)
    assert not small.quantizer_wanted  # below exact_below: exact is the right index


def test_adopted_lists_are_assigned_to_not_trained(lists, no_kmeans):
    index, vectors = untrained_index(3000)
    data = lists[3000]
    assert index.adopt_quantizer(data) is True  # it was waiting: rebuilt at once
    assert index.kind == "ivf" and not index.quantizer_wanted
    built = index._faiss
    assert built.is_trained and built.ntotal == 3000
    np.testing.assert_array_equal(centroids(built), centroids(quantizer_from_bytes(data)))


def test_the_rebuilt_ivf_finds_the_exact_nearest_neighbour(lists, no_kmeans):
    index, vectors = untrained_index(3000)
    index.adopt_quantizer(lists[3000])
    queries = clustered(8, seed=7)
    for query in queries:
        exact = int(np.argmax(vectors @ query)) + 1
        assert index.search(query, 5)[0].id == exact


def test_compaction_keeps_its_lists_when_it_may_not_train(lists, no_kmeans):
    index, vectors = untrained_index(3000)
    index.adopt_quantizer(lists[3000])
    before = centroids(index._faiss)
    index._lists.template = None  # as after a restart from a saved IVF index
    index.remove(np.arange(1, 700))
    index.compact()
    assert index.kind == "ivf" and len(index) == 3000 - 699
    np.testing.assert_array_equal(centroids(index._faiss), before)
    assert [hit.id for hit in index.search(vectors[2999], 1)] == [3000]


def test_lists_for_half_the_size_are_stale(lists, no_kmeans):
    index, vectors = untrained_index(3000)
    index.adopt_quantizer(lists[1000])
    assert index.kind == "ivf" and index.quantizer_wanted  # made for 1000 of 3000
    assert index.adopt_quantizer(lists[3000]) is True
    assert index.nlist == lists_for(3000) and not index.quantizer_wanted


def test_an_index_that_trains_itself_still_does():
    vectors = clustered(3000)
    index = VectorIndex(DIM, exact_below=1000)
    index.add(np.arange(1, 3001), vectors)
    assert index.kind == "ivf" and not index.quantizer_wanted


def test_lists_of_another_dimension_are_refused():
    index, _ = untrained_index(100)
    with pytest.raises(ValueError, match="dimension"):
        index.adopt_quantizer(quantizer_bytes(trained_quantizer(clustered(500)[:, :16], 10)))
