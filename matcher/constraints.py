"""Hard constraints: can this person take this job at all?

Each check is a pure function over plain data that returns a `ConstraintResult` with
its own Dutch reason, so an explanation is never reconstructed afterwards. A failed
check removes the pair (the reason is kept for the jobcoach's "why not" view); a
warning keeps the pair but asks a human to look.

Results built from `Restrictions` (justice-related, GDPR art. 10) are marked
`restricted=True`: only the candidate's jobcoach may see them. Agency and candidate
views must drop them (`visible()`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache

from matcher import geo
from matcher.certificates import held_certificates, normalise_certificate
from matcher.models import LANGUAGE_LEVELS, Candidate, Restrictions, Vacancy
from matcher.perspective import euros_per_hour, minimum_hourly_wage
from matcher.wording import number, number_range

# A candidate who is free at most this many days after the start date still fits.
START_GRACE_DAYS = 14
ADULT_AGE = 18

# Clock windows of the shifts (start, end); a window may wrap past midnight.
SHIFT_WINDOWS: dict[str, tuple[time, time]] = {
    "day": (time(7, 0), time(18, 0)),
    "evening": (time(18, 0), time(23, 0)),
    "night": (time(23, 0), time(7, 0)),
}
SHIFT_NL = {
    "day": "overdag",
    "evening": "'s avonds",
    "night": "'s nachts",
    "weekend": "in het weekend",
}
SHIFT_NAME_NL = {"day": "dagdienst", "evening": "avonddienst", "night": "nachtdienst"}


@dataclass(frozen=True, slots=True)
class ConstraintResult:
    """Outcome of one hard constraint; `reason` is Dutch (B1)."""

    name: str
    passed: bool
    reason: str
    warning: bool = False
    restricted: bool = False  # built from Restrictions: jobcoach only


@dataclass(frozen=True, slots=True)
class Verdict:
    """All constraint results of one candidate–vacancy pair."""

    passed: bool
    results: list[ConstraintResult]
    warnings: list[ConstraintResult] = field(default_factory=list)

    @property
    def failures(self) -> list[ConstraintResult]:
        return [r for r in self.results if not r.passed]


def _ok(name: str, reason: str, *, warning: bool = False) -> ConstraintResult:
    return _result(name, True, reason, warning)


def _fail(name: str, reason: str) -> ConstraintResult:
    return _result(name, False, reason, False)


@lru_cache(maxsize=4096)
def _result(name: str, passed: bool, reason: str, warning: bool) -> ConstraintResult:
    # One shared (immutable) result per distinct outcome: a suggestion list checks
    # hundreds to thousands of pairs, nearly all with the same few texts, and building
    # a frozen dataclass per check was a fifth of the engine thread's time.
    return ConstraintResult(name, passed, reason, warning=warning)


# --- travel ---------------------------------------------------------------


def check_travel(
    candidate: Candidate, vacancy: Vacancy, *, km: float | None = None
) -> ConstraintResult:
    """Distance (km, straight line) and travel time (minutes) within the candidate's limits."""
    if km is None:
        km = geo.distance_km(candidate.location, vacancy.location)
    if km is None:
        return _ok("travel", "afstand onbekend: controleer de reistijd", warning=True)
    mode = candidate.travel_mode
    minutes = geo.travel_minutes(km, mode)
    trip = _trip_text(km, minutes, mode)
    if candidate.max_travel_km is not None and km > candidate.max_travel_km:
        return _fail("travel", f"{trip}: verder dan {number(candidate.max_travel_km)} km")
    limit = candidate.max_travel_minutes
    if limit is not None and minutes > limit:
        return _fail("travel", f"{trip}: langer dan {number(limit)} min reizen")
    return _ok("travel", trip)


def _trip_text(km: float, minutes: float, mode: str) -> str:
    distance = "minder dan 1 km" if km < 1 else f"{km:.0f} km"
    return f"{distance}, {max(1, round(minutes))} min {geo.MODE_VERB_NL.get(mode, '')}".strip()


