"""Ranking: one transparent weighted sum per candidate–vacancy pair.

    score = Σ weight[c] · value[c] / Σ weight,  every value[c] in 0–1

for c in semantic (embedding cosine, rescaled), occupation (same occupation), skills
(share of the requested skills the candidate has), perspective (job quality / 100)
and distance (closer is better). Hard constraints run first: a failed constraint
rejects the pair and keeps its reasons. Weights are a plain dataclass so the admin
settings (and, after review, learned weights) can pass their own.

The English-trained default model is weak on Dutch, so the lexical skill and title
overlap here is deliberately forgiving of Dutch compounds ("heftruck" matches
"heftruckchauffeur"), and ESCO lookups add synonyms when a taxonomy is loaded.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from functools import lru_cache
from typing import Any, Protocol

from matcher import geo
from matcher.calibration import DEFAULT_CALIBRATION, Calibration
from matcher.constraints import ConstraintResult, age_on, check_all
from matcher.models import Candidate, Restrictions, Vacancy
from matcher.perspective import Perspective, perspective_score

# The cosine scaling and the taxonomy thresholds belong to the embedding model:
# matcher.calibration, passed in as `calibration` (the default model's by default).
NEUTRAL = 0.5  # value of a component that cannot be judged (no skills asked, no km)
DISTANCE_HORIZON_KM = 25.0  # distance value reaches 0 here when the candidate set no limit
GENERIC_TITLE_WORDS = {"medewerker", "allround", "junior", "senior", "assistent", "hulp"}
_STOPWORDS = {"en", "van", "de", "het", "een", "met", "in", "op", "voor", "te", "of"}


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


class ConceptMatchLike(Protocol):
    uri: str
    score: float


class TaxonomyLike(Protocol):
    """What ranking needs from `matcher.taxonomy.Taxonomy`."""

    def occupations_for(self, text: str, k: int) -> list: ...
    def skills_for(self, phrase: str, k: int) -> list: ...
    def skills_of_occupation(self, uri: str): ...
    def occupation_label(self, uri: str) -> str | None: ...
    def skill_label(self, uri: str) -> str | None: ...


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


@dataclass(slots=True)
class Rejection:
    """A pair removed by a hard constraint, kept so a jobcoach can see why not."""

    candidate_id: int
    vacancy_id: int
    reasons: list[str]  # Dutch reasons of the failed, non-restricted constraints
    constraints: list[ConstraintResult]
    coach_notes: list[str] = field(default_factory=list)  # restricted failures


# --- words ----------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, only letters/digits and single spaces."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


@lru_cache(maxsize=65536)
def terms(text: str) -> frozenset[str]:
    """Significant folded words (≥3 letters, no stop words) of a text."""
    return frozenset(w for w in fold(text).split() if len(w) >= 3 and w not in _STOPWORDS)


def _term_found(term: str, pool: frozenset[str]) -> bool:
    # Dutch compounds: a word of ≥5 letters inside another counts ("heftruck" in
    # "heftruckchauffeur", "schoonmaak" in "schoonmaken").
    if term in pool:
        return True
    return any((len(term) >= 5 and term in t) or (len(t) >= 5 and t in term) for t in pool)


def phrase_present(phrase: str, pool: frozenset[str]) -> bool:
    """At least half of the phrase's significant words occur in the word pool."""
    words = terms(phrase)
    return bool(words) and 2 * sum(_term_found(w, pool) for w in words) >= len(words)


# --- taxonomy lookups (cached: the same titles and skills recur) -----------


