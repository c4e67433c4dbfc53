"""Ranking: one transparent weighted sum per candidate–vacancy pair.

    score = Σ weight[c] · value[c] / Σ weight,  every value[c] in 0–1

for c in semantic (embedding cosine, rescaled), occupation (same occupation), skills
(share of the requested skills the candidate has), perspective (job quality / 100)
and distance (closer is better). Hard constraints run first: a failed constraint
rejects the pair and keeps its reasons. Weights are a plain dataclass so the admin
settings (and, after review, learned weights) can pass their own. The components
themselves are `matcher.fit` (occupation, skills, distance) and `matcher.perspective`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date

from matcher import geo
from matcher.calibration import DEFAULT_CALIBRATION, Calibration
from matcher.constraints import ConstraintResult, age_on, check_all
from matcher.fit import (
    NEUTRAL,
    distance_value,
    is_training_path,
    occupation_match,
    skill_check,
)
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.perspective import Perspective, perspective_score
from matcher.taxonomy_lookups import TaxonomyLike

# The cosine scaling and the taxonomy thresholds belong to the embedding model:
# matcher.calibration, passed in as `calibration` (the default model's by default).


# Share of the skill overlap that counts for a job outside the candidate's desired work.
AMBITION_OUTSIDE_SKILL_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score components; defaults sum to 1 (any positive sum works)."""

    semantic: float = 0.35
    occupation: float = 0.15
    skills: float = 0.25
    perspective: float = 0.15
    distance: float = 0.10

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@dataclass(slots=True)
class Suggestion:
    """A pair that passed every hard constraint, with its score (0–1) and reasons."""

    candidate_id: int
    vacancy_id: int
    score: float
    breakdown: dict[str, float]  # component → 0–1, and component_weighted
    reasons: list[str]  # short Dutch reasons, never restricted ones
    warnings: list[str]  # Dutch warnings any viewer may see
    constraints: list[ConstraintResult]  # includes restricted (coach-only) results
    perspective: Perspective
    coach_notes: list[str] = field(default_factory=list)  # restricted: jobcoach only
    model: str | None = None  # embedding model the semantic score came from
    index_build: str | None = None  # VectorIndex.build_id of the retrieval
    missing_skills: list[str] = field(default_factory=list)  # requested, not held


@dataclass(slots=True)
class Rejection:
    """A pair removed by a hard constraint, kept so a jobcoach can see why not."""

    candidate_id: int
    vacancy_id: int
    reasons: list[str]  # Dutch reasons of the failed, non-restricted constraints
    constraints: list[ConstraintResult]
    coach_notes: list[str] = field(default_factory=list)  # restricted failures


# --- the pair -------------------------------------------------------------


