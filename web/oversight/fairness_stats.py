"""The statistics of the fairness monitor, pure: rates per group with a Wilson interval,
the ratio to the best-off group with a Katz interval, and small groups suppressed.

A ratio below 0.8 (the "four-fifths" rule of thumb) is flagged; whether its interval
stays below 1 says if the difference is more than chance at this size."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from statistics import fmean, stdev
from typing import TypeVar

Z = 1.96  # 95%
MIN_GROUP = 5  # smaller groups are shown as "< 5" and never compared
FLAG_BELOW = 0.8

T = TypeVar("T")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Rate:
    count: int
    total: int
    rate: float
    interval: Interval
    ratio: float | None = None  # to the best-off group's rate
    ratio_interval: Interval | None = None

    @property
    def flagged(self) -> bool:
        return self.ratio is not None and self.ratio < FLAG_BELOW

    @property
    def clearly_lower(self) -> bool:
        """The ratio's whole interval is below 1: more than chance at this size."""
        return self.ratio_interval is not None and self.ratio_interval.high < 1


@dataclass(frozen=True)
class Mean:
    value: float
    interval: Interval
    n: int


@dataclass(frozen=True)
class Group:
    name: str
    size: int
    suppressed: bool
    rates: dict[str, Rate]  # empty when suppressed
    means: dict[str, Mean | None]


def wilson(count: int, total: int) -> Interval:
    if total == 0:
        return Interval(0.0, 1.0)
    p = count / total
    denominator = 1 + Z**2 / total
    centre = (p + Z**2 / (2 * total)) / denominator
    half = Z * math.sqrt(p * (1 - p) / total + Z**2 / (4 * total**2)) / denominator
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


def katz_ratio(x1: int, n1: int, x2: int, n2: int) -> tuple[float, Interval]:
    """Ratio of two proportions (x1/n1) / (x2/n2) (x2 > 0) with its log-scale interval;
    for the interval only, a zero count gets the usual 0.5 correction so it stays finite."""
    ratio = (x1 / n1) / (x2 / n2)
    a, b, m, n = float(x1), float(x2), float(n1), float(n2)
    if x1 == 0 or x2 == 0:
        a, b, m, n = a + 0.5, b + 0.5, m + 0.5, n + 0.5
    centre = (a / m) / (b / n)
    se = math.sqrt(max(0.0, 1 / a - 1 / m + 1 / b - 1 / n))
    return ratio, Interval(centre * math.exp(-Z * se), centre * math.exp(Z * se))


def mean_of(values: list[float]) -> Mean | None:
    if not values:
        return None
    value = fmean(values)
    half = Z * stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return Mean(value, Interval(value - half, value + half), len(values))


def groups(
    people: Iterable[T],
    key: Callable[[T], str | None],
    stages: dict[str, Callable[[T], bool]],
    measures: dict[str, Callable[[T], float | None]],
) -> list[Group]:
    """Per group (people whose key is None are left out): the rate of each stage and
    its ratio to the best-off group of at least MIN_GROUP people."""
    members: dict[str, list[T]] = {}
    for person in people:
        name = key(person)
        if name is not None:
            members.setdefault(name, []).append(person)
    raw = {name: _rates(group, stages) for name, group in members.items()}
    best = _best(raw, members)
    return [_group(name, members[name], raw[name], best, measures) for name in sorted(members)]


def _rates(people: list[T], stages: dict[str, Callable[[T], bool]]) -> dict[str, Rate]:
    total = len(people)
    rates = {}
    for stage, reached in stages.items():
        count = sum(1 for p in people if reached(p))
        rates[stage] = Rate(count, total, count / total, wilson(count, total))
    return rates


def _best(raw: dict[str, dict[str, Rate]], members: dict[str, list[T]]) -> dict[str, Rate]:
    shown = [rates for name, rates in raw.items() if len(members[name]) >= MIN_GROUP]
    if not shown:
        return {}
    return {stage: max((r[stage] for r in shown), key=lambda r: r.rate) for stage in shown[0]}


def _group(
    name: str,
    people: list[T],
    rates: dict[str, Rate],
    best: dict[str, Rate],
    measures: dict[str, Callable[[T], float | None]],
) -> Group:
    if len(people) < MIN_GROUP:
        return Group(name, len(people), True, {}, {})
    compared = {stage: _compared(rate, best.get(stage)) for stage, rate in rates.items()}
    means = {
        label: mean_of([v for p in people if (v := measure(p)) is not None])
        for label, measure in measures.items()
    }
    return Group(name, len(people), False, compared, means)


def _compared(rate: Rate, best: Rate | None) -> Rate:
    if best is None or best.count == 0:
        return rate
    ratio, interval = katz_ratio(rate.count, rate.total, best.count, best.total)
    return Rate(rate.count, rate.total, rate.rate, rate.interval, ratio, interval)
