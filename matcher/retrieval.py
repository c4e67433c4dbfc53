"""Retrieve, score, widen: turning nearest neighbours into a ranked top.

Why a module of its own: the engine knows the two directions (which index, which
filter, how to score a pair); the loop that asks the index for the nearest allowed
items, scores each once and widens until enough pairs pass is the same for both.
The final order is by ranking score within the retrieved set: an item far down the
cosine order is never scored, so `retrieve` trades speed for recall. Pairs under the
relevance floor come back as rejections (ranking.below_floor); widening stops once a
whole ring is under it, and `reason_counts` says why the list is short.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from matcher.index import Hit, VectorIndex
from matcher.ranking import RELEVANCE, Rejection, Suggestion
from matcher.where import Where

log = logging.getLogger(__name__)
WIDEN_FACTOR = 4  # retrieval grows by this factor while too few pairs pass


@dataclass(slots=True)
class MatchResult:
    """Suggestions (best first, at most `top`) and the retrieved pairs that failed."""

    suggestions: list[Suggestion]
    rejections: list[Rejection] = field(default_factory=list)
    retrieved: int = 0  # how many nearest neighbours were scored
    allowed: int = 0  # estimated number of items that passed the pre-filter
    # Of a short list: items as close in content as the scored ones that the travel
    # pre-filter left out (never retrieved, so not among the rejections).
    beyond_reach: int = 0

    def reason_counts(self) -> dict[str, int]:
        """Why the retrieved pairs that are not suggested fell out, per constraint name
        ("relevance": under the floor, "travel", "hours", "wage", …), most first. A pair
        counts once, under its first failed reason anyone may see ("restricted" when only
        a coach-only condition failed). "travel" also counts `beyond_reach`."""
        counts: dict[str, int] = {"travel": self.beyond_reach} if self.beyond_reach else {}
        for r in self.rejections:
            name = first_failure(r)
            counts[name] = counts.get(name, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def first_failure(rejection: Rejection) -> str:
    """The name of a rejection's first failed, non-restricted constraint."""
    failed = [c for c in rejection.constraints if not c.passed]
    return next((c.name for c in failed if not c.restricted), "restricted")


def retrieve_scored(
    index: VectorIndex,
    vector: np.ndarray,
    allowed: Where,
    score: Callable[[int, float], Suggestion | Rejection],
    top: int,
    retrieve: int,
    model: str,
) -> MatchResult:
    """Score the `retrieve` nearest allowed items (`score(id, cosine)`); widen k
    (×WIDEN_FACTOR) until `top` pass or none are left. Suggestions carry the embedding
    `model` and the index build."""
    scored: dict[int, Suggestion | Rejection] = {}
    k = max(retrieve, top)
    while True:
        # The index returns min(k, number allowed): a short answer means "no more".
        hits = index.search(vector, k, where=allowed)
        ring = _score_new(hits, scored, score)
        passed = [s for s in scored.values() if isinstance(s, Suggestion)]
        if len(passed) >= top or len(hits) < k or _only_under_floor(ring):
            break
        k *= WIDEN_FACTOR
    passed.sort(key=lambda s: (-s.score, s.vacancy_id, s.candidate_id))
    suggestions = [replace(s, model=model, index_build=index.build_id) for s in passed[:top]]
    rejections = [s for s in scored.values() if isinstance(s, Rejection)]
    return MatchResult(suggestions, rejections, len(scored), allowed.expected)


def _score_new(
    hits: list[Hit],
    scored: dict[int, Suggestion | Rejection],
    score: Callable[[int, float], Suggestion | Rejection],
) -> list[Suggestion | Rejection]:
    """Score the hits not scored before, into `scored`; returns this widening's ring."""
    ring: list[Suggestion | Rejection] = []
    for hit in hits:
        if hit.id not in scored:
            found = _scored_or_none(score, hit.id, hit.score)
            if found is not None:
                scored[hit.id] = found
                ring.append(found)
    return ring


def _only_under_floor(ring: list[Suggestion | Rejection]) -> bool:
    """Nothing in the last widening passed, and some fell under the relevance floor:
    further out in cosine order only gets further from the wished work, so stop (else
    a candidate with few good matches would score the whole index)."""
    if any(isinstance(s, Suggestion) for s in ring):
        return False
    return any(first_failure(s) == RELEVANCE for s in ring if isinstance(s, Rejection))


def _scored_or_none(
    score: Callable[[int, float], Suggestion | Rejection], item_id: int, cosine: float
) -> Suggestion | Rejection | None:
    """Scoring is meant to be total over stored data; should one odd record still
    break it, that pair is skipped and logged instead of failing the whole page."""
    try:
        return score(item_id, cosine)
    except Exception:
        log.exception("could not score item %s; skipped", item_id)
        return None