# --- time -----------------------------------------------------------------


def check_hours(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """Hours per week: the candidate's range and the vacancy's range overlap."""
    c_min, c_max = candidate.hours_min or 0.0, candidate.hours_max
    v_min, v_max = vacancy.hours_min or 0.0, vacancy.hours_max
    if c_max is not None and v_min > c_max:
        return _fail("hours", f"{number(v_min)} uur per week gevraagd, kan max {number(c_max)} uur")
    if v_max is not None and v_max < c_min:
        return _fail("hours", f"max {number(v_max)} uur per week, wil minstens {number(c_min)} uur")
    return _ok("hours", _hours_text(vacancy))


def _hours_text(vacancy: Vacancy) -> str:
    lo, hi = vacancy.hours_min, vacancy.hours_max
    if lo is not None and hi is not None:
        return f"{number_range(lo, hi)} uur per week"
    if lo is not None or hi is not None:
        return f"{number(lo if lo is not None else hi or 0.0)} uur per week"
    return "uren niet vermeld"


def check_shifts(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """Every shift the vacancy asks for (night, evening, weekend…) is one the candidate works."""
    if not vacancy.shifts or not candidate.shifts:
        return _ok("shifts", "diensten passen")
    missing = [s for s in vacancy.shifts if s not in candidate.shifts]
    if missing:
        names = " en ".join(SHIFT_NL.get(s, s) for s in missing)
        return _fail("shifts", f"werk {names} gevraagd — kan niet")
    return _ok("shifts", "diensten passen")


def check_curfew(vacancy: Vacancy, restrictions: Restrictions | None) -> ConstraintResult:
    """Coach-only: a shift window overlapping the curfew window fails (restricted)."""
    if restrictions is None or restrictions.curfew_start is None:
        return ConstraintResult("curfew", True, "", restricted=True)
    curfew = (restrictions.curfew_start, restrictions.curfew_end or time(6, 0))
    clashes = [
        s
        for s in vacancy.shifts
        if s in SHIFT_WINDOWS and _windows_overlap(SHIFT_WINDOWS[s], curfew)
    ]
    window = f"{curfew[0]:%H:%M}-{curfew[1]:%H:%M}"
    if clashes:
        names = " en ".join(SHIFT_NAME_NL[s] for s in clashes)
        reason = f"{names} valt in de avondklok {window} (alleen jobcoach)"
        return ConstraintResult("curfew", False, reason, restricted=True)
    reason = f"diensten buiten de avondklok {window} (alleen jobcoach)"
    return ConstraintResult("curfew", True, reason, restricted=True)


WEEKDAY_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def check_reporting(vacancy: Vacancy, restrictions: Restrictions | None) -> ConstraintResult:
    """Coach-only warning: a reporting duty (meldplicht) on weekdays meets a job with
    day shifts (or unknown shifts, which usually means day work). It never removes a
    match: an appointment of an hour can be arranged with most employers."""
    days = sorted(set(restrictions.reporting_weekdays)) if restrictions else []
    day_work = not vacancy.shifts or "day" in vacancy.shifts
    if not days or not day_work:
        return ConstraintResult("reporting", True, "", restricted=True)
    names = " en ".join(WEEKDAY_NL[d] for d in days if 0 <= d < len(WEEKDAY_NL))
    reason = f"meldplicht op {names}: bespreek die tijd met de werkgever (alleen jobcoach)"
    return ConstraintResult("reporting", True, reason, warning=True, restricted=True)


def _minutes_ranges(window: tuple[time, time]) -> list[tuple[int, int]]:
    start = window[0].hour * 60 + window[0].minute
    end = window[1].hour * 60 + window[1].minute
    return [(start, end)] if start < end else [(start, 24 * 60), (0, end)]


def _windows_overlap(a: tuple[time, time], b: tuple[time, time]) -> bool:
    return any(
        s1 < e2 and s2 < e1 for s1, e1 in _minutes_ranges(a) for s2, e2 in _minutes_ranges(b)
    )


# --- person ---------------------------------------------------------------


def age_on(birth_date: date, when: date) -> int:
    """Age in whole years on a date."""
    before_birthday = (when.month, when.day) < (birth_date.month, birth_date.day)
    return when.year - birth_date.year - int(before_birthday)


def check_age(candidate: Candidate, vacancy: Vacancy, *, today: date) -> ConstraintResult:
    """Minimum age on the start date (or today); under 18 never works nights."""
    when = max(today, vacancy.start_date or today)
    if candidate.birth_date is None:
        if vacancy.min_age is not None or "night" in vacancy.shifts:
            return _ok("age", "leeftijd onbekend: controleer de leeftijd", warning=True)
        return _ok("age", "geen leeftijdseis")
    age = age_on(candidate.birth_date, when)
    if vacancy.min_age is not None and age < vacancy.min_age:
        return _fail("age", f"minimaal {vacancy.min_age} jaar gevraagd, is dan {age}")
    if age < ADULT_AGE and "night" in vacancy.shifts:
        return _fail("age", "onder de 18 mag je geen nachtwerk doen")
    return _ok("age", f"leeftijd past ({age} jaar)")


def check_minimum_wage(candidate: Candidate, vacancy: Vacancy, *, today: date) -> ConstraintResult:
    """Pay is at least the statutory minimum (youth) wage for the candidate's age today
    (matcher.perspective); below it the job is not suggested: it is against the law."""
    wage = vacancy.hourly_wage
    if wage is None or not math.isfinite(wage):
        return _ok("wage", "loon niet vermeld")
    age = age_on(candidate.birth_date, today) if candidate.birth_date else None
    least = minimum_hourly_wage(age)
    if round(wage, 2) >= least:
        return _ok("wage", "loon is minstens het wettelijk minimum")
    law = "het wettelijk minimumloon (21 jaar en ouder)"
    if age is not None and age < 21:
        law = f"het wettelijk minimumjeugdloon voor {age} jaar"
    text = f"{euros_per_hour(wage)} ligt onder {law}"
    if age is None:
        return _ok("wage", f"{text}: controleer de leeftijd", warning=True)
    return _fail("wage", text)


# Holding one of these categories implies holding category B.
_IMPLIES_B = {"B", "BE", "C", "C1", "C1E", "CE", "D", "D1", "D1E", "DE"}


def _licence(text: str) -> str:
    return re.sub(r"(?i)rijbewijs|[\s\-]", "", text).upper()


def check_driving_licence(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """The vacancy's driving licence category (B, C, …) is held by the candidate."""
    if not vacancy.driving_licence:
        return _ok("driving_licence", "geen rijbewijs nodig")
    wanted = _licence(vacancy.driving_licence)
    held = {_licence(x) for x in candidate.driving_licences}
    if wanted in held or (wanted == "B" and held & _IMPLIES_B):
        return _ok("driving_licence", f"rijbewijs {wanted} aanwezig")
    return _fail("driving_licence", f"rijbewijs {wanted} gevraagd — ontbreekt")


def check_certificates(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """Every required certificate (VCA, heftruck, HACCP, beveiliging…) is held."""
    if not vacancy.required_certificates:
        return _ok("certificates", "geen certificaten nodig")
    held = held_certificates(candidate)
    missing = [c for c in vacancy.required_certificates if normalise_certificate(c) not in held]
    if not missing:
        return _ok("certificates", "gevraagde certificaten aanwezig")
    paid = {normalise_certificate(c) for c in vacancy.paid_certificates}
    if all(normalise_certificate(c) in paid for c in missing):
        names = ", ".join(missing)
        return _ok("certificates", f"{names} nodig; werkgever betaalt", warning=True)
    return _fail("certificates", f"{', '.join(missing)} gevraagd — ontbreekt")


def check_language(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """The candidate's Dutch level (CEFR) is at least the vacancy's minimum."""
    wanted = (vacancy.language_level or "").upper()
    if wanted not in LANGUAGE_LEVELS:
        return _ok("language", "geen taaleis")
    held = (candidate.language_level or "").upper()
    if held not in LANGUAGE_LEVELS:
        return _ok("language", f"taalniveau {wanted} gevraagd: niveau onbekend", warning=True)
    if LANGUAGE_LEVELS.index(held) < LANGUAGE_LEVELS.index(wanted):
        return _fail("language", f"taalniveau {wanted} gevraagd, heeft {held}")
    return _ok("language", f"taalniveau {held} is genoeg")


# --- dates and status -----------------------------------------------------


def check_start_date(candidate: Candidate, vacancy: Vacancy) -> ConstraintResult:
    """The candidate is available by the start date (plus START_GRACE_DAYS)."""
    start, free = vacancy.start_date, candidate.available_from
    if start is None or free is None or free <= start:
        return _ok("start_date", "kan op tijd beginnen")
    late = (free - start).days
    if late <= START_GRACE_DAYS:
        return _ok("start_date", f"kan pas {late} dagen na de start beginnen", warning=True)
    return _fail("start_date", f"start {start:%d-%m-%Y}, pas beschikbaar {free:%d-%m-%Y}")


def check_open(vacancy: Vacancy, *, today: date) -> ConstraintResult:
    """The vacancy is open and its closing date has not passed."""
    if vacancy.status != "open":
        return _fail("open", "vacature is niet meer open")
    if vacancy.closing_date is not None and vacancy.closing_date < today:
        return _fail("open", f"vacature sloot op {vacancy.closing_date:%d-%m-%Y}")
    return _ok("open", "vacature is open")


def check_vog(vacancy: Vacancy, restrictions: Restrictions | None) -> ConstraintResult:
    """A VOG requirement never removes a match; it warns the jobcoach."""
    if not vacancy.vog_required:
        return _ok("vog", "geen VOG nodig")
    if restrictions is not None and restrictions.vog_risk:
        reason = "VOG gevraagd; let op: VOG mogelijk een probleem (alleen jobcoach)"
        return ConstraintResult("vog", True, reason, warning=True, restricted=True)
    return _ok("vog", "VOG gevraagd", warning=True)


def check_all(
    candidate: Candidate,
    vacancy: Vacancy,
    *,
    today: date,
    restrictions: Restrictions | None = None,
    km: float | None = None,
) -> Verdict:
    """Run every hard constraint; `km` (straight line) skips the postcode lookup."""
    results = [
        check_open(vacancy, today=today),
        check_travel(candidate, vacancy, km=km),
        check_hours(candidate, vacancy),
        check_shifts(candidate, vacancy),
        check_age(candidate, vacancy, today=today),
        check_minimum_wage(candidate, vacancy, today=today),
        check_driving_licence(candidate, vacancy),
        check_certificates(candidate, vacancy),
        check_language(candidate, vacancy),
        check_start_date(candidate, vacancy),
        check_vog(vacancy, restrictions),
        *_restriction_results(vacancy, restrictions),
    ]
    passed = all(r.passed for r in results)
    return Verdict(passed, results, [r for r in results if r.warning])


def _restriction_results(
    vacancy: Vacancy, restrictions: Restrictions | None
) -> list[ConstraintResult]:
    """The curfew and reporting results worth keeping. A curfew result is only kept when
    it fails: even a pass would reveal that the candidate has a curfew to whoever sees
    the results. Likewise a reporting duty is only mentioned where it meets the working
    days."""
    results = []
    if restrictions is not None and restrictions.curfew_start is not None:
        curfew = check_curfew(vacancy, restrictions)
        results += [] if curfew.passed else [curfew]
    reporting = check_reporting(vacancy, restrictions)
    return results + ([reporting] if reporting.warning else [])
