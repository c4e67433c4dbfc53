"""A candidate's skills as the coach's form sends them, each skill once.

The form sends every chosen skill as its own `skills` field (a checked box: one already
stored, or one picked or confirmed in the autocomplete, so a label with a comma stays
whole) and, from a browser without script, what was typed in the entry box, separated
by commas. "Heftruck rijden", "heftruck  rijden" and "héftruck rijden" are one skill:
the first spelling is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TYPED_SEPARATORS = re.compile(r"[,;\n]")
MAX_SKILL_LENGTH = 200


def skill_key(skill: str) -> str:
    """What makes two spellings one skill: no case, accents or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", skill)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def unique_skills(skills: Iterable[str]) -> list[str]:
    """Each skill once, in the order given, spaces tidied; empty entries dropped."""
    kept: dict[str, str] = {}
    for skill in skills:
        tidy = " ".join(skill.split())[:MAX_SKILL_LENGTH]
        if tidy:
            kept.setdefault(skill_key(tidy), tidy)
    return list(kept.values())


def read_skills(chosen: Iterable[str], typed: str) -> list[str]:
    """The chosen skills, then the typed ones (comma-separated), each once."""
    return unique_skills([*chosen, *TYPED_SEPARATORS.split(typed)])