class _Lookups:
    """Per taxonomy: title -> occupations and phrase -> skills, cached (bounded)."""

    def __init__(self, taxonomy: TaxonomyLike) -> None:
        self.taxonomy = taxonomy
        self._skills: dict[str, tuple[tuple[str, float], ...]] = {}
        self._occupations: dict[tuple[str, int], tuple[tuple[str, float], ...]] = {}
        self._essential: dict[str, tuple[str, ...]] = {}

    # Each getter returns the value it found or made, never a second read of the cache:
    # a warm-up in another thread may write (or reset) the cache in between.

    def skill_uris(self, phrase: str, min_score: float) -> frozenset[str]:
        """The skill a phrase means, when its score (0–1) reaches min_score."""
        found = self._skills.get(phrase)
        if found is None:
            found = _pairs(self.taxonomy.skills_for(phrase, 1))
            _bounded(self._skills)[phrase] = found
        return frozenset(uri for uri, score in found if score >= min_score)

    def occupations(self, text: str, k: int) -> tuple[tuple[str, float], ...]:
        found = self._occupations.get((text, k))
        if found is None:
            matches = self.taxonomy.occupations_for(text, k) if text.strip() else []
            found = _pairs(matches)
            _bounded(self._occupations)[(text, k)] = found
        return found

    def essential(self, uri: str) -> tuple[str, ...]:
        found = self._essential.get(uri)
        if found is None:
            skills = self.taxonomy.skills_of_occupation(uri)
            found = tuple(skills.essential) if skills is not None else ()
            _bounded(self._essential)[uri] = found
        return found

    def warm(self, vacancies: Iterable[Vacancy]) -> int:
        """Look up the titles and skills of these vacancies in one batch each, so that
        scoring them later costs no model call. Returns how many texts were new."""
        batch = list(vacancies)
        wanted = {v.title for v in batch if not v.occupation_uri and v.title.strip()}
        titles = sorted(t for t in wanted if (t, 1) not in self._occupations)
        phrases = sorted({s for v in batch for s in v.skills if s not in self._skills})
        many_titles = getattr(self.taxonomy, "occupations_for_many", None)
        many_skills = getattr(self.taxonomy, "skills_for_many", None)
        if titles and many_titles is not None:
            for title, found in zip(titles, many_titles(titles, 1), strict=True):
                _bounded(self._occupations)[(title, 1)] = _pairs(found)
        if phrases and many_skills is not None:
            for phrase, found in zip(phrases, many_skills(phrases, 1), strict=True):
                _bounded(self._skills)[phrase] = _pairs(found)
        return len(titles) + len(phrases)


def _pairs(found: Sequence[Any]) -> tuple[tuple[str, float], ...]:
    return tuple((m.uri, float(m.score)) for m in found)


def _bounded(cache: dict[Any, Any], size: int = 65536) -> dict[Any, Any]:
    """The cache, emptied first when full (titles and skills recur; a rare full reset is
    cheaper than tracking recency)."""
    if len(cache) >= size:
        cache.clear()
    return cache


_lookups: dict[int, _Lookups] = {}


def warm_lookups(taxonomy: TaxonomyLike, vacancies: Iterable[Vacancy]) -> int:
    """Prepare the taxonomy lookups that scoring these vacancies will need (batched);
    returns how many titles and skill phrases were looked up."""
    return lookups(taxonomy).warm(vacancies)


def lookups(taxonomy: TaxonomyLike) -> _Lookups:
    """The cached lookups of a taxonomy (one cache per taxonomy object)."""
    found = _lookups.get(id(taxonomy))
    if found is None or found.taxonomy is not taxonomy:
        found = _lookups[id(taxonomy)] = _Lookups(taxonomy)
    return found


# --- components -----------------------------------------------------------


def candidate_pool(candidate: Candidate) -> frozenset[str]:
    """Words describing what a candidate can do: skills, certificates, experience."""
    texts = [*candidate.skills, *candidate.certificates, candidate.experience]
    return frozenset().union(*(terms(t) for t in texts))


