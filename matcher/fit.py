"""How well a candidate fits a vacancy, per ranking component: occupation match, skill
overlap and distance, each a value 0–1 with its Dutch reason.

The English-trained default model is weak on Dutch, so the lexical skill and title
overlap here is deliberately forgiving of Dutch compounds ("heftruck" matches
"heftruckchauffeur"), and ESCO look-ups add synonyms when a taxonomy is loaded.
"""

from __future__ import annotations

from functools import lru_cache

from matcher import geo
from matcher.calibration import DEFAULT_CALIBRATION, Calibration
from matcher.folding import fold
from matcher.models import Candidate, Vacancy
from matcher.neutral import gender_folded
from matcher.taxonomy_lookups import TaxonomyLike, TaxonomyLookups, lookups

NEUTRAL = 0.5  # value of a component that cannot be judged (no skills asked, no km)
DISTANCE_HORIZON_KM = 25.0  # distance value reaches 0 here when the candidate set no limit
GENERIC_TITLE_WORDS = {"medewerker", "allround", "junior", "senior", "assistent", "hulp"}
_STOPWORDS = {"en", "van", "de", "het", "een", "met", "in", "op", "voor", "te", "of"}


# --- words ----------------------------------------------------------------


@lru_cache(maxsize=65536)
def terms(text: str) -> frozenset[str]:
    """Significant folded words (≥3 letters, no stop words) of a text; gendered job words
    in one form, so "kapster" meets "Kapper" (matcher.neutral)."""
    words = fold(gender_folded(text)).split()
    return frozenset(w for w in words if len(w) >= 3 and w not in _STOPWORDS)


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
    found = _requested_skills_found(candidate, vacancy, taxonomy, calibration)
    if not found:
        return None, None
    # "0 van de 3" is no reason to suggest a job; the value still counts in the score.
    reason = f"{sum(found)} van de {len(found)} gevraagde vaardigheden" if any(found) else None
    return sum(found) / len(found), reason


def _requested_skills_found(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration,
) -> list[bool]:
    """Per requested skill: does the candidate have it, in words or (with a taxonomy)
    as the same ESCO skill?"""
    pool = candidate_pool(candidate)
    if taxonomy is None:
        return [phrase_present(s, pool) for s in vacancy.skills]
    look = lookups(taxonomy)
    least = calibration.skill_min_score
    held = [*candidate.skills, *candidate.certificates]
    held_uris = frozenset().union(*(look.skill_uris(s, least) for s in held))
    if vacancy.skills:
        return [
            phrase_present(s, pool) or bool(look.skill_uris(s, least) & held_uris)
            for s in vacancy.skills
        ]
    uri = _vacancy_occupation(vacancy, look, calibration.occupation_min_score)
    return _essential_found(uri, look, pool, held_uris)


def _essential_found(
    uri: str | None, look: TaxonomyLookups, pool: frozenset[str], held_uris: frozenset[str]
) -> list[bool]:
    # Essential skills of the vacancy's occupation stand in for a missing skill list.
    essentials = look.essential(uri) if uri else ()
    return [
        u in held_uris or phrase_present(look.taxonomy.skill_label(u) or "", pool)
        for u in essentials
    ]


def _vacancy_occupation(vacancy: Vacancy, look: TaxonomyLookups, min_score: float) -> str | None:
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
