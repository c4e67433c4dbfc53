"""Dutch job-title text handling for lexical matching.

Dutch writes occupations as compounds ("heftruckchauffeur" = "chauffeur heftruck") and
in gendered forms ("medewerkster", "docente", "masseuse"); ESCO and vacancy texts mix
both. Folding a title to a bag of base words, with compounds split against the
vocabulary of known labels, lets a word-level match see through both habits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^0-9a-z]+")

# Function words in Dutch and English titles: they carry no occupation meaning.
STOP_WORDS = frozenset(
    "de het een en of van voor in op bij met aan te der den "
    "the a an and or of for in on at with to".split()
)

# (female ending, male ending): candidates are accepted only when the male form is a
# known word, so "kapster" -> "kapper" needs the vocabulary, not a rule per word.
_GENDER_ENDINGS = (
    ("ster", "er"),
    ("ster", "der"),
    ("ster", "per"),
    ("euse", "eur"),
    ("trice", "teur"),
    ("eres", "er"),
    ("ares", "aar"),
    ("esse", ""),
    ("ise", "is"),
    ("in", ""),
    ("e", ""),
)
_LINKING = ("", "s", "e", "en", "-")
# (field ending, practitioner ending): "politicologie" -> "politicoloog", "tandheelkunde"
# -> "tandheelkundige"; like the gender endings, used only towards a known word.
_FIELD_ENDINGS = (
    ("logie", "loog"),
    ("kunde", "kundige"),
    ("grafie", "graaf"),
    ("nomie", "noom"),
    ("sofie", "soof"),
)
_MIN_PART = 3

# What a Dutch job title says between the lines, spelt out in the words ESCO's Dutch
# labels use (applied to queries only). All of it is general Dutch knowledge; which
# of several true readings to spell out was checked on the MELO development half
# (bench/melo.py), each on both seeded halves of it.
# - A teacher's "graad" is the Dutch teaching licence: eerstegraads teaches all of
#   secondary ("voortgezet onderwijs") and higher professional education,
#   tweedegraads lower secondary and vocational education (vmbo, mbo). Stripped as a
#   plain qualifier, "Docent Portugees (1e graads)" would lose the level that tells
#   ESCO's teacher occupations apart.
# - A "universitair (hoofd)docent" is a university lecturer, a hoogleraar a professor,
#   a praktijkopleider trains students of vocational education at work.
_QUALIFIER_EXPANSIONS = tuple(
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in (
        (r"\(?\s*\b(?:1e|eerste)\s*graads\b\s*\)?", " voortgezet onderwijs hoger onderwijs "),
        (r"\(?\s*\b(?:2e|tweede)\s*graads\b\s*\)?", " voortgezet onderwijs beroepsonderwijs "),
        (r"\buniversitair\s+(?:\(hoofd\)\s*|hoofd)?docent\b", " docent hoger onderwijs "),
        (r"\bhoogleraar\b", " hoogleraar docent hoger onderwijs "),
        (r"\bpraktijkopleider\b", " praktijkopleider docent beroepsonderwijs "),
    )
)
# - Teachers and instructors work in education ("onderwijs", the word every ESCO
#   teacher label has), and a teacher of Spanish is a "docent moderne talen", of
#   Latin a "docent klassieke talen".
_TEACHER = re.compile(r"\b(?:docente?|leraar|lerares|instructeur|instructrice)\b", re.IGNORECASE)
_SUBJECT_GROUPS = tuple(
    (re.compile(rf"\b(?:{'|'.join(names)})\b", re.IGNORECASE), group)
    for names, group in (
        (
            (
                "Engels", "Duits", "Frans", "Spaans", "Italiaans", "Portugees", "Russisch",
                "Turks", "Arabisch", "Chinees", "Japans", "Pools", "Zweeds", "Deens",
                "Noors", "Fries", "Moderne vreemde talen",
            ),
            "moderne talen",
        ),
        (("Latijn", "Grieks", "Hebreeuws", "Oudgrieks"), "klassieke talen"),
    )
)  # fmt: skip
# - A researcher in a field is its practitioner: "onderzoeker planologie" is a
#   planoloog (the field's last word, through the same endings as `Lexicon`).
_RESEARCHER = re.compile(r"\bonderzoeker\b.*?(\w+)\W*$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation; words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", ascii_text).strip()


def strip_qualifiers(text: str) -> str:
    """Drop parenthesised qualifiers: "Docent (1e graads)" -> "Docent"."""
    stripped = _PARENTHESES.sub(" ", text).strip()
    return stripped or text


def expand_qualifiers(text: str) -> str:
    """Spell out what a title implies (see _QUALIFIER_EXPANSIONS and below):
    "Docent Spaans (1e graads)" -> "Docent Spaans moderne talen voortgezet onderwijs
    hoger onderwijs"."""
    expanded = text
    for pattern, replacement in _QUALIFIER_EXPANSIONS:
        expanded = pattern.sub(replacement, expanded)
    expanded += _practitioner(expanded)
    if _TEACHER.search(expanded):
        expanded = _teacher_subjects(expanded)
    return _SPACES.sub(" ", expanded).strip() if expanded != text else text


