"""The ESCO taxonomy as the product uses it: titles and skill phrases to concept URIs.

Loaded once at start. Without ESCO data the product still matches on text alone, so
`load_taxonomy` returns None instead of failing when no data directory is configured.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from matcher.embedding import Encoder
from matcher.taxonomy.esco import Concept, EscoData, read_esco
from matcher.taxonomy.forms import esco_forms
from matcher.taxonomy.normaliser import ConceptIndex

# The ESCO licence asks for this line wherever ESCO labels are shown.
ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."

# Not tuned (no Dutch skill benchmark): labels first, alternatives close behind.
SKILL_WEIGHTS = {
    ("char", "label"): 1.0,
    ("char", "other"): 0.7,
    ("word", "label"): 0.5,
    ("word", "other"): 0.35,
    ("emb", "label"): 0.7,
}


@dataclass(frozen=True)
class ConceptMatch:
    """An ESCO concept found for a text; score 0-1, higher is closer."""

    uri: str
    label: str
    score: float


@dataclass(frozen=True)
class OccupationSkills:
    """Skill URIs ESCO lists as essential / optional for an occupation."""

    essential: tuple[str, ...]
    optional: tuple[str, ...]


class Taxonomy:
    """ESCO occupations and skills with a normaliser over their labels."""

    def __init__(self, esco: EscoData, *, encoder: Encoder | None, cache_dir: Path | None) -> None:
        self.esco = esco
        self._occupation_uris, self._occupations = occupation_index(
            esco, encoder=encoder, cache_dir=cache_dir
        )
        self._skill_uris = sorted(esco.skills)
        self._skills = ConceptIndex(
            [_skill_forms(esco.skills[uri]) for uri in self._skill_uris],
            encoder=encoder,
            cache_dir=cache_dir,
            weights=SKILL_WEIGHTS,
            titles=False,  # skill phrases: no title clean-up, kinds are not languages
        )

    @classmethod
    def load(
        cls, esco_dir: Path, *, encoder: Encoder | None = None, cache_dir: Path | None = None
    ) -> Taxonomy:
        """Read ESCO CSVs from esco_dir; FileNotFoundError if they are not there."""
        return cls(read_esco(Path(esco_dir)), encoder=encoder, cache_dir=cache_dir)

    def occupations_for(self, text: str, k: int = 5) -> list[ConceptMatch]:
        """The k ESCO occupations a (Dutch or English) job title or text most likely means."""
        return self._matches(self._occupations, self._occupation_uris, text, k, "nl")

    def skills_for(self, phrase: str, k: int = 3) -> list[ConceptMatch]:
        """The k ESCO skills closest to a skill phrase."""
        return self._matches(self._skills, self._skill_uris, phrase, k, "skill")

    def occupations_for_many(self, texts: list[str], k: int = 5) -> list[list[ConceptMatch]]:
        """`occupations_for` of many texts at once (one batched encode: much cheaper)."""
        return self._matches_many(self._occupations, self._occupation_uris, texts, k, "nl")

    def skills_for_many(self, phrases: list[str], k: int = 3) -> list[list[ConceptMatch]]:
        """`skills_for` of many phrases at once."""
        return self._matches_many(self._skills, self._skill_uris, phrases, k, "skill")

    def skills_of_occupation(self, uri: str) -> OccupationSkills:
        """Essential and optional skill URIs of an occupation (empty for unknown URIs)."""
        return OccupationSkills(
            essential=self.esco.essential.get(uri, ()), optional=self.esco.optional.get(uri, ())
        )

    def occupation_label(self, uri: str, lang: str = "nl") -> str | None:
        """Preferred label in lang, falling back to any language; None if unknown."""
        concept = self.esco.occupations.get(uri) or self.esco.isco_groups.get(uri)
        if concept is None:
            return None
        return concept.preferred.get(lang) or next(iter(concept.preferred.values()), None)

    def skill_label(self, uri: str, lang: str = "en") -> str | None:
        """Preferred skill label in lang (English by default, as shipped); None if unknown."""
        concept = self.esco.skills.get(uri)
        if concept is None:
            return None
        return concept.preferred.get(lang) or next(iter(concept.preferred.values()), None)

    def _matches(
        self, index: ConceptIndex, uris: list[str], text: str, k: int, kind: str
    ) -> list[ConceptMatch]:
        return self._matches_many(index, uris, [text], k, kind)[0]

    def _matches_many(
        self, index: ConceptIndex, uris: list[str], texts: list[str], k: int, kind: str
    ) -> list[list[ConceptMatch]]:
        asked = [i for i, text in enumerate(texts) if text.strip()]
        found: list[list[ConceptMatch]] = [[] for _ in texts]
        if not asked or k <= 0:
            return found
        label = self.occupation_label if kind == "nl" else self.skill_label
        for i, hits in zip(asked, index.search([texts[i] for i in asked], k), strict=True):
            found[i] = [
                ConceptMatch(uri=uris[c], label=label(uris[c]) or "", score=min(1.0, max(0.0, s)))
                for c, s in hits
            ]
        return found


def occupation_index(
    esco: EscoData,
    *,
    encoder: Encoder | None,
    cache_dir: Path | None,
    rules_off: Collection[str] = frozenset(),
) -> tuple[list[str], ConceptIndex]:
    """ESCO's occupation URIs (sorted) and the normaliser over their forms: what
    `Taxonomy.occupations_for` searches. `rules_off` is for benchmarks measuring a
    title rule (bench/product_titles.py)."""
    uris = sorted(esco.occupations)
    forms = [esco_forms(esco, uri) for uri in uris]
    index = ConceptIndex(forms, encoder=encoder, cache_dir=cache_dir, rules_off=rules_off)
    return uris, index


def _skill_forms(skill: Concept) -> list[tuple[str, str]]:
    # Skill phrases come in either language. Preferred labels are "label" and the ~100k
    # alternative labels "other": only preferred labels are embedded, to keep a cold
    # load to minutes; the alternatives still count lexically.
    preferred = [("label", text) for text in skill.preferred.values()]
    alternative = [("other", t) for lang in skill.alternative for t in skill.alternative[lang]]
    return preferred + alternative


def load_taxonomy(
    esco_dir: Path | None, *, encoder: Encoder | None = None, cache_dir: Path | None = None
) -> Taxonomy | None:
    """The taxonomy, or None when no ESCO directory is configured or it holds no data."""
    if esco_dir is None or not Path(esco_dir).is_dir() or not any(Path(esco_dir).iterdir()):
        return None
    return Taxonomy.load(Path(esco_dir), encoder=encoder, cache_dir=cache_dir)
