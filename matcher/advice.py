"""Skill-gap advice: which single certificate, licence or language level would open the
most additional good matches for a candidate, so a jobcoach can plan training."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from matcher.certificates import normalise_certificate
from matcher.engine import MatchEngine
from matcher.models import LANGUAGE_LEVELS, Candidate, Restrictions

GOOD_SCORE = 0.45  # a suggestion at or above this (0–1) counts as a good match
LOOK_AT = 100  # suggestions considered per variant


@dataclass(frozen=True)
class Option:
    label: str  # Dutch, e.g. "VCA-certificaat"
    apply: Callable[[Candidate], Candidate]


@dataclass(frozen=True)
class Advice:
    label: str
    extra_matches: int  # good matches gained over the candidate as they are


def _with_certificate(name: str) -> Callable[[Candidate], Candidate]:
    return lambda c: replace(c, certificates=[*c.certificates, name])


def _with_licence(code: str) -> Callable[[Candidate], Candidate]:
    return lambda c: replace(c, driving_licences=[*c.driving_licences, code])


def _with_language(level: str) -> Callable[[Candidate], Candidate]:
    return lambda c: replace(c, language_level=level)


def options_for(candidate: Candidate) -> list[Option]:
    """What the candidate could still gain (certificates they lack, licence B, +1 level)."""
    held = {normalise_certificate(x) for x in candidate.certificates}
    options = [
        Option(label, _with_certificate(name))
        for name, label in (
            ("VCA", "VCA-certificaat"),
            ("heftruckcertificaat", "heftruckcertificaat"),
            ("HACCP", "HACCP (hygiëne)"),
            ("beveiligingsdiploma", "beveiligingsdiploma"),
        )
        if normalise_certificate(name) not in held
    ]
    if "B" not in candidate.driving_licences:
        options.append(Option("rijbewijs B", _with_licence("B")))
    level = candidate.language_level
    if level in LANGUAGE_LEVELS and level != LANGUAGE_LEVELS[-1]:
        nxt = LANGUAGE_LEVELS[LANGUAGE_LEVELS.index(level) + 1]
        options.append(Option(f"taalniveau {nxt}", _with_language(nxt)))
    return options


def good_matches(
    engine: MatchEngine, candidate: Candidate, *, today: date, restrictions: Restrictions | None
) -> int:
    result = engine.match_vacancies(candidate, top=LOOK_AT, today=today, restrictions=restrictions)
    return sum(s.score >= GOOD_SCORE for s in result.suggestions)


def skill_gap(
    engine: MatchEngine,
    candidate: Candidate,
    *,
    today: date,
    restrictions: Restrictions | None = None,
) -> list[Advice]:
    """Options that add good matches, the most useful first (empty when none helps)."""
    base = good_matches(engine, candidate, today=today, restrictions=restrictions)
    advice = []
    for option in options_for(candidate):
        gained = good_matches(
            engine, option.apply(candidate), today=today, restrictions=restrictions
        )
        if gained > base:
            advice.append(Advice(option.label, gained - base))
    return sorted(advice, key=lambda a: (-a.extra_matches, a.label))
