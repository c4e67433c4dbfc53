"""The skills that indexed vacancies ask for, counted, for the coach's autocomplete.

Looking them up with `ILIKE` over `unnest(skills)` of every vacancy scanned the whole
table on every keystroke; the matcher already holds every open vacancy, so it keeps
the distinct skills with a count and answers from memory (engine thread only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from matcher.models import Vacancy


class SkillVocabulary:
    def __init__(self) -> None:
        self._count: Counter[str] = Counter()

    def replace(self, old: Iterable[Vacancy | None], new: Iterable[Vacancy]) -> None:
        """Vacancies `old` (None: not held before) become `new` (empty: removed)."""
        for vacancy in old:
            if vacancy is not None:
                self._count.subtract(_skills(vacancy))
        for vacancy in new:
            self._count.update(_skills(vacancy))
        self._count = +self._count if len(self._count) > 2 * _live(self._count) else self._count

    def lookup(self, phrase: str, *, limit: int) -> list[str]:
        """Skills containing `phrase` (case-insensitive): prefix matches first, then the
        most asked for."""
        needle = phrase.casefold().strip()
        if len(needle) < 2:
            return []
        hits = [s for s, n in self._count.items() if n > 0 and needle in s.casefold()]
        hits.sort(key=lambda s: (not s.casefold().startswith(needle), -self._count[s], s))
        return hits[:limit]


def _skills(vacancy: Vacancy) -> set[str]:
    return {s.strip() for s in vacancy.skills if s.strip()}


def _live(count: Counter[str]) -> int:
    return sum(1 for n in count.values() if n > 0)