def score_pair(
    candidate: Candidate,
    vacancy: Vacancy,
    *,
    semantic: float,
    taxonomy: TaxonomyLike | None,
    today: date,
    restrictions: Restrictions | None = None,
    weights: Weights = Weights(),
    km: float | None = None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> Suggestion | Rejection:
    """Check the constraints, then score; `semantic` is the embedding cosine of the model
    `calibration` belongs to (matcher.calibration), km straight-line."""
    if km is None:
        km = geo.distance_km(candidate.location, vacancy.location)
    verdict = check_all(candidate, vacancy, today=today, restrictions=restrictions, km=km)
    if not verdict.passed:
        return _rejection(candidate, vacancy, verdict.results)
    values, reasons, persp, missing = _components(
        candidate, vacancy, semantic, taxonomy, today, km, calibration
    )
    score, breakdown = combine(values, weights)
    reasons[2:2] = _constraint_reasons(verdict.results)
    return Suggestion(
        candidate_id=candidate.id,
        vacancy_id=vacancy.id,
        score=score,
        breakdown=breakdown,
        reasons=[r for r in reasons if r],
        warnings=[r.reason for r in verdict.warnings if not r.restricted],
        constraints=verdict.results,
        perspective=persp,
        coach_notes=[r.reason for r in verdict.warnings if r.restricted],
        missing_skills=list(missing),
    )


def _components(
    candidate: Candidate,
    vacancy: Vacancy,
    semantic: float,
    taxonomy: TaxonomyLike | None,
    today: date,
    km: float | None,
    calibration: Calibration,
) -> tuple[dict[str, float], list[str], Perspective, tuple[str, ...]]:
    """Component values (0–1), positive reasons, the perspective and the requested skills
    the candidate lacks, of a passing pair."""
    age = age_on(candidate.birth_date, today) if candidate.birth_date else None
    persp = perspective_score(vacancy, candidate_age=age, km=km)
    check = skill_check(candidate, vacancy, taxonomy, calibration)
    skills, skills_reason = check.value, check.reason
    occupation, occupation_reason = occupation_match(candidate, vacancy, taxonomy, calibration)
    values = {
        "semantic": calibration.semantic_value(semantic),
        "occupation": occupation,
        "skills": _skills_value(skills, _skill_share(candidate, vacancy, occupation_reason)),
        "perspective": persp.score / 100.0,
        "distance": distance_value(candidate, km),
    }
    reasons = [occupation_reason or "", skills_reason or "", *_perspective_reasons(persp)]
    return values, reasons, persp, check.missing


def _skill_share(candidate: Candidate, vacancy: Vacancy, occupation_reason: str | None) -> float:
    """How much the skill overlap counts. The stated ambition counts more than the past:
    when desired work is stated and this job is not that work, what the candidate can
    already do counts for AMBITION_OUTSIDE_SKILL_SHARE; on a training place in the wished
    work the trade is learnt there, so missing skills do not count against (-1)."""
    if occupation_reason is not None and is_training_path(vacancy):
        return -1.0
    if occupation_reason is None and candidate.desired_work.strip():
        return AMBITION_OUTSIDE_SKILL_SHARE
    return 1.0


def _skills_value(skills: float | None, share: float) -> float:
    if skills is None:
        return NEUTRAL
    return max(skills, NEUTRAL) if share < 0 else share * skills


def combine(values: dict[str, float], weights: Weights) -> tuple[float, dict[str, float]]:
    """Weighted mean (0–1) of component values, and the breakdown with weighted parts."""
    w = weights.as_dict()
    total = sum(w.values()) or 1.0
    breakdown: dict[str, float] = {}
    for name, value in values.items():
        breakdown[name] = round(value, 4)
        breakdown[f"{name}_weighted"] = round(w.get(name, 0.0) * value / total, 4)
    score = sum(w.get(n, 0.0) * v for n, v in values.items()) / total
    return round(score, 4), breakdown


def _constraint_reasons(results: list[ConstraintResult]) -> list[str]:
    # The trip ("9 km, 30 min fietsen") is worth showing; other passes are noise.
    return [r.reason for r in results if r.name == "travel" and r.passed and not r.warning]


def _perspective_reasons(persp: Perspective) -> list[str]:
    # Good news only: any training or second chance, other parts when clearly good.
    return [
        c.explanation
        for c in persp.components
        if c.name != "distance"
        and c.points > 0
        and (c.name in ("training", "second_chance") or c.points >= 0.7 * c.max_points)
    ]


def _rejection(
    candidate: Candidate, vacancy: Vacancy, results: list[ConstraintResult]
) -> Rejection:
    failed = [r for r in results if not r.passed]
    return Rejection(
        candidate_id=candidate.id,
        vacancy_id=vacancy.id,
        reasons=[r.reason for r in failed if not r.restricted],
        constraints=results,
        coach_notes=[r.reason for r in failed if r.restricted],
    )


# --- relevance floor ------------------------------------------------------

RELEVANCE = "relevance"  # name of the "too far from the wished work" result
RELEVANCE_COMPONENTS = ("semantic", "occupation", "skills")
# The floor itself belongs to the model's semantic scale: matcher.calibration, fitted by
# bench/calibrate.py on the hand-judged Utrecht candidates (see README, "Matching");
# PERSPECTIEF_RELEVANCE_FLOOR overrides it in the service and the CLI.


def relevance(breakdown: Mapping[str, float], weights: Weights) -> float:
    """Is this the right kind of work? 0–1: the weighted mean of the content components
    (semantic, occupation, skills) with the ranking's own weights. Perspective and
    distance say how good or near a job is, not whether it fits; they do not count.
    Work in the wished occupation (or a training place toward it) is relevant whatever
    its text says: 1."""
    if breakdown.get("occupation", 0.0) >= 1.0:
        return 1.0
    w = weights.as_dict()
    total = sum(w[c] for c in RELEVANCE_COMPONENTS)
    if total <= 0:
        return 1.0
    return sum(w[c] * breakdown.get(c, 0.0) for c in RELEVANCE_COMPONENTS) / total


def below_floor(
    found: Suggestion | Rejection, candidate: Candidate, weights: Weights, floor: float
) -> Suggestion | Rejection:
    """A suggestion whose relevance is under `floor` becomes a rejection with its reason:
    a short honest list beats a padded one."""
    if isinstance(found, Rejection) or relevance(found.breakdown, weights) >= floor:
        return found
    wish = " ".join(candidate.desired_work.split())
    reason = f"past te weinig bij '{wish}'" if wish else "past te weinig bij het profiel"
    result = ConstraintResult(RELEVANCE, False, reason)
    return Rejection(found.candidate_id, found.vacancy_id, [reason], [*found.constraints, result])
