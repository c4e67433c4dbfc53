"""Train on the older decisions, test on the newest, and write the evaluation report an
admin reads before accepting: ranking quality before/after and per group (the fairness
monitor's groups, groups under 5 never shown). Pure: runs in a thread of the worker."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from statistics import fmean
from typing import Any

from matcher import learning
from matcher.learning import Decision
from matcher.ranking import Weights
from web.oversight.fairness import age_band, postcode_area
from web.oversight.fairness_stats import FLAG_BELOW, MIN_GROUP, Group, groups
from web.ranker.labels import gain
from web.ranker.repositories.decisions import DecidedPair, Person

TEST_SHARE = 0.25
MIN_TRAIN_PAIRS = 100  # fewer: the hand-set weights stay, nothing is proposed
MIN_TEST_LISTS = 5  # candidates with a rankable held-out list
DIMENSIONS = {
    "age": "Leeftijd",
    "area": "Postcodegebied",
    "gender": "Geslacht (alleen als de jongere het zelf opgaf)",
}


def decisions_of(pairs: Sequence[DecidedPair]) -> list[Decision]:
    """Labels with the component values the suggestion was shown with."""
    return [
        Decision(
            group=p.candidate_id,
            at=p.decided_at.timestamp(),
            values=tuple(float(p.components.get(c, 0.0)) for c in learning.COMPONENTS),
            gain=gain(p.decision, p.reached),
        )
        for p in pairs
    ]


def train_and_report(
    pairs: Sequence[DecidedPair],
    people: Sequence[Person],
    prior: Weights,
    *,
    today: date,
    left_out: dict[str, int],
) -> tuple[Weights, dict[str, Any]] | None:
    """Learned weights and their report; None when there are too few decisions."""
    train, test = learning.split(decisions_of(pairs), test_share=TEST_SHARE)
    fitted = learning.fit(train, prior)
    before = learning.ndcg_per_group(test, prior)
    after = learning.ndcg_per_group(test, fitted.weights)
    if fitted.pairs < MIN_TRAIN_PAIRS or len(before) < MIN_TEST_LISTS:
        return None
    first = (learning.best_first(test, prior), learning.best_first(test, fitted.weights))
    report = {
        "k": learning.K,
        "test_share": TEST_SHARE,
        "train": _part(train) | {"pairs": fitted.pairs},
        "test": _part(test) | {"lists": len(before)},
        "hand_set": learning.as_weights(learning.normalised(prior)).as_dict(),
        "learned": fitted.weights.as_dict(),
        "bounds": [learning.LOW, learning.HIGH],
        **_quality(before, after, first),
        "left_out": _small_hidden(left_out),
        "groups": _fairness(people, (before, after), first, today),
    }
    return fitted.weights, report


def _quality(
    before: dict[int, float], after: dict[int, float], first: tuple[dict[int, bool], ...]
) -> dict[str, Any]:
    """Mean NDCG@k (with the paired interval of the difference) and how often the best
    decision comes first, hand-set and learned."""
    lists = sorted(before)
    gap = learning.paired_interval([before[c] for c in lists], [after[c] for c in lists])
    return {
        "ndcg": {
            "hand_set": round(fmean(before.values()), 4),
            "learned": round(fmean(after.values()), 4),
            "interval": [round(gap[0], 4), round(gap[1], 4)],
        },
        "best_first": {
            "hand_set": round(fmean(first[0].values()), 4),
            "learned": round(fmean(first[1].values()), 4),
        },
    }


def _small_hidden(left_out: dict[str, int]) -> dict[str, int | str]:
    """Counts under MIN_GROUP read "< 5": a reason such as "veiligheid" may follow from a
    young person's situation."""
    return {code: n if n >= MIN_GROUP else f"< {MIN_GROUP}" for code, n in left_out.items()}


def _part(part: Sequence[Decision]) -> dict[str, Any]:
    """Counts and period of one side of the split."""
    moments = [datetime.fromtimestamp(d.at, tz=UTC) for d in part]
    grades = {str(g): sum(1 for d in part if d.gain == g) for g in range(5)}
    return {
        "decisions": len(part),
        "candidates": len({d.group for d in part}),
        "from": min(moments).isoformat() if moments else None,
        "until": max(moments).isoformat() if moments else None,
        "gains": grades,
    }


def _fairness(
    people: Sequence[Person],
    ndcg: tuple[dict[int, float], dict[int, float]],
    first: tuple[dict[int, bool], dict[int, bool]],
    today: date,
) -> list[dict[str, Any]]:
    """Per dimension of the fairness monitor: per group of at least MIN_GROUP candidates
    with a held-out list, NDCG and "best one first" under both weightings."""
    ranked = [p for p in people if p.id in ndcg[0]]
    keys = _group_keys(today)
    stages = {
        "best_first_hand_set": lambda p: first[0].get(p.id, False),
        "best_first_learned": lambda p: first[1].get(p.id, False),
    }
    measures = {
        "ndcg_hand_set": lambda p: ndcg[0].get(p.id),
        "ndcg_learned": lambda p: ndcg[1].get(p.id),
    }
    return [
        _dimension(key, label, groups(ranked, keys[key], stages, measures))
        for key, label in DIMENSIONS.items()
    ]


def _group_keys(today: date) -> dict[str, Callable[[Person], str | None]]:
    """Per dimension of the fairness monitor, the group a person belongs to (None: not
    known)."""
    return {
        "age": lambda p: age_band(p.birth_date, today),
        "area": lambda p: postcode_area(p.postcode),
        "gender": lambda p: p.stated_gender,
    }


def _dimension(key: str, label: str, all_groups: list[Group]) -> dict[str, Any]:
    """One dimension: its groups of at least MIN_GROUP, and how many smaller ones are
    not shown."""
    return {
        "dimension": key,
        "label": label,
        "groups": [_group(g) for g in all_groups if not g.suppressed],
        "smaller_groups_not_shown": sum(1 for g in all_groups if g.suppressed),
    }


def _group(group: Group) -> dict[str, Any]:
    means = {k: None if m is None else round(m.value, 4) for k, m in group.means.items()}
    rates = {k: round(r.rate, 4) for k, r in group.rates.items()}
    flagged = {k: r.ratio is not None and r.ratio < FLAG_BELOW for k, r in group.rates.items()}
    return {"name": group.name, "size": group.size, **means, **rates, "flagged": flagged}


__all__ = ["MIN_GROUP", "train_and_report"]
