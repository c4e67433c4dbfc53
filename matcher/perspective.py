"""Perspective score: does this job give a young person status and a future?

A job that leads to a steady contract, teaches a trade, pays above the youth minimum
and has predictable hours keeps people at work; that is the outcome that counts
(retention), so job quality is scored next to fit. The score is 0–100 and is the sum
of named components; each component scores a fraction 0–1 of its maximum points and
says why in plain Dutch (B1), so the number is never a black box.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from matcher.models import Vacancy

# Maximum points per component; they sum to 100. A deployment may pass its own.
MAX_POINTS: dict[str, int] = {
    "contract": 30,
    "training": 20,
    "wage": 20,
    "stable_hours": 10,
    "second_chance": 10,
    "distance": 10,
}

# Statutory minimum hourly wage (gross, euros) by age, 1 January 2026.
# Source: rijksoverheid.nl "Bedragen minimumloon 2026". The adult (21+) hourly amount
# is €14.71 (approximate: it is re-indexed every 1 January and 1 July); youth
# amounts are the legal percentages 30/34.5/39.5/50/60/80% of it, rounded to cents.
# Update this table each half year.
MINIMUM_HOURLY_WAGE_2026: dict[int, float] = {
    15: 4.41,
    16: 5.07,
    17: 5.81,
    18: 7.36,
    19: 8.83,
    20: 11.77,
    21: 14.71,  # 21 and older
}
# Wage at or above this multiple of the minimum earns full points.
WAGE_FULL_POINTS_RATIO = 1.25
# Distances (km) that earn full and zero distance points.
DISTANCE_NEAR_KM = 5.0
DISTANCE_FAR_KM = 30.0

# Fraction of the contract points by contract type (least to most secure).
CONTRACT_FRACTION = {"uitzend": 0.25, "tijdelijk": 0.45, "bbl": 0.75, "vast": 1.0}


@dataclass(frozen=True, slots=True)
class Component:
    """One named part of the perspective score; explanation is Dutch (B1)."""

    name: str
    points: float
    max_points: float
    explanation: str


@dataclass(frozen=True, slots=True)
class Perspective:
    """Perspective score 0–100 and its components."""

    score: int
    components: list[Component]


def minimum_hourly_wage(age: int | None) -> float:
    """Minimum gross hourly wage in euros for an age (adult rate when unknown)."""
    if age is None or age >= 21:
        return MINIMUM_HOURLY_WAGE_2026[21]
    return MINIMUM_HOURLY_WAGE_2026[max(15, age)]


def minimum_wage_name(age: int | None) -> str:
    """Which statutory minimum a wage is held against, in words: under 21 it is the
    youth minimum wage, which a reader must not take for the adult one."""
    if age is None or age >= 21:
        return "het wettelijk minimumloon"
    return f"het wettelijk minimumjeugdloon ({max(15, age)} jaar)"


def below_minimum_from_age(hourly_wage: float | None) -> int | None:
    """The youngest age (15–21) whose statutory minimum is above `hourly_wage` (gross
    euros per hour): the wage is illegal from that age on (minimums rise with age).
    None when the wage is at least the adult minimum, or not stated."""
    if hourly_wage is None or not math.isfinite(hourly_wage):
        return None
    wage = round(hourly_wage, 2)  # cents: 14.709 on a payslip is 14.71
    return next(
        (age for age, least in sorted(MINIMUM_HOURLY_WAGE_2026.items()) if wage < least), None
    )


def euros_per_hour(hourly_wage: float) -> str:
    """'€ 9,50 per uur'."""
    return f"€ {hourly_wage:.2f}".replace(".", ",") + " per uur"


def minimum_wage_notice(hourly_wage: float | None) -> str | None:
    """For the agency: from which age this wage is below the legal minimum, so the
    vacancy is not suggested to candidates of that age or older (Dutch, B1); None
    when it is at least the adult minimum."""
    age = below_minimum_from_age(hourly_wage)
    if age is None or hourly_wage is None:
        return None
    wage = euros_per_hour(hourly_wage)
    if age <= min(MINIMUM_HOURLY_WAGE_2026):
        return f"{wage} ligt onder elk wettelijk minimumloon: de vacature gaat naar niemand"
    law = "minimumloon voor 21 jaar en ouder" if age >= 21 else f"minimumjeugdloon voor {age} jaar"
    return (
        f"{wage} ligt onder het wettelijk {law}: deze vacature wordt niet voorgesteld "
        f"aan kandidaten vanaf {age} jaar"
    )


def contract_part(vacancy: Vacancy) -> tuple[float, str]:
    """Contract type and path to a permanent contract → (fraction 0–1, reason)."""
    kind = vacancy.contract_type
    after = vacancy.permanent_after_months
    if kind == "vast":
        return 1.0, "vast contract"
    base = CONTRACT_FRACTION.get(kind or "", 0.3)
    label = {
        "uitzend": "uitzendwerk",
        "tijdelijk": "tijdelijk contract",
        "bbl": "leerwerkbaan (BBL)",
    }.get(kind or "", "soort contract niet vermeld")
    if after is not None:
        bonus = 0.85 if after <= 6 else 0.7 if after <= 12 else base + 0.1
        return min(1.0, max(base, bonus)), f"vast contract na {after} maanden"
    return base, label


def training_part(vacancy: Vacancy) -> tuple[float, str]:
    """BBL, certificates paid by the employer, training on the job → (fraction, reason)."""
    fraction, reasons = 0.0, []
    if vacancy.bbl:
        fraction += 0.6
        reasons.append("je haalt een mbo-diploma via BBL")
    if vacancy.paid_certificates:
        fraction += min(0.4, 0.2 * len(vacancy.paid_certificates))
        reasons.append(f"je krijgt je {' en '.join(vacancy.paid_certificates)} betaald")
    if vacancy.training:
        fraction += 0.3
        reasons.append("je krijgt opleiding op het werk")
    if not reasons:
        return 0.0, "geen opleiding genoemd"
    return min(1.0, fraction), "; ".join(reasons)


def wage_part(vacancy: Vacancy, age: int | None) -> tuple[float, str]:
    """Hourly wage against the minimum youth wage for the age → (fraction, reason)."""
    if vacancy.hourly_wage is None or not math.isfinite(vacancy.hourly_wage):
        return 0.4, "loon niet vermeld"  # an odd stored value counts as not stated
    minimum = minimum_hourly_wage(age)
    ratio = vacancy.hourly_wage / minimum
    wage = euros_per_hour(vacancy.hourly_wage)
    name = minimum_wage_name(age)
    if ratio < 1.0:
        return 0.0, f"{wage}: onder {name}"
    fraction = 0.4 + 0.6 * min(1.0, (ratio - 1.0) / (WAGE_FULL_POINTS_RATIO - 1.0))
    above = round((ratio - 1.0) * 100)
    if above == 0:
        return fraction, f"{wage}: {name}"
    return fraction, f"{wage}: {above}% boven {name}"


def stable_hours_part(vacancy: Vacancy) -> tuple[float, str]:
    """Fixed schedule vs on-call → (fraction, reason)."""
    if vacancy.stable_hours is None:
        return 0.5, "rooster niet vermeld"
    if vacancy.stable_hours:
        return 1.0, "vaste uren"
    return 0.0, "wisselende uren of oproepwerk"


def second_chance_part(vacancy: Vacancy) -> tuple[float, str]:
    """Employer explicitly open to a second chance → (fraction, reason)."""
    if vacancy.second_chance:
        return 1.0, "werkgever geeft mensen een tweede kans"
    return 0.0, "niet bekend of werkgever een tweede kans geeft"


def distance_part(km: float | None) -> tuple[float, str]:
    """Near work keeps people at work: full at ≤5 km, zero at ≥30 km → (fraction, reason)."""
    if km is None:
        return 0.5, "afstand onbekend"
    span = DISTANCE_FAR_KM - DISTANCE_NEAR_KM
    fraction = min(1.0, max(0.0, (DISTANCE_FAR_KM - km) / span))
    return fraction, f"{'dichtbij' if km <= DISTANCE_NEAR_KM else 'afstand'}: {km:.0f} km"


def perspective_score(
    vacancy: Vacancy,
    *,
    candidate_age: int | None = None,
    km: float | None = None,
    max_points: Mapping[str, float] = MAX_POINTS,
) -> Perspective:
    """Perspective score 0–100 (sum of components); km is home→work distance."""
    parts: dict[str, Callable[[], tuple[float, str]]] = {
        "contract": lambda: contract_part(vacancy),
        "training": lambda: training_part(vacancy),
        "wage": lambda: wage_part(vacancy, candidate_age),
        "stable_hours": lambda: stable_hours_part(vacancy),
        "second_chance": lambda: second_chance_part(vacancy),
        "distance": lambda: distance_part(km),
    }
    components = []
    for name, part in parts.items():
        top = float(max_points.get(name, 0))
        fraction, explanation = part()
        components.append(Component(name, round(fraction * top, 1), top, explanation))
    total = sum(max_points.get(n, 0) for n in parts) or 1
    score = round(100 * sum(c.points for c in components) / total)
    return Perspective(int(score), components)
