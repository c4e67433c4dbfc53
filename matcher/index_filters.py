"""How wide a filtered search looks, and when an exact scan is cheaper.

Why a module of its own: these are the decisions whose numbers were measured
(bench/search.py, 2 shared cores, 384-d vectors, top-20, 25-km filter), kept apart from
the code that runs the search (index_search.py) and the state it runs on (index.py).
Every decision is a pure function of the build's shape and the filter's size:

- under a filter of selectivity s the search widens (HNSW ef/s, IVF nprobe/sqrt(s)),
  and a small allowed set is answered by brute force over just its rows: exact, and
  cheaper than a wide approximate search;
- a filter may also be a test (`Where`): on a large IVF index the search over-fetches
  k / share · OVERFETCH hits from the same lists and keeps the first k that pass.
  Listing the ~140k ids within 25 km of a point among 1M (sorted, mapped to rows,
  packed into a bitmap) took longer than the search itself; testing ~400 hits takes
  microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_FILTERED_EF = 4096  # beyond this a filtered graph walk costs more than brute force
IVF_BRUTE_FORCE_BELOW = 4096  # allowed sets this small: exact scan, well under 1 ms
# A `Where` filter over-fetches k / share · OVERFETCH hits (share = the estimated
# fraction that passes), at most MAX_OVERFETCH, before testing them.
OVERFETCH = 3.0
MAX_OVERFETCH = 4096


@dataclass(frozen=True, slots=True)
class FilterPolicy:
    """The search strategy for one build: its kind and size, and the index's widths."""

    kind: str  # 'flat', 'hnsw' or 'ivf'
    n_alive: int  # searchable vectors
    n_rows: int  # rows, tombstones included
    nlist: int  # IVF lists (0 when not IVF)
    ef_search: int
    nprobe: int
    brute_force_factor: float

    def width(self, n_candidates: int, k: int) -> int:
        """The search width for `n_candidates` allowed vectors: nprobe for IVF,
        efSearch for HNSW (unused by a flat scan)."""
        if self.kind == "ivf":
            return self.filtered_nprobe(n_candidates)
        return self.filtered_ef(n_candidates, k)

    def filtered_ef(self, n_candidates: int, k: int) -> int:
        """efSearch for a walk that may only *return* a fraction s of the nodes it visits.

        faiss's HNSW search keeps an ef-sized frontier of all nodes and reports the
        allowed ones among them, so recall drops with selectivity s = allowed / alive
        (measured at s≈0.1, 100k: ef 128 → recall 0.89, 512 → 0.97, 1024 → 0.99).
        Scaling ef by 1/s keeps ~ef allowed nodes in view; capped, because below that
        brute force is cheaper anyway.
        """
        ef = max(self.ef_search, k)
        if n_candidates >= self.n_alive:
            return ef
        return int(min(max(ef, ef * self.n_alive / n_candidates), MAX_FILTERED_EF))

    def filtered_nprobe(self, n_candidates: int) -> int:
        """IVF lists to scan. Under a filter of selectivity s the k nearest *allowed*
        vectors are about the k/s nearest overall, spread over more lists; scan
        nprobe/sqrt(s) lists (measured at 1M, s≈0.14: 32 lists → recall 0.94,
        128 → 0.98)."""
        selectivity = max(n_candidates / max(self.n_alive, 1), 1e-6)
        return int(min(self.nprobe / np.sqrt(selectivity), self.nlist))

    def prefer_brute_force(self, n_candidates: int, width: int, *, filtered: bool) -> bool:
        """Pick the cheaper strategy from the filter's selectivity.

        Brute force costs ~n_candidates gathered inner products; a filtered HNSW walk
        costs ~ef graph steps, each up to 2M inner products on scattered rows.
        Measured (bench/search.py, 2 cores): one graph step ≈ `brute_force_factor`
        (≈12) gathered inner products, so brute force wins below factor·ef candidates.
        """
        if not filtered and n_candidates == self.n_rows:
            return False  # plain, unfiltered search: faiss does it best
        if self.kind == "flat":
            return n_candidates <= self.n_rows // 2  # else: one scan with a bitmap selector
        if self.kind == "ivf":  # list scans skip non-members for ~1 ns each: cheap
            return n_candidates <= IVF_BRUTE_FORCE_BELOW
        return n_candidates <= self.brute_force_factor * width

    def overfetch(self, k: int, expected: int) -> int:
        """Hits to fetch so that about k pass a test that `expected` vectors pass."""
        share = min(1.0, expected / max(self.n_alive, 1))
        return int(np.ceil(k / share * OVERFETCH))

    def overfetch_pays(self, k: int, expected: int) -> bool:
        """Over-fetch + test beats listing the allowed ids on a large IVF index, unless
        few ids pass (then brute force over them is cheaper and exact) or the needed
        over-fetch would be too deep."""
        if self.kind != "ivf" or expected <= IVF_BRUTE_FORCE_BELOW:
            return False
        return self.overfetch(k, expected) < MAX_OVERFETCH
