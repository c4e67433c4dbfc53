"""FAISS building blocks of the vector index: the IVF recipe (training its lists, and
building from lists trained elsewhere), what kind a build is and how to read its
vectors back, search parameters, input normalisation, row bitmaps and OpenMP thread
control.

Why a module apart from index.py: these are the small, stateless pieces whose numbers
were measured (bench/search.py); index.py keeps the state, index_filters.py the search
strategy, index_search.py runs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import faiss
import numpy as np

# IVF recipe (bench/search.py): ~4·sqrt(n) lists, spherical k-means on POINTS_PER_LIST
# vectors per list for NITER iterations (measured: enough for recall, 1M trains in minutes).
NITER = 10
POINTS_PER_LIST = 40


def lists_for(n: int) -> int:
    """Number of IVF lists for n vectors: ~4·sqrt(n)."""
    return max(1, int(4 * np.sqrt(n)))


def size_for_lists(nlist: int) -> int:
    """The number of vectors `nlist` lists suit (the inverse of `lists_for`)."""
    return int((nlist / 4) ** 2)


def sample_size(n: int) -> int:
    """How many of n vectors the k-means for `lists_for(n)` lists needs."""
    return min(n, POINTS_PER_LIST * lists_for(n))


def trained_ivf(vectors: np.ndarray) -> Any:
    """An empty IVF for these vectors, trained here on a sample of them (see
    `trained_quantizer`); ready to `add` them."""
    n = len(vectors)
    sample = np.random.default_rng(0).choice(n, sample_size(n), replace=False)
    return ivf_from_template(trained_quantizer(vectors[np.sort(sample)], lists_for(n)))


def trained_quantizer(
    sample: np.ndarray, nlist: int, *, on_iteration: Callable[[int, int], None] | None = None
) -> Any:
    """Trained, empty IVF lists ("template"): `nlist` spherical k-means centroids of the
    unit vectors in `sample`, inner product, vectors stored as float16.

    A list scan reads every vector of the probed lists, so it is bound by memory
    traffic: half the bytes made the 25-km search ~15-20% faster at 1M at the same
    recall (cosines move by ~1e-4). The k-means runs one iteration per call, each
    continuing from the previous centroids, so `on_iteration(done, NITER)` can report
    progress; this is the only expensive step of an IVF build."""
    sample = np.ascontiguousarray(sample, dtype=np.float32)
    dimension = sample.shape[1]
    params = faiss.ClusteringParameters()
    params.niter = 1
    params.spherical = True  # centroids renormalised: inner product stays a cosine
    params.max_points_per_centroid = POINTS_PER_LIST
    params.min_points_per_centroid = 1  # a small index has few per list; faiss would warn each call
    clustering = faiss.Clustering(dimension, nlist, params)
    centroids = faiss.IndexFlatIP(dimension)
    for done in range(1, NITER + 1):
        clustering.train(sample, centroids)  # given centroids are the starting point
        if on_iteration is not None:
            on_iteration(done, NITER)
    template = _empty_ivf(centroids, dimension, nlist)
    template.train(sample)  # the quantizer is complete: only the fp16 coder (no k-means)
    return template


def _empty_ivf(centroids: Any, dimension: int, nlist: int) -> Any:
    return faiss.IndexIVFScalarQuantizer(
        centroids,
        dimension,
        nlist,
        faiss.ScalarQuantizer.QT_fp16,
        faiss.METRIC_INNER_PRODUCT,
        False,  # encode the vectors themselves, not their residual to the centroid
    )


def ivf_from_template(template: Any) -> Any:
    """A new, empty IVF with the template's trained lists: adding vectors to it only
    assigns each to its nearest centroid. A direct map (row -> list position) lets
    brute force reconstruct rows."""
    index = faiss.clone_index(template)
    index.reset()
    index.set_direct_map_type(faiss.DirectMap.Array)  # type: ignore[attr-defined]
    return index


def empty_lists(ivf: Any) -> Any:
    """The trained lists of an IVF index, without its vectors (a template)."""
    centroids = faiss.IndexFlatIP(ivf.d)
    centroids.add(ivf.quantizer.reconstruct_n(0, ivf.nlist))
    template = _empty_ivf(centroids, ivf.d, ivf.nlist)
    template.sq = ivf.sq  # the trained coder, copied: with the centroids, all training holds
    template.is_trained = True
    return template


def quantizer_bytes(template: Any) -> bytes:
    """A template as bytes (faiss.serialize_index), to store and hand to another process."""
    return bytes(faiss.serialize_index(template))


def quantizer_from_bytes(data: bytes, dimension: int | None = None) -> Any:
    """A template from `quantizer_bytes`; ValueError when it is not trained, empty IVF
    lists (of `dimension` when given)."""
    template = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))
    if not isinstance(template, faiss.IndexIVF) or not template.is_trained or template.ntotal:
        raise ValueError("not a trained, empty IVF index")
    if dimension is not None and template.d != dimension:
        raise ValueError(f"IVF lists of dimension {template.d}, expected {dimension}")
    return template


def empty_hnsw(dimension: int, m: int, ef_construction: int) -> Any:
    """An empty HNSW graph over inner product (= cosine on unit vectors), M=`m`."""
    index = faiss.IndexHNSWFlat(dimension, m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    return index


def memory_bytes(build: Any, n_rows: int) -> int:
    """Approximate memory of an index of n_rows rows, in bytes: vectors (float32, or
    IVF codes), HNSW links, and per row an id (8), alive flag (1) and text digest (32)."""
    per_row = 8 + 1 + 32
    kind = kind_of(build)
    if kind == "ivf":  # list ids + direct map + centroids
        extra = n_rows * 16 + build.nlist * build.d * 4
        return n_rows * (build.code_size + per_row) + int(extra)
    links = build.hnsw.neighbors.size() * 4 if kind == "hnsw" else 0  # graph links, int32
    return n_rows * (build.d * 4 + per_row) + int(links)


def kind_of(build: Any) -> str:
    """'flat' (exact), 'hnsw' or 'ivf' (approximate): the kind of a faiss index."""
    if isinstance(build, faiss.IndexHNSW):
        return "hnsw"
    return "ivf" if isinstance(build, faiss.IndexIVF) else "flat"


def stored_vectors(build: Any, rows: np.ndarray) -> np.ndarray:
    """(len(rows), d) float32 copy of the vectors a faiss index stores at these rows
    (IVF: decoded from float16, within ~1e-3)."""
    if kind_of(build) == "ivf":  # vectors live in the inverted lists; the direct map finds them
        return build.reconstruct_batch(rows)
    return _matrix(build)[rows]


def _matrix(build: Any) -> np.ndarray:
    """A flat or HNSW index's own float32 vectors as an (n_rows, d) view (no copy)."""
    flat: Any = build if kind_of(build) == "flat" else faiss.downcast_index(build.storage)
    n, dimension = flat.ntotal, flat.d
    if n == 0:
        return np.empty((0, dimension), dtype=np.float32)
    return faiss.rev_swig_ptr(flat.get_xb(), n * dimension).reshape(n, dimension)


