"""A spelling layer for titles: a misspelt word becomes the closest known label word.

"Magazijnmedewerkr" or "schoonmaker" typed as "schoonmkaer" misses the word signal
entirely and weakens the character n-grams. The vocabulary is the words of the ESCO
labels the normaliser knows (never a benchmark's answers), each with how often it
occurs in them. A word of at least `MIN_LENGTH` letters that is not known is replaced by
the most frequent known word one edit away (a letter dropped, added or replaced, or two
neighbouring letters swapped); a compound is corrected in one of its two parts when the
other part is known ("schoonmaakmedwerker" -> "schoonmaakmedewerker"). Candidates are
found through a symmetric deletion index (every word with one letter deleted), so a
look-up costs a few dictionary probes, not a scan of the vocabulary.

A correct Dutch word that no label happens to use must stay as it is, so a correction
keeps the first letter unless it swaps the first two (typists seldom get the first
letter wrong, and "dagen" -> "wagen" is a different word, not a typo), goes only to a
word that occurs in at least `MIN_FREQUENCY` labels (a word seen once may itself be a
rare spelling), and a compound part is corrected only when it is long (`MIN_PART_CORRECTED`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

MIN_LENGTH = 5  # shorter words have too many neighbours one edit away to guess safely
MIN_FREQUENCY = 2  # occurrences in the labels a correction's target needs
MIN_PART_CORRECTED = 6  # the shortest compound part that is corrected
_MIN_PART = 4  # the shortest compound part trusted as known


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Whether b is a with one letter dropped, added or replaced, or two neighbouring
    letters swapped (a == b counts too)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) <= 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


class Speller:
    """Corrects words against known words with their frequencies (occurrences in labels)."""

    def __init__(
        self, frequencies: Mapping[str, int], *, known: Callable[[str], bool] | None = None
    ) -> None:
        """`known`: whether a word needs no correction (default: it is in `frequencies`);
        a lexicon passes one that also knows gender forms and compounds."""
        self.frequencies = frequencies
        self._known = known or frequencies.__contains__
        self._index: dict[str, list[str]] | None = None
        self._cache: dict[str, str] = {}

    def _deletion_index(self) -> dict[str, list[str]]:
        if self._index is None:  # built on first use: most titles need no correction
            index: dict[str, list[str]] = {}
            for word in self.frequencies:
                if len(word) >= _MIN_PART and word.isalpha():
                    for key in (word, *_deletions(word)):
                        index.setdefault(key, []).append(word)
            self._index = index
        return self._index

    def nearest(self, word: str) -> str | None:
        """The most frequent known word one edit away (ties: alphabetical); None if none."""
        index = self._deletion_index()
        found = {c for key in (word, *_deletions(word)) for c in index.get(key, ())}
        close = [
            c
            for c in found
            if c != word
            and (c[0] == word[0] or c[:2] == word[1::-1])
            and self.frequencies[c] >= MIN_FREQUENCY
            and within_one_edit(word, c)
        ]
        return max(close, key=lambda c: (self.frequencies[c], c[::-1]), default=None)

    def correct(self, word: str) -> str:
        """The word, or its correction when it is unknown, long enough and close to a
        known word (or a compound with one known part and one nearly known part)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or self._known(word):
            return word
        if word not in self._cache:
            self._cache[word] = self.nearest(word) or self._compound(word) or word
        return self._cache[word]

    def _compound(self, word: str) -> str | None:
        """A compound with one part misspelt: head (longest first) or modifier corrected."""
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            modifier, head = word[:cut], word[cut:]
            long_head, long_modifier = len(head) >= MIN_PART_CORRECTED, cut >= MIN_PART_CORRECTED
            if long_head and self._known(modifier) and (fixed := self.nearest(head)):
                return modifier + fixed
            if long_modifier and self._known(head) and (fixed := self.nearest(modifier)):
                return fixed + head
        return None

    def correct_words(self, words: Iterable[str]) -> list[str]:
        """`correct` of each (folded) word."""
        return [self.correct(word) for word in words]


def correct_spelling(words: Iterable[str], vocabulary: Speller | Mapping[str, int]) -> list[str]:
    """Folded words with misspellings corrected against a vocabulary (word -> frequency)
    or a prepared `Speller` (reuse one: building its index takes a moment)."""
    speller = vocabulary if isinstance(vocabulary, Speller) else Speller(vocabulary)
    return speller.correct_words(words)
