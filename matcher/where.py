"""A filter given as a membership test instead of a list of ids.

Why its own module: the engine builds these filters from the spatial grid and the
open-vacancy table, and the vector index applies them; both sides import it from
here, so neither depends on the other's module.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Where:
    """A filter given as a membership test instead of a list of ids.

    Listing "every vacancy within 25 km" at 1M vectors (~140k ids, sorted) costs more
    than the vector search itself; testing the few hundred ids an approximate search
    returns costs microseconds. The index over-fetches from the lists it scans, keeps
    the hits that pass, and only lists the ids (`ids()`) when it must: small expected
    sets (brute force is cheaper), exact indexes, or a result that came up short.

    `test(ids) -> bool mask`; `ids() -> sorted ids that pass`; `expected`: an estimate
    of how many ids pass, which sizes the over-fetch.
    """

    test: Callable[[np.ndarray], np.ndarray]
    ids: Callable[[], np.ndarray]
    expected: int


def excluding(where: Where, excluded: Collection[int]) -> Where:
    """`where` without the ids in `excluded` (e.g. vacancies a coach already decided on,
    so they neither take a place in the list nor make the search widen)."""
    if not excluded:
        return where
    out = np.fromiter(excluded, dtype=np.int64, count=len(excluded))
    return Where(
        test=lambda ids: where.test(ids) & ~np.isin(ids, out),
        ids=lambda: np.setdiff1d(where.ids(), out),
        expected=max(0, where.expected - len(out)),
    )
