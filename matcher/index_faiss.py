"""FAISS building blocks of the vector index: the IVF recipe, input normalisation,
row bitmaps and OpenMP thread control.

Why a module apart from index.py: these are the small, stateless pieces whose numbers
were measured (bench/search.py); index.py keeps the search strategy and the state.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import faiss
import numpy as np


def trained_ivf(vectors: np.ndarray) -> Any:
    """IVF on inner product with vectors stored as float16: ~4·sqrt(n) lists, k-means
    on a sample of the data. A list scan reads every vector of the probed lists, so
    it is bound by memory traffic: half the bytes made the 25-km search ~15-20%
    faster at 1M at the same recall (cosines move by ~1e-4). A direct map
    (row -> list position) lets brute force reconstruct rows."""
    n, dimension = vectors.shape
    nlist = max(1, int(4 * np.sqrt(n)))
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dimension),
        dimension,
        nlist,
        faiss.ScalarQuantizer.QT_fp16,
        faiss.METRIC_INNER_PRODUCT,
        False,  # encode the vectors themselves, not their residual to the centroid
    )
    index.cp.niter = 10  # measured: enough for recall, and 1M trains in minutes
    index.cp.max_points_per_centroid = 40
    sample = np.random.default_rng(0).choice(n, min(n, 40 * nlist), replace=False)
    index.train(vectors[np.sort(sample)])
    index.set_direct_map_type(faiss.DirectMap.Array)  # type: ignore[attr-defined]
    return index


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
