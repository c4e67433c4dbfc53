"""Every hard constraint: a pass, a fail, and a Dutch reason."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from matcher import constraints as c
from matcher.models import Candidate, Location, Restrictions, Vacancy

TODAY = date(2026, 3, 1)
CURFEW = Restrictions(curfew_start=time(22, 0), curfew_end=time(6, 0))


def vacancy(**values: Any) -> Vacancy:
    return Vacancy(id=1, title="Orderpicker", **values)


def candidate(**values: Any) -> Candidate:
    return Candidate(id=7, desired_work="magazijn", **values)


def test_travel_within_limit_reports_trip() -> None:
    r = c.check_travel(candidate(max_travel_km=10), vacancy(), km=9)
    assert r.passed and r.reason == "9 km, 40 min fietsen"


def test_travel_too_far_in_km() -> None:
    r = c.check_travel(candidate(max_travel_km=5), vacancy(), km=30)
    assert not r.passed and "verder dan 5 km" in r.reason


def test_travel_too_long_in_minutes_for_mode() -> None:
    walker = candidate(travel_mode="walk", max_travel_minutes=30)
    r = c.check_travel(walker, vacancy(), km=4)
    assert not r.passed and "langer dan 30 min" in r.reason
    assert c.check_travel(
        candidate(travel_mode="car", max_travel_minutes=30), vacancy(), km=4
    ).passed


def test_travel_from_postcodes_and_unknown_place() -> None:
    near = candidate(location=Location(postcode="3562"), max_travel_km=10)
    assert c.check_travel(near, vacancy(location=Location(postcode="3526"))).passed
    r = c.check_travel(near, vacancy())
    assert r.passed and r.warning and "onbekend" in r.reason


@pytest.mark.parametrize(
    ("cand", "vac", "passed"),
    [
        ((None, 24), (32, 40), False),  # wants at most 24, job needs 32
        ((32, None), (8, 16), False),  # wants at least 32, job offers 16
        ((20, 32), (24, 40), True),
        ((None, None), (40, 40), True),
    ],
)
def test_hours_ranges_overlap(cand: tuple, vac: tuple, passed: bool) -> None:
    r = c.check_hours(
        candidate(hours_min=cand[0], hours_max=cand[1]), vacancy(hours_min=vac[0], hours_max=vac[1])
    )
    assert r.passed is passed and "uur" in r.reason


def test_shifts_subset() -> None:
    can = candidate(shifts=["day", "weekend"])
    assert c.check_shifts(can, vacancy(shifts=["day", "weekend"])).passed
    r = c.check_shifts(can, vacancy(shifts=["day", "night"]))
    assert not r.passed and r.reason == "werk 's nachts gevraagd — kan niet"


def test_curfew_blocks_evening_and_night_only_for_coach() -> None:
    r = c.check_curfew(vacancy(shifts=["evening"]), CURFEW)
    assert not r.passed and r.restricted and "avondklok 22:00-06:00" in r.reason
    r = c.check_curfew(vacancy(shifts=["night"]), CURFEW)
    assert not r.passed and r.restricted
    r = c.check_curfew(vacancy(shifts=["day", "weekend"]), CURFEW)
    assert r.passed and r.restricted


def test_curfew_window_without_wrap() -> None:
    late = Restrictions(curfew_start=time(0, 0), curfew_end=time(6, 0))
    assert c.check_curfew(vacancy(shifts=["evening"]), late).passed
    assert not c.check_curfew(vacancy(shifts=["night"]), late).passed


def test_curfew_result_is_hidden_from_public_views() -> None:
    verdict = c.check_all(
        candidate(shifts=["evening"]), vacancy(shifts=["evening"]), today=TODAY, restrictions=CURFEW
    )
    assert not verdict.passed
    [curfew] = [r for r in verdict.results if "avondklok" in r.reason]
    assert curfew.restricted  # the views show restricted results to the jobcoach only


def test_reporting_duty_warns_the_coach_about_day_work_only() -> None:
    duty = Restrictions(reporting_weekdays=(3, 1))
    r = c.check_reporting(vacancy(shifts=["day"]), duty)
    assert r.passed and r.warning and r.restricted
    assert r.reason.startswith("meldplicht op dinsdag en donderdag")
    assert c.check_reporting(vacancy(shifts=[]), duty).warning  # unknown: usually day work
    assert not c.check_reporting(vacancy(shifts=["evening", "weekend"]), duty).warning
    assert not c.check_reporting(vacancy(shifts=["day"]), Restrictions()).warning
    verdict = c.check_all(candidate(), vacancy(shifts=["day"]), today=TODAY, restrictions=duty)
    assert verdict.passed and any("meldplicht" in r.reason for r in verdict.warnings)
    assert all(r.restricted for r in verdict.results if "meldplicht" in r.reason)
    quiet = c.check_all(candidate(), vacancy(shifts=["night"]), today=TODAY, restrictions=duty)
    assert all(r.name != "reporting" for r in quiet.results)


def test_age_minimum() -> None:
    young = candidate(birth_date=date(2009, 6, 1))  # 16 on TODAY
    r = c.check_age(young, vacancy(min_age=18), today=TODAY)
    assert not r.passed and "minimaal 18 jaar" in r.reason
    assert c.check_age(young, vacancy(min_age=16), today=TODAY).passed


def test_age_counts_on_start_date() -> None:
    almost = candidate(birth_date=date(2008, 4, 1))  # 18 on 1 April 2026
    assert not c.check_age(almost, vacancy(min_age=18), today=TODAY).passed
    assert c.check_age(almost, vacancy(min_age=18, start_date=date(2026, 4, 1)), today=TODAY).passed


def test_age_no_night_work_under_18() -> None:
    young = candidate(birth_date=date(2009, 6, 1))
    r = c.check_age(young, vacancy(shifts=["night"]), today=TODAY)
    assert not r.passed and "nachtwerk" in r.reason
    adult = candidate(birth_date=date(2000, 1, 1))
    assert c.check_age(adult, vacancy(shifts=["night"]), today=TODAY).passed


def test_age_unknown_warns() -> None:
    r = c.check_age(candidate(), vacancy(min_age=18), today=TODAY)
    assert r.passed and r.warning and "leeftijd" in r.reason


def test_driving_licence() -> None:
    r = c.check_driving_licence(candidate(), vacancy(driving_licence="B"))
    assert not r.passed and r.reason == "rijbewijs B gevraagd — ontbreekt"
    assert c.check_driving_licence(
        candidate(driving_licences=["b"]), vacancy(driving_licence="B")
    ).passed
    assert c.check_driving_licence(
        candidate(driving_licences=["C"]), vacancy(driving_licence="rijbewijs B")
    ).passed
    assert not c.check_driving_licence(
        candidate(driving_licences=["B"]), vacancy(driving_licence="C")
    ).passed
    assert c.check_driving_licence(candidate(), vacancy()).passed


@pytest.mark.parametrize(
    ("held", "wanted"),
    [
        ("VCA-basis", "VCA"),
        ("vca vol", "VCA"),
        ("Heftruckcertificaat", "heftruck"),
        ("HACCP-certificaat", "haccp"),
        ("Diploma Beveiliger 2", "beveiligingsdiploma"),
    ],
)
def test_certificates_spelling_variants(held: str, wanted: str) -> None:
    r = c.check_certificates(
        candidate(certificates=[held]), vacancy(required_certificates=[wanted])
    )
    assert r.passed, (held, wanted)


def test_certificates_missing() -> None:
    r = c.check_certificates(
        candidate(certificates=["VCA"]), vacancy(required_certificates=["VCA-VOL"])
    )
    assert not r.passed and r.reason == "VCA-VOL gevraagd — ontbreekt"


def test_certificate_paid_by_employer_only_warns() -> None:
    v = vacancy(required_certificates=["VCA"], paid_certificates=["VCA basis"])
    r = c.check_certificates(candidate(), v)
    assert r.passed and r.warning and "werkgever betaalt" in r.reason


def test_language_level() -> None:
    v = vacancy(language_level="B1")
    r = c.check_language(candidate(language_level="A2"), v)
    assert not r.passed and r.reason == "taalniveau B1 gevraagd, heeft A2"
    assert c.check_language(candidate(language_level="B2"), v).passed
    assert c.check_language(candidate(), v).warning


def test_start_date() -> None:
    v = vacancy(start_date=date(2026, 3, 1))
    assert c.check_start_date(candidate(available_from=date(2026, 2, 1)), v).passed
    soon = c.check_start_date(candidate(available_from=date(2026, 3, 10)), v)
    assert soon.passed and soon.warning
    r = c.check_start_date(candidate(available_from=date(2026, 5, 1)), v)
    assert not r.passed and "pas beschikbaar 01-05-2026" in r.reason


def test_vacancy_open() -> None:
    assert c.check_open(vacancy(), today=TODAY).passed
    r = c.check_open(vacancy(status="filled"), today=TODAY)
    assert not r.passed and "niet meer open" in r.reason
    r = c.check_open(vacancy(closing_date=date(2026, 2, 28)), today=TODAY)
    assert not r.passed and "sloot op 28-02-2026" in r.reason
    assert c.check_open(vacancy(closing_date=TODAY), today=TODAY).passed


def test_vog_is_a_warning_never_a_removal() -> None:
    assert not c.check_vog(vacancy(), None).warning
    r = c.check_vog(vacancy(vog_required=True), None)
    assert r.passed and r.warning and not r.restricted and r.reason == "VOG gevraagd"
    r = c.check_vog(vacancy(vog_required=True), Restrictions(vog_risk=True))
    assert r.passed and r.warning and r.restricted and "alleen jobcoach" in r.reason


def test_check_all_collects_every_result_and_warnings() -> None:
    verdict = c.check_all(
        candidate(), vacancy(vog_required=True, driving_licence="B"), today=TODAY, km=3
    )
    names = {r.name for r in verdict.results}
    assert {"open", "travel", "hours", "shifts", "age", "driving_licence"} <= names
    assert {"certificates", "language", "start_date", "vog"} <= names
    assert not verdict.passed
    assert [r.name for r in verdict.failures] == ["driving_licence"]
    assert [r.name for r in verdict.warnings] == ["vog"]
    assert "curfew" not in names  # only checked when there are restrictions


def test_age_on() -> None:
    assert c.age_on(date(2008, 3, 2), date(2026, 3, 1)) == 17
    assert c.age_on(date(2008, 3, 1), date(2026, 3, 1)) == 18


def test_passing_curfew_leaves_no_trace() -> None:
    verdict = c.check_all(candidate(), vacancy(shifts=["day"]), today=TODAY, restrictions=CURFEW)
    assert verdict.passed and all(r.name != "curfew" for r in verdict.results)


def test_travel_text_for_very_short_trips() -> None:
    r = c.check_travel(candidate(), vacancy(), km=0.2)
    assert r.reason == "minder dan 1 km, 1 min fietsen"


def test_reasons_write_numbers_the_dutch_way():
    from matcher.constraints import check_hours

    wants = Candidate(id=1, hours_min=20, hours_max=37.5)
    asks = Vacancy(id=2, title="Kok", hours_min=38, hours_max=40)
    assert check_hours(wants, asks).reason == "38 uur per week gevraagd, kan max 37,5 uur"
    fits = Vacancy(id=3, title="Kok", hours_min=32, hours_max=36.5)
    assert check_hours(wants, fits).reason == "32–36,5 uur per week"
    same = Vacancy(id=4, title="Kok", hours_min=32, hours_max=32)
    assert check_hours(wants, same).reason == "32 uur per week"


def test_pay_below_the_minimum_for_the_age_is_a_hard_stop() -> None:
    """Issue 15: at 23 the adult minimum applies; € 13,00 is legal at 20, not at 23."""
    job = vacancy(hourly_wage=13.0)
    at_23 = c.check_minimum_wage(candidate(birth_date=date(2002, 6, 1)), job, today=TODAY)
    assert not at_23.passed
    assert at_23.reason == "€ 13,00 per uur ligt onder het wettelijk minimumloon (21 jaar en ouder)"
    at_20 = c.check_minimum_wage(candidate(birth_date=date(2005, 6, 1)), job, today=TODAY)
    assert at_20.passed and not at_20.warning
    at_18 = c.check_minimum_wage(
        candidate(birth_date=date(2007, 6, 1)), vacancy(hourly_wage=7.0), today=TODAY
    )
    assert not at_18.passed and "minimumjeugdloon voor 18 jaar" in at_18.reason
    verdict = c.check_all(candidate(birth_date=date(2002, 6, 1)), job, today=TODAY)
    assert not verdict.passed and [r.name for r in verdict.failures] == ["wage"]


def test_pay_below_the_adult_minimum_with_unknown_age_warns() -> None:
    r = c.check_minimum_wage(candidate(), vacancy(hourly_wage=13.0), today=TODAY)
    assert r.passed and r.warning and "controleer de leeftijd" in r.reason
    assert c.check_minimum_wage(candidate(), vacancy(), today=TODAY).passed  # wage not stated


def test_results_are_shared_not_rebuilt_per_pair() -> None:
    # A suggestion list checks thousands of pairs; an outcome seen before is the same
    # (immutable) object, not a new one per pair (issue 15, load during an upload).
    first = c.check_all(candidate(max_travel_km=10), vacancy(), today=TODAY, km=5)
    again = c.check_all(candidate(max_travel_km=10), vacancy(), today=TODAY, km=5)
    assert first.passed and first.results == again.results
    assert all(a is b for a, b in zip(first.results, again.results, strict=True))
