"""The counterfactual check: does a copy of a candidate that differs only in name,
gender words or neighbourhood get the same suggestions?

For name and gender the answer must be "the same scores" (the texts the matcher reads
are neutral, matcher.neutral); for a neighbourhood the scores may differ, but only
through the distance (and which vacancies are within reach) — also the perspective score's
own distance part. `compare` says which.
Pure: it takes an engine and pairs of candidates and returns figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from matcher.engine import MatchEngine
from matcher.models import Candidate
from matcher.ranking import Suggestion
from matcher.retrieval import MatchResult

SAME = 1e-6  # scores are float32 products: equal within this
# What a move may change: the distance, and the perspective score through its distance part.
DISTANCE_KEYS = frozenset({"distance", "distance_weighted", "perspective", "perspective_weighted"})


@dataclass(frozen=True)
class PairCheck:
    top_changed: bool  # the set of the top suggestions differs
    max_score_change: float  # over vacancies in both lists
    unexplained: bool  # a component other than distance moved


@dataclass(frozen=True)
class VariantSummary:
    kind: str
    checked: int
    top_changed: int
    max_score_change: float
    unexplained: int


def compare(base: MatchResult, variant: MatchResult) -> PairCheck:
    before = {s.vacancy_id: s for s in base.suggestions}
    after = {s.vacancy_id: s for s in variant.suggestions}
    both = before.keys() & after.keys()
    change = max((abs(before[v].score - after[v].score) for v in both), default=0.0)
    moved = any(_moved_beyond_distance(before[v], after[v]) for v in both)
    return PairCheck(before.keys() != after.keys(), change, moved)


def _moved_beyond_distance(a: Suggestion, b: Suggestion) -> bool:
    """Anything but the distance moved: a component other than distance, or a part of
    the perspective score other than its own distance part."""
    moved = {k for k in a.breakdown if abs(a.breakdown[k] - b.breakdown.get(k, 0.0)) > SAME}
    if moved - DISTANCE_KEYS:
        return True
    return _perspective_without_distance(a) != _perspective_without_distance(b)


def _perspective_without_distance(s: Suggestion) -> dict[str, float]:
    return {c.name: c.points for c in s.perspective.components if c.name != "distance"}


def run(
    engine: MatchEngine,
    pairs: dict[str, list[tuple[Candidate, Candidate]]],
    *,
    today: date,
    top: int = 10,
) -> list[VariantSummary]:
    """Per kind ("name", "gender", "neighbourhood"): each (base, copy) matched against
    every vacancy, the top lists compared. Give the copies ids the index does not hold,
    so both sides are embedded from their own text."""
    summaries = []
    for kind, cases in pairs.items():
        checks = [
            compare(
                engine.match_vacancies(base, top=top, today=today),
                engine.match_vacancies(copy, top=top, today=today),
            )
            for base, copy in cases
        ]
        summaries.append(
            VariantSummary(
                kind,
                len(checks),
                sum(c.top_changed for c in checks),
                max((c.max_score_change for c in checks), default=0.0),
                sum(c.unexplained for c in checks),
            )
        )
    return summaries
