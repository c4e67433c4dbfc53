"""A spelling layer for titles: a misspelt word becomes the closest known label word.

"Magazijnmedewerkr" or "schoonmaker" typed as "schoonmkaer" misses the word signal
entirely and weakens the character n-grams. The vocabulary is the words of the ESCO
labels the normaliser knows (never a benchmark's answers), each with how often it
occurs in them. A word of at least `MIN_LENGTH` letters that is not known is replaced by
the likeliest known word one edit away (Damerau-Levenshtein: a letter dropped, added
or replaced, or two neighbouring letters swapped, anywhere in the word): its frequency
times how likely the slip is (`edit_likelihood`). A
compound is corrected in one part when the rest is known, linking letters included
("schoonmaakmedwerker" -> "schoonmaakmedewerker", "aanbestedingsingenieru" ->
"aanbestedingsingenieur"); a compound whose parts are all known is a word, not a typo
("arbeidsrecht"). Candidates are found through a symmetric deletion index (every word
with one letter deleted), so a look-up costs a few dictionary probes, not a scan.

A correct Dutch word that no label happens to use must stay as it is, so the safe
corrections come first: those that keep the first letter (or swap the first two), towards
a word that occurs in at least `MIN_FREQUENCY` labels. A word seen in one label only is a
target for long words (`RARE_TARGET_LENGTH`), which seldom have a real neighbour one
edit away. The first letter itself is corrected only in long words
(`FIRST_LETTER_LENGTH`) and only when exactly one known word fits ("dagen" -> "wagen"
is another word, not a typo; "brachtwagenchauffeur" has one reading). A short word
(below `SHORT_LENGTH`) only gets back a letter it lost, towards a very common word
("Security gard" -> "guard").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

MIN_LENGTH = 4  # a shorter word has too many neighbours one edit away to guess
SHORT_LENGTH = 5  # a word this short is corrected only by a letter it lost
SHORT_FREQUENCY = 30  # towards a word this common in the labels
MIN_FREQUENCY = 2  # occurrences in the labels a correction's target needs
RARE_TARGET_LENGTH = 8  # a word this long may be corrected to a word seen once
FIRST_LETTER_LENGTH = 7  # a word this long may have its first letter corrected
SLIP_KEYS = 5  # keys around a key: how many wrong letters a slip of the finger gives
MIN_PART_CORRECTED = 6  # the shortest compound part that is corrected
SLIP_LENGTH = 8  # a word this long is also read as any known word one swap away
_MIN_PART = 4  # the shortest compound part trusted as known
_LINKS = ("s", "en", "e")  # origin: Dutch grammar; letters between a compound's parts


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


def keeps_start(word: str, candidate: str) -> bool:
    """Whether a correction keeps the first letter, or only swaps the first two."""
    return candidate[0] == word[0] or candidate[:2] == word[1::-1]


def edit_likelihood(word: str, candidate: str) -> float:
    """How likely the slip from candidate to word is, against a letter dropped or two
    swapped (one slip each): a wrong or an extra letter is mostly a neighbouring key,
    one of about five (`SLIP_KEYS`)."""
    same_length = len(word) == len(candidate)
    if len(candidate) > len(word) or (same_length and sorted(word) == sorted(candidate)):
        return 1.0
    return 1.0 / SLIP_KEYS


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

    def neighbours(self, word: str) -> dict[str, int]:
        """Known words one edit away (anywhere), with their frequencies."""
        index = self._deletion_index()
        found = {c for key in (word, *_deletions(word)) for c in index.get(key, ())}
        return {c: self.frequencies[c] for c in found if c != word and within_one_edit(word, c)}

    def nearest(self, word: str) -> str | None:
        """The best known word one edit away (see `_fixed`); None if none fits."""
        singles = self.neighbours(word)
        return self._common(word, singles) or self._first_letter(word, singles)

    def _fit(self, word: str, candidates: Mapping[str, int]) -> dict[str, int]:
        """Candidates common enough: seen twice (once will do for a long word); a short
        word only gets back a letter it lost, towards a very common word."""
        least = 1 if len(word) >= RARE_TARGET_LENGTH else MIN_FREQUENCY
        if len(word) < SHORT_LENGTH:
            return {
                c: f for c, f in candidates.items() if f >= SHORT_FREQUENCY and len(c) > len(word)
            }
        return {c: f for c, f in candidates.items() if f >= least}

    def _common(self, word: str, candidates: Mapping[str, int]) -> str | None:
        """The likeliest fitting candidate that keeps the start: its frequency times the
        likelihood of the slip (ties: alphabetical from the end)."""
        fit = self._fit(word, candidates)
        safe = [c for c in fit if keeps_start(word, c)]
        return max(safe, key=lambda c: (fit[c] * edit_likelihood(word, c), c[::-1]), default=None)

    def _first_letter(self, word: str, candidates: Mapping[str, int]) -> str | None:
        """In a long word, the one fitting candidate with another first letter."""
        fit = self._fit(word, candidates)
        return next(iter(fit)) if len(word) >= FIRST_LETTER_LENGTH and len(fit) == 1 else None

    def correct(self, word: str) -> str:
        """The word, or its correction when it is unknown, long enough and one edit from
        a known word (or a compound with one part one edit from a known word)."""
        if len(word) < MIN_LENGTH or not word.isalpha() or self._known(word):
            return word
        if word not in self._cache:
            self._cache[word] = word if self._compound_of_known(word) else self._fixed(word)
        return self._cache[word]

    def _fixed(self, word: str) -> str:
        """A known word that keeps the start, else a compound with one part corrected,
        else a first letter corrected; the word itself when none fits."""
        singles = self.neighbours(word)
        return (
            self._common(word, singles)
            or self._common(word, self._compound_candidates(word))
            or self._known_by_one_slip(word)
            or self._first_letter(word, singles)
            or word
        )

    def _known_by_one_slip(self, word: str) -> str | None:
        """The one known word (a compound of known parts too) that a long word is with
        two neighbouring letters swapped, a slip across or inside short compound parts
        that the part-wise search misses: "bamredewerker" -> "barmedewerker"."""
        if len(word) < SLIP_LENGTH:
            return None
        swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        found = [c for c in swaps if c != word and self._known(c)]
        return found[0] if len(found) == 1 else None

    def _known_modifier(self, modifier: str) -> bool:
        """A known word, or one followed by a linking letter ("bedrijfs")."""
        if self._known(modifier):
            return True
        return any(
            modifier.endswith(link)
            and len(modifier) - len(link) >= _MIN_PART
            and self._known(modifier[: -len(link)])
            for link in _LINKS
        )

    def _compound_of_known(self, word: str) -> bool:
        """Known parts with a linking letter: "arbeidsrecht" (arbeid-s-recht)."""
        return any(
            self._known_modifier(word[:cut]) and self._known(word[cut:])
            for cut in range(_MIN_PART, len(word) - _MIN_PART + 1)
        )

    def _compound_candidates(self, word: str) -> dict[str, int]:
        """Compounds one edit from the word with one part corrected and the rest known
        (modifier with its linking letter), valued by the corrected part's frequency."""
        out: dict[str, int] = {}
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            modifier, head = word[:cut], word[cut:]
            if len(head) >= MIN_PART_CORRECTED and self._known_modifier(modifier):
                out.update({modifier + h: f for h, f in self._heads(head).items()})
            if cut >= MIN_PART_CORRECTED and self._known(head):
                out.update({m + head: f for m, f in self._modifiers(modifier).items()})
        return {c: f for c, f in out.items() if c != word and keeps_start(word, c)}

    def _heads(self, head: str) -> dict[str, int]:
        """Known heads one edit from a misspelt one; a short head keeps its first
        letter ("afhankelijkheden" is no typo of "afhankelijk" + "leden")."""
        found = self.neighbours(head)
        if len(head) >= FIRST_LETTER_LENGTH:
            return found
        return {h: f for h, f in found.items() if keeps_start(head, h)}

    def _modifiers(self, modifier: str) -> dict[str, int]:
        """Known modifiers one edit from a misspelt one, its linking letter kept."""
        found = self.neighbours(modifier)
        for link in _LINKS:
            stem = modifier[: -len(link)]
            if modifier.endswith(link) and len(stem) >= MIN_PART_CORRECTED:
                found |= {m + link: f for m, f in self.neighbours(stem).items()}
        return found

    def correct_words(self, words: Iterable[str]) -> list[str]:
        """`correct` of each (folded) word."""
        return [self.correct(word) for word in words]


def correct_spelling(words: Iterable[str], vocabulary: Speller | Mapping[str, int]) -> list[str]:
    """Folded words with misspellings corrected against a vocabulary (word -> frequency)
    or a prepared `Speller` (reuse one: building its index takes a moment)."""
    speller = vocabulary if isinstance(vocabulary, Speller) else Speller(vocabulary)
    return speller.correct_words(words)
