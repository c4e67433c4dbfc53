"""Benchmark: the engine thread's cost of an IVF compaction, trained here or by a worker.

Why: an IVF index needs lists (k-means centroids). Before, the web process trained them
itself whenever an index crossed `exact_below` or was compacted, in its engine thread,
while coaches' pages waited behind it. Now a worker trains them (job `ivf_train`) and
the web process only assigns its vectors to the lists. This script builds an IVF index
of N synthetic unit vectors (clustered, 384-d), removes a share of them, and times
`compact()`:

- old way: `train_ivf=True`, no lists adopted: k-means in the engine thread, then assign;
- new way: `train_ivf=False` with lists a worker trained (`trained_quantizer`, the
  function the worker job runs) adopted: assign only;
- the worker's training itself, for reference (spent in the worker process).

For each: CPU seconds of the process during the call (the engine thread and the
OpenMP threads faiss starts for it), CPU seconds of the calling thread alone, and wall
seconds (how long the engine thread is busy: pages wait that long).

    .venv/bin/python bench/ivf_train.py --size 200000
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import faiss
import numpy as np

from matcher.index import VectorIndex
from matcher.index_faiss import lists_for, quantizer_bytes, sample_size, trained_quantizer


def synthetic(n: int, dimension: int, seed: int) -> np.ndarray:
    """Unit vectors around n/100 centres (embeddings of related job texts cluster)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(1, n // 100), dimension)).astype(np.float32)
    vectors = np.empty((n, dimension), dtype=np.float32)
    for start in range(0, n, 50_000):  # in chunks: no second N x d float64 array
        stop = min(n, start + 50_000)
        noise = rng.normal(0, 0.6, (stop - start, dimension)).astype(np.float32)
        vectors[start:stop] = centres[rng.integers(0, len(centres), stop - start)] + noise
    faiss.normalize_L2(vectors)
    return vectors


def timed(call: Callable[[], Any]) -> tuple[Any, float, float, float]:
    """(result, process CPU s, this thread's CPU s, wall s) of one call."""
    cpu, thread, wall = time.process_time(), time.thread_time(), time.perf_counter()
    result = call()
    return (
        result,
        time.process_time() - cpu,
        time.thread_time() - thread,
        time.perf_counter() - wall,
    )


def ivf_index(vectors: np.ndarray, *, train_ivf: bool, lists: bytes, removed: float) -> VectorIndex:
    """An IVF index over the vectors (built on `lists`, untimed), a share removed."""
    n, dimension = vectors.shape
    index = VectorIndex(dimension, exact_below=min(50_000, n // 2), train_ivf=train_ivf)
    index.adopt_quantizer(lists)
    index.add(np.arange(1, n + 1), vectors)
    index._lists.template = None  # as if nothing was adopted: the old way's starting point
    index.remove(np.arange(1, int(n * removed) + 1))
    return index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--dimension", type=int, default=384)
    parser.add_argument("--removed", type=float, default=0.2, help="share removed first")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    n = args.size
    vectors = synthetic(n, args.dimension, args.seed)
    alive = vectors[int(n * args.removed) :]
    print(f"{n:,} vectors, {args.dimension}-d, {args.removed:.0%} removed before compaction; "
          f"faiss threads {faiss.omp_get_max_threads()}")  # fmt: skip

    rng = np.random.default_rng(0)
    pick = np.sort(rng.choice(len(alive), sample_size(len(alive)), replace=False))
    nlist = lists_for(len(alive))
    worker, *worker_cpu = timed(lambda: quantizer_bytes(trained_quantizer(alive[pick], nlist)))
    first_lists = quantizer_bytes(trained_quantizer(vectors[pick], lists_for(n)))

    old = ivf_index(vectors, train_ivf=True, lists=first_lists, removed=args.removed)
    _, *old_cpu = timed(old.compact)
    assert old.kind == "ivf" and len(old) == len(alive)
    del old

    new = ivf_index(vectors, train_ivf=False, lists=first_lists, removed=args.removed)
    new._lists.adopt(worker)  # what the web process does with the worker's lists
    _, *new_cpu = timed(new.compact)
    assert new.kind == "ivf" and len(new) == len(alive)

    print(f"{'compaction of ' + format(len(alive), ',') + ' vectors':<44}"
          f"{'process CPU s':>14}{'thread CPU s':>14}{'wall s':>9}")  # fmt: skip
    rows = [
        ("old: k-means + assign, in the engine thread", old_cpu),
        ("new: assign to worker-trained lists", new_cpu),
        (f"worker: k-means, {len(pick):,} vectors, {nlist} lists", worker_cpu),
    ]
    for label, (cpu, thread, wall) in rows:
        print(f"{label:<44}{cpu:>14.2f}{thread:>14.2f}{wall:>9.2f}")
    print(f"engine-thread CPU saved per compaction: {old_cpu[0] - new_cpu[0]:.2f} s "
          f"({old_cpu[0] / max(new_cpu[0], 1e-9):.1f}x less)")  # fmt: skip


if __name__ == "__main__":
    main()
