"""How well a candidate fits a vacancy, per ranking component: occupation match, skill
overlap and distance, each a value 0–1 with its Dutch reason.

The English-trained default model is weak on Dutch, so the lexical title overlap here
is deliberately forgiving of Dutch compounds ("heftruck" matches "heftruckchauffeur");
skills are compared by Dutch word formation (matcher.skills), and ESCO look-ups add
synonyms when a taxonomy is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from matcher import geo
from matcher.calibration import DEFAULT_CALIBRATION, Calibration
from matcher.folding import fold
from matcher.models import Candidate, Vacancy
from matcher.neutral import gender_folded
from matcher.skills import phrase_meets
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


@dataclass(frozen=True, slots=True)
class SkillCheck:
    """The vacancy's requested skills against the candidate's."""

    value: float | None  # share (0–1) the candidate has; None when nothing is requested
    reason: str | None  # "2 van de 3 gevraagde vaardigheden"; None when none are found
    missing: tuple[str, ...]  # the vacancy's own skills the candidate lacks, as written


def skill_check(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> SkillCheck:
    """Which requested skills the candidate has (matcher.skills compares them).

    Requested = the vacancy's skills, or else (with a taxonomy) the essential skills
    of its occupation; only the vacancy's own skills are named as missing.
    """
    if vacancy.skills:
        found = [_has_skill(candidate, s, taxonomy, calibration) for s in vacancy.skills]
    else:
        found = _essential_skills_found(candidate, vacancy, taxonomy, calibration)
    if not found:
        return SkillCheck(None, None, ())
    have = sum(found)
    # "0 van de 3" is no reason to suggest a job; the value still counts in the score.
    reason = f"{have} van de {len(found)} gevraagde vaardigheden" if have else None
    missing = tuple(s for s, ok in zip(vacancy.skills, found, strict=False) if not ok)
    return SkillCheck(have / len(found), reason, missing)


def skill_overlap(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> tuple[float | None, str | None]:
    """Share (0–1) of the vacancy's requested skills the candidate has, and a reason
    (`skill_check` without the missing skills)."""
    check = skill_check(candidate, vacancy, taxonomy, calibration)
    return check.value, check.reason


def skills_held(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> tuple[str, ...]:
    """The vacancy's own requested skills the candidate has, as written: those
    `skill_check` does not name as missing. The candidate's page ("Je kunt al") and the
    coach's card ("Mist nog") use this one test, so they never disagree."""
    if not vacancy.skills:
        return ()
    missing = skill_check(candidate, vacancy, taxonomy, calibration).missing
    return tuple(s for s in vacancy.skills if s not in missing)


def _has_skill(
    candidate: Candidate, skill: str, taxonomy: TaxonomyLike | None, calibration: Calibration
) -> bool:
    """In words (a skill, certificate or the experience), or with a taxonomy as the same
    ESCO skill or the same work by its doer's Dutch name ("orderpicker")."""
    held = (*candidate.skills, *candidate.certificates)
    if any(phrase_meets(skill, h) for h in held) or phrase_meets(skill, candidate.experience):
        return True
    if taxonomy is None:
        return False
    look, least = lookups(taxonomy), calibration.skill_min_score
    doers = look.skill_doers(skill)
    if doers and any(doers & look.skill_doers(h) for h in held):
        return True
    uris = look.skill_uris(skill, least)
    return bool(uris) and any(uris & look.skill_uris(h, least) for h in held)


def _essential_skills_found(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration,
) -> list[bool]:
    """Per essential ESCO skill of the vacancy's occupation: does the candidate have it,
    in words or as the same ESCO skill?"""
    if taxonomy is None:
        return []
    look = lookups(taxonomy)
    least = calibration.skill_min_score
    held = [*candidate.skills, *candidate.certificates]
    held_uris = frozenset().union(*(look.skill_uris(s, least) for s in held))
    uri = _vacancy_occupation(vacancy, look, calibration.occupation_min_score)
    return _essential_found(uri, look, candidate_pool(candidate), held_uris)


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


