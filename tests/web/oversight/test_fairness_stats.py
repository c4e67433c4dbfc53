"""The fairness statistics: Wilson and Katz intervals, the best-off group, suppression."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from web.oversight.fairness_stats import groups, katz_ratio, mean_of, wilson


@dataclass
class P:
    group: str | None
    hired: bool
    score: float | None = None


def test_wilson_matches_the_textbook_values():
    low, high = wilson(5, 10).low, wilson(5, 10).high
    assert low == pytest.approx(0.2366, abs=1e-3) and high == pytest.approx(0.7634, abs=1e-3)
    assert wilson(0, 20).low == 0.0 and wilson(0, 20).high == pytest.approx(0.1611, abs=1e-3)
    assert (wilson(0, 0).low, wilson(0, 0).high) == (0.0, 1.0)


def test_katz_ratio_and_a_zero_count_stay_finite():
    ratio, interval = katz_ratio(10, 100, 20, 100)
    assert ratio == pytest.approx(0.5)
    assert interval.low == pytest.approx(0.246, abs=1e-3)
    assert interval.high == pytest.approx(1.0136, abs=1e-3)  # se = sqrt(0.13)
    zero, zero_interval = katz_ratio(0, 10, 5, 10)
    assert zero == 0.0  # the estimate itself is not corrected
    assert 0 < zero_interval.low < zero_interval.high < 2  # the interval stays finite
    none_of_six, _ = katz_ratio(0, 6, 1, 38)
    assert none_of_six == 0.0  # not 1.97, as a correction of the estimate would say
    _many, many_interval = katz_ratio(0, 50, 25, 50)
    assert many_interval.high < 1  # 0 of 50 against 25 of 50 is more than chance


def test_groups_compare_with_the_best_off_group_and_suppress_small_ones():
    people = (
        [P("a", i < 8, 0.7) for i in range(10)]  # 80% hired
        + [P("b", i < 5, 0.5) for i in range(10)]  # 50%: ratio 0.625, flagged
        + [P("c", True, 0.9) for _ in range(4)]  # 100% but only 4: suppressed, not the best
        + [P(None, True) for _ in range(3)]  # no value: left out
    )
    found = {
        g.name: g
        for g in groups(
            people, lambda p: p.group, {"hired": lambda p: p.hired}, {"s": lambda p: p.score}
        )
    }
    assert set(found) == {"a", "b", "c"}
    assert found["c"].suppressed and found["c"].rates == {} and found["c"].means == {}
    a, b = found["a"].rates["hired"], found["b"].rates["hired"]
    assert a.ratio == pytest.approx(1.0) and not a.flagged
    assert b.ratio == pytest.approx(0.625) and b.flagged and not b.clearly_lower
    assert found["b"].means["s"].value == pytest.approx(0.5)


def test_mean_of_one_value_has_no_spread():
    single = mean_of([0.4])
    assert single is not None and single.interval.low == single.interval.high == 0.4
    assert mean_of([]) is None
