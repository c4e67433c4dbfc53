"""Every perspective component: a high and a low case, each with a Dutch explanation."""

from __future__ import annotations

from typing import Any

import pytest

from matcher import perspective as p
from matcher.models import Vacancy


def vacancy(**values: Any) -> Vacancy:
    return Vacancy(id=1, title="Magazijnmedewerker", **values)


def component(result: p.Perspective, name: str) -> p.Component:
    return next(c for c in result.components if c.name == name)


def test_max_points_sum_to_100() -> None:
    assert sum(p.MAX_POINTS.values()) == 100


def test_contract_permanent_scores_full() -> None:
    c = component(p.perspective_score(vacancy(contract_type="vast")), "contract")
    assert c.points == c.max_points == 30 and c.explanation == "vast contract"


def test_contract_path_to_permanent_beats_plain_temp_work() -> None:
    path = component(
        p.perspective_score(vacancy(contract_type="uitzend", permanent_after_months=6)), "contract"
    )
    temp = component(p.perspective_score(vacancy(contract_type="uitzend")), "contract")
    assert path.explanation == "vast contract na 6 maanden"
    assert temp.explanation == "uitzendwerk"
    assert path.points > temp.points
    assert temp.points < 0.5 * temp.max_points


def test_training_bbl_and_paid_certificates() -> None:
    c = component(p.perspective_score(vacancy(bbl=True, paid_certificates=["VCA"])), "training")
    assert 0.7 * c.max_points <= c.points < c.max_points
    assert "je krijgt je VCA betaald" in c.explanation and "BBL" in c.explanation


def test_training_none() -> None:
    c = component(p.perspective_score(vacancy()), "training")
    assert c.points == 0 and c.explanation == "geen opleiding genoemd"


def test_minimum_wage_table() -> None:
    assert p.minimum_hourly_wage(None) == p.MINIMUM_HOURLY_WAGE_2026[21]
    assert p.minimum_hourly_wage(25) == p.MINIMUM_HOURLY_WAGE_2026[21]
    assert p.minimum_hourly_wage(14) == p.MINIMUM_HOURLY_WAGE_2026[15]
    wages = [p.minimum_hourly_wage(age) for age in range(15, 22)]
    assert wages == sorted(wages)


def test_wage_above_youth_minimum_scores_for_the_young() -> None:
    v = vacancy(hourly_wage=10.0)
    young = component(p.perspective_score(v, candidate_age=18), "wage")
    adult = component(p.perspective_score(v, candidate_age=23), "wage")
    assert young.points == young.max_points
    assert "% boven het wettelijk minimumjeugdloon (18 jaar)" in young.explanation
    assert adult.points == 0 and adult.explanation.endswith("onder het wettelijk minimumloon")


def test_wage_unknown() -> None:
    c = component(p.perspective_score(vacancy()), "wage")
    assert 0 < c.points < c.max_points and c.explanation == "loon niet vermeld"


def test_stable_hours() -> None:
    fixed = component(p.perspective_score(vacancy(stable_hours=True)), "stable_hours")
    on_call = component(p.perspective_score(vacancy(stable_hours=False)), "stable_hours")
    assert fixed.points == 10 and fixed.explanation == "vaste uren"
    assert on_call.points == 0 and "oproep" in on_call.explanation


def test_second_chance() -> None:
    yes = component(p.perspective_score(vacancy(second_chance=True)), "second_chance")
    no = component(p.perspective_score(vacancy()), "second_chance")
    assert yes.points == 10 and "tweede kans" in yes.explanation
    assert no.points == 0 and "tweede kans" in no.explanation


@pytest.mark.parametrize(("km", "points"), [(2, 10), (5, 10), (17.5, 5), (30, 0), (80, 0)])
def test_distance(km: float, points: float) -> None:
    c = component(p.perspective_score(vacancy(), km=km), "distance")
    assert c.points == points and "km" in c.explanation


def test_distance_unknown() -> None:
    c = component(p.perspective_score(vacancy()), "distance")
    assert c.points == 5 and c.explanation == "afstand onbekend"


def test_score_is_sum_and_good_job_beats_poor_job() -> None:
    good = p.perspective_score(
        vacancy(
            contract_type="vast",
            bbl=True,
            training="heftruckcursus op het werk",
            paid_certificates=["VCA"],
            hourly_wage=18.5,
            stable_hours=True,
            second_chance=True,
        ),
        candidate_age=22,
        km=3,
    )
    poor = p.perspective_score(
        vacancy(contract_type="uitzend", stable_hours=False, hourly_wage=14.71), km=40
    )
    assert good.score == 100
    assert good.score == round(sum(c.points for c in good.components))
    assert 0 <= poor.score < 30


def test_custom_max_points() -> None:
    only_contract = {"contract": 50}
    result = p.perspective_score(vacancy(contract_type="vast"), max_points=only_contract)
    assert result.score == 100


def test_an_odd_stored_wage_counts_as_not_stated() -> None:
    """A NaN wage stored before the parsers refused it must not break a page (issue 11)."""
    from matcher.perspective import wage_part

    fraction, reason = wage_part(Vacancy(id=1, title="Kok", hourly_wage=float("nan")), 20)
    assert (fraction, reason) == (0.4, "loon niet vermeld")


def test_minimum_wage_notice_says_from_which_age_a_vacancy_is_not_suggested() -> None:
    """Issue 15: the agency's signal for pay below the legal minimum."""
    assert p.minimum_wage_notice(9.5) == (
        "€ 9,50 per uur ligt onder het wettelijk minimumjeugdloon voor 20 jaar: deze "
        "vacature wordt niet voorgesteld aan kandidaten vanaf 20 jaar"
    )
    assert p.minimum_wage_notice(13.0) == (
        "€ 13,00 per uur ligt onder het wettelijk minimumloon voor 21 jaar en ouder: deze "
        "vacature wordt niet voorgesteld aan kandidaten vanaf 21 jaar"
    )
    assert p.minimum_wage_notice(p.MINIMUM_HOURLY_WAGE_2026[21]) is None
    assert p.minimum_wage_notice(None) is None and p.minimum_wage_notice(float("nan")) is None