# Words that say how a job is learnt or how senior it is, not which occupation it is.
TRAINING_TITLE_WORDS = {"leerling", "aankomend", "bbl", "opleiding", "leerwerkplek", "trainee"}
LEVEL_TITLE_WORDS = {"zelfstandig", "werkend", "ervaren", "eerste", "tweede"}


def is_training_path(vacancy: Vacancy) -> bool:
    """A place to learn the trade: BBL, or a title that says so ("Leerling kok")."""
    return (
        vacancy.bbl
        or vacancy.contract_type == "bbl"
        or bool(terms(vacancy.title) & TRAINING_TITLE_WORDS)
    )


def occupation_match(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration = DEFAULT_CALIBRATION,
) -> tuple[float, str | None]:
    """Does the vacancy's occupation match the work the candidate wants? 0–1 and reason.

    The stated ambition is what counts: a training place (BBL, "leerling kok") in the
    wished occupation gets full value, "opleidingsplek richting kok"."""
    value, reason, name = _occupation_fit(candidate, vacancy, taxonomy, calibration)
    if reason is not None and is_training_path(vacancy):
        return 1.0, f"opleidingsplek richting {name}"
    return value, reason


def _occupation_fit(
    candidate: Candidate,
    vacancy: Vacancy,
    taxonomy: TaxonomyLike | None,
    calibration: Calibration,
) -> tuple[float, str | None, str]:
    """Value 0–1, reason, and the occupation's name in words."""
    best, reason, name = _title_words_fit(candidate, vacancy)
    if vacancy.occupation_uri and vacancy.occupation_uri in candidate.occupation_uris:
        return 1.0, "past bij gewenst beroep", _label(taxonomy, vacancy.occupation_uri, name)
    if taxonomy is None:
        return best, reason, name
    look = lookups(taxonomy)
    least = calibration.occupation_min_score
    uri = _vacancy_occupation(vacancy, look, least)
    if uri is None:
        return best, reason, name
    scores = dict(look.occupations(candidate.desired_work, 3))
    scores.update({u: 1.0 for u in candidate.occupation_uris})
    value = scores.get(uri, 0.0)
    if value >= least and value > best:
        label = taxonomy.occupation_label(uri) or "gewenst beroep"
        best, reason, name = min(1.0, value), f"past bij gewenst beroep: {label}", label
    return best, reason, name


def _title_words_fit(candidate: Candidate, vacancy: Vacancy) -> tuple[float, str | None, str]:
    """In words: the share of the title's telling words found in the desired work, the
    reason when at least half are, and the words found (else the title)."""
    title_words = terms(vacancy.title) - GENERIC_TITLE_WORDS - TRAINING_TITLE_WORDS
    title_words -= LEVEL_TITLE_WORDS
    # "medewerker" in "pedagogisch medewerker" must not find "spoelkeukenmedewerker".
    wanted = terms(candidate.desired_work) - GENERIC_TITLE_WORDS - LEVEL_TITLE_WORDS
    found = [w for w in sorted(title_words) if _term_found(w, wanted)]
    lexical = len(found) / len(title_words) if title_words and wanted else 0.0
    reason = "past bij gewenst werk" if lexical >= 0.5 else None
    return lexical, reason, " ".join(found) or vacancy.title


def _label(taxonomy: TaxonomyLike | None, uri: str, fallback: str) -> str:
    return (taxonomy.occupation_label(uri) if taxonomy else None) or fallback


def distance_value(candidate: Candidate, km: float | None) -> float:
    """1 at home, falling linearly to 0 at the candidate's reach (or 25 km); 0.5 unknown."""
    if km is None:
        return NEUTRAL
    reach = geo.reachable_km(
        candidate.max_travel_km, candidate.max_travel_minutes, candidate.travel_mode
    )
    horizon = reach if reach and reach > 0 else DISTANCE_HORIZON_KM
    return min(1.0, max(0.0, 1.0 - km / horizon))