def skill_overlap(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> tuple[float | None, str | None]:
    """Share (0–1) of the vacancy's requested skills the candidate has, and a reason.

    Requested = the vacancy's skills, or else (with a taxonomy) the essential skills
    of its occupation. None when nothing is requested.
    """
    pool = candidate_pool(candidate)
    look = lookups(taxonomy) if taxonomy is not None else None
    least = calibration.skill_min_score
    held_uris: frozenset[str] = frozenset()
    if look is not None:
        held = [*candidate.skills, *candidate.certificates]
        held_uris = frozenset().union(*(look.skill_uris(s, least) for s in held))
    if vacancy.skills:
        found = [
            phrase_present(s, pool) or bool(look and look.skill_uris(s, least) & held_uris)
            for s in vacancy.skills
        ]
    elif look is not None:
        uri = _vacancy_occupation(vacancy, look, calibration.occupation_min_score)
        found = _essential_found(uri, look, pool, held_uris)
    else:
        found = []
    if not found:
        return None, None
    # "0 van de 3" is no reason to suggest a job; the value still counts in the score.
    reason = f"{sum(found)} van de {len(found)} gevraagde vaardigheden" if any(found) else None
    return sum(found) / len(found), reason


def _essential_found(
    uri: str | None, look: _Lookups, pool: frozenset[str], held_uris: frozenset[str]
) -> list[bool]:
    # Essential skills of the vacancy's occupation stand in for a missing skill list.
    essentials = look.essential(uri) if uri else ()
    return [
        u in held_uris or phrase_present(look.taxonomy.skill_label(u) or "", pool)
        for u in essentials
    ]


def _vacancy_occupation(vacancy: Vacancy, look: _Lookups, min_score: float) -> str | None:
    if vacancy.occupation_uri:
        return vacancy.occupation_uri
    found = look.occupations(vacancy.title, 1)
    return found[0][0] if found and found[0][1] >= min_score else None


def occupation_match(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> tuple[float, str | None]:
    """Does the vacancy's occupation match the work the candidate wants? 0–1 and reason."""
    title_words = terms(vacancy.title) - GENERIC_TITLE_WORDS
    wanted = terms(candidate.desired_work)
    found = sum(_term_found(w, wanted) for w in title_words)
    lexical = found / len(title_words) if title_words and wanted else 0.0
    best, reason = lexical, ("past bij gewenst werk" if lexical >= 0.5 else None)
    if vacancy.occupation_uri and vacancy.occupation_uri in candidate.occupation_uris:
        return 1.0, "past bij gewenst beroep"
    if taxonomy is None:
        return best, reason
    look = lookups(taxonomy)
    least = calibration.occupation_min_score
    uri = _vacancy_occupation(vacancy, look, least)
    if uri is None:
        return best, reason
    scores = dict(look.occupations(candidate.desired_work, 3))
    scores.update({u: 1.0 for u in candidate.occupation_uris})
    value = scores.get(uri, 0.0)
    if value >= least and value > best:
        label = taxonomy.occupation_label(uri) or "gewenst beroep"
        best, reason = min(1.0, value), f"past bij gewenst beroep: {label}"
    return best, reason


def distance_value(candidate: Candidate, km: float | None) -> float:
    """1 at home, falling linearly to 0 at the candidate's reach (or 25 km); 0.5 unknown."""
    if km is None:
        return NEUTRAL
    reach = geo.reachable_km(
        candidate.max_travel_km, candidate.max_travel_minutes, candidate.travel_mode
    )
    horizon = reach if reach and reach > 0 else DISTANCE_HORIZON_KM
    return min(1.0, max(0.0, 1.0 - km / horizon))


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
    values, reasons, persp = _components(
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
    )


def _components(
    candidate: Candidate,
    vacancy: Vacancy,
    semantic: float,
    taxonomy: TaxonomyLike | None,
    today: date,
    km: float | None,
    calibration: Calibration,
) -> tuple[dict[str, float], list[str], Perspective]:
    """Component values (0–1), positive reasons and the perspective of a passing pair."""
    age = age_on(candidate.birth_date, today) if candidate.birth_date else None
    persp = perspective_score(vacancy, candidate_age=age, km=km)
    skills, skills_reason = skill_overlap(candidate, vacancy, taxonomy, calibration)
    occupation, occupation_reason = occupation_match(candidate, vacancy, taxonomy, calibration)
    values = {
        "semantic": calibration.semantic_value(semantic),
        "occupation": occupation,
        "skills": NEUTRAL if skills is None else skills,
        "perspective": persp.score / 100.0,
        "distance": distance_value(candidate, km),
    }
    reasons = [occupation_reason or "", skills_reason or "", *_perspective_reasons(persp)]
    return values, reasons, persp


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