def search_params(kind: str, selector: Any, width: int) -> Any:
    """Search parameters of a build of this kind; `width` is efSearch for HNSW, nprobe
    for IVF; `selector` (or None) restricts the rows a search may return."""
    params: Any
    if kind == "hnsw":
        params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
        params.efSearch = width
    elif kind == "ivf":
        params = faiss.SearchParametersIVF()
        params.nprobe = width
    else:
        params = faiss.SearchParameters()
    if selector is not None:
        params.sel = selector
    return params


def as_ids(ids: np.ndarray | Iterable[int]) -> np.ndarray:
    if not isinstance(ids, np.ndarray):
        ids = np.fromiter(ids, dtype=np.int64)
    return np.ascontiguousarray(ids, dtype=np.int64).reshape(-1)


def normalised(vectors: np.ndarray, dimension: int) -> np.ndarray:
    """(n, d) C-contiguous float32 copy scaled to unit length, so inner product = cosine."""
    matrix = np.array(vectors, dtype=np.float32, ndmin=2, copy=True, order="C")
    if matrix.ndim != 2 or matrix.shape[1] != dimension:
        raise ValueError(f"expected (n, {dimension}) vectors, got {matrix.shape}")
    faiss.normalize_L2(matrix)
    return matrix


def bitmap(rows: np.ndarray, n_rows: int) -> np.ndarray:
    """Packed little-endian bitmap with the given rows set (what IDSelectorBitmap reads)."""
    mask = np.zeros(n_rows, dtype=bool)
    mask[rows] = True
    return np.packbits(mask, bitorder="little")


@contextmanager
def omp_threads(n: int) -> Iterator[None]:
    """Run faiss with n OpenMP threads (0 = unchanged). One query uses one thread:
    a parallel region for a single query only adds barrier waits, which on a busy
    machine (other processes on the cores) cost whole scheduler slices (~10-20 ms)."""
    if n <= 0:
        yield
        return
    previous = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(n)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)