def _practitioner(title: str) -> str:
    """ " planoloog" for "Onderzoeker planologie", else ""."""
    found = _RESEARCHER.search(title)
    if found is None:
        return ""
    field = found.group(1)
    for field_end, person_end in _FIELD_ENDINGS:
        if field.lower().endswith(field_end):
            return f" {field[: -len(field_end)]}{person_end}"
    return ""


def _teacher_subjects(title: str) -> str:
    for pattern, group in _SUBJECT_GROUPS:
        title = pattern.sub(rf"\g<0> {group}", title)
    return title if "onderwijs" in title.lower() else f"{title} onderwijs"


def words(text: str) -> list[str]:
    """Folded words of a title without stop words."""
    return [w for w in fold(text).split() if w not in STOP_WORDS]


def _undouble(stem: str) -> str:
    # Dutch spelling doubles a vowel in a closed syllable: "verkoop" -> "verkoper".
    if len(stem) >= 3 and stem[-2] == stem[-3] and stem[-2] in "aeou":
        return stem[:-2] + stem[-1]
    return stem


class Lexicon:
    """Vocabulary of known title words; folds gender forms and splits compounds."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.vocabulary: set[str] = set()
        for text in texts:
            self.vocabulary.update(words(text))
        self._cache: dict[str, tuple[str, ...]] = {}

    def base_form(self, word: str) -> str:
        """Male/base form of a gendered word when that form is a known word."""
        for female, male in _GENDER_ENDINGS:
            if len(word) > len(female) + 2 and word.endswith(female):
                stem = word[: -len(female)]
                for candidate in (stem + male, _undouble(stem) + male):
                    if candidate != word and candidate in self.vocabulary:
                        return candidate
        return word

    def split(self, word: str) -> tuple[str, ...]:
        """Known parts of a compound, head last: "heftruckchauffeur" -> (heftruck, chauffeur)."""
        if word not in self._cache:
            self._cache[word] = self._split(word, depth=0)
        return self._cache[word]

    def _split(self, word: str, depth: int) -> tuple[str, ...]:
        if depth > 2 or len(word) < 2 * _MIN_PART:
            return (word,)
        # Longest known head first: Dutch compounds are head-final.
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head = self.base_form(word[cut:])
            if head not in self.vocabulary:
                continue
            for link in _LINKING:
                modifier = word[:cut]
                if link and not modifier.endswith(link):
                    continue
                modifier = modifier[: len(modifier) - len(link)] if link else modifier
                if len(modifier) >= _MIN_PART and modifier in self.vocabulary:
                    return (*self._split(modifier, depth + 1), head)
        return (word,)

    def terms(self, text: str) -> list[str]:
        """Word-level terms of a title: base forms plus the parts of compounds."""
        out: list[str] = []
        for word in words(text):
            base = self.base_form(word)
            out.append(base)
            parts = self.split(base)
            if len(parts) > 1:
                out.extend(parts)
            out.extend(self._practitioners(base))
        return out

    def _practitioners(self, word: str) -> list[str]:
        """Known practitioner words of a field word: "politicologie" -> ["politicoloog"]."""
        out = []
        for field_end, person_end in _FIELD_ENDINGS:
            if word.endswith(field_end):
                person = word[: -len(field_end)] + person_end
                if person in self.vocabulary:
                    out.append(person)
        return out
