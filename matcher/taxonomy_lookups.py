"""Taxonomy look-ups for ranking, cached per taxonomy: title -> occupations, skill
phrase -> skill, skill phrase -> the occupation of the person doing it (by its Dutch
name), occupation -> essential skills.

The same titles and skills recur across thousands of pairs, and each look-up is a model
call, so `warm_lookups` batches them ahead of scoring and every answer is cached
(bounded). Ranking sees the taxonomy only through `TaxonomyLike`, so the engine needs
no scikit-learn unless a taxonomy is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from matcher.folding import fold
from matcher.models import Vacancy
from matcher.skills import agent_nouns, written_once


class TaxonomyLike(Protocol):
    """What ranking needs from `matcher.taxonomy.Taxonomy`."""

    def occupations_for(self, text: str, k: int) -> list: ...
    def skills_for(self, phrase: str, k: int) -> list: ...
    def skills_of_occupation(self, uri: str): ...
    def occupation_label(self, uri: str) -> str | None: ...
    def skill_label(self, uri: str) -> str | None: ...


class TaxonomyLookups:
    """Per taxonomy: title -> occupations and phrase -> skills, cached (bounded)."""

    def __init__(self, taxonomy: TaxonomyLike) -> None:
        self.taxonomy = taxonomy
        self._skills: dict[str, tuple[tuple[str, float], ...]] = {}
        self._occupations: dict[tuple[str, int], tuple[tuple[str, float], ...]] = {}
        self._essential: dict[str, tuple[str, ...]] = {}
        self._doers: dict[str, frozenset[str]] = {}
        self._names: dict[str, frozenset[str]] | None = None

    # Each getter returns the value it found or made, never a second read of the cache:
    # a warm-up in another thread may write (or reset) the cache in between.

    def skill_uris(self, phrase: str, min_score: float) -> frozenset[str]:
        """The skill a phrase means, when its score (0–1) reaches min_score."""
        found = self._skills.get(phrase)
        if found is None:
            found = _pairs(self.taxonomy.skills_for(phrase, 1))
            _bounded(self._skills)[phrase] = found
        return frozenset(uri for uri, score in found if score >= min_score)

    def skill_doers(self, phrase: str) -> frozenset[str]:
        """The occupations whose one-word Dutch label names the person doing the skill
        ("orders verzamelen" -> orderverzamelaar, "orderpicken" -> orderpicker: both
        ESCO's orderpicker). Two skills with a doer in common are the same work."""
        found = self._doers.get(phrase)
        if found is None:
            names = self._occupation_names()
            found = frozenset().union(*(names.get(n, ()) for n in agent_nouns(phrase)))
            _bounded(self._doers)[phrase] = found
        return found

    def _occupation_names(self) -> dict[str, frozenset[str]]:
        # Built once: one-word Dutch occupation labels, doubled letters written once.
        if self._names is None:
            self._names = occupation_names(getattr(self.taxonomy, "esco", None))
        return self._names

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


def occupation_names(esco: Any) -> dict[str, frozenset[str]]:
    """One-word Dutch occupation labels (folded, doubled letters written once) -> the
    occupations they name; empty without ESCO data (a taxonomy without `esco`)."""
    names: dict[str, set[str]] = {}
    for uri, concept in getattr(esco, "occupations", {}).items():
        for label in concept.labels("nl"):
            words = fold(label).split()
            if len(words) == 1:
                names.setdefault(written_once(words[0]), set()).add(uri)
    return {name: frozenset(uris) for name, uris in names.items()}


def _pairs(found: Sequence[Any]) -> tuple[tuple[str, float], ...]:
    return tuple((m.uri, float(m.score)) for m in found)


def _bounded(cache: dict[Any, Any], size: int = 65536) -> dict[Any, Any]:
    """The cache, emptied first when full (titles and skills recur; a rare full reset is
    cheaper than tracking recency)."""
    if len(cache) >= size:
        cache.clear()
    return cache


_lookups: dict[int, TaxonomyLookups] = {}


def warm_lookups(taxonomy: TaxonomyLike, vacancies: Iterable[Vacancy]) -> int:
    """Prepare the taxonomy lookups that scoring these vacancies will need (batched);
    returns how many titles and skill phrases were looked up."""
    return lookups(taxonomy).warm(vacancies)


def lookups(taxonomy: TaxonomyLike) -> TaxonomyLookups:
    """The cached lookups of a taxonomy (one cache per taxonomy object)."""
    found = _lookups.get(id(taxonomy))
    if found is None or found.taxonomy is not taxonomy:
        found = _lookups[id(taxonomy)] = TaxonomyLookups(taxonomy)
    return found
