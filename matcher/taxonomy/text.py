"""Dutch job-title text handling for lexical matching.

Dutch writes occupations as compounds ("heftruckchauffeur" = "chauffeur heftruck") and
in gendered forms ("medewerkster", "docente", "masseuse"); ESCO and vacancy texts mix
both. Folding a title to a bag of base words, with compounds split against the
vocabulary of known labels, lets a word-level match see through both habits.

Every rule here is registered in `RULES` with its origin (one of `ORIGINS`), and a
rule that came from a benchmark can be switched off by name (`off`), so
`bench/melo.py --ablate` can measure what each one does on MELO and on the product
title set (bench/product_titles.csv). A rule that hurts the product titles goes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from matcher.folding import fold
from matcher.taxonomy import cleanup
from matcher.taxonomy.spelling import Speller

# Where a rule came from. Grammar and text handling hold for any Dutch title; a rule
# chosen from a benchmark's errors must also hold on the product titles.
ORIGINS = {
    "Dutch grammar": "spelling and word formation that hold for any Dutch text",
    "text handling": "case, accents, punctuation and parenthesised asides",
    "MELO dev error profile (issue 12)": "chosen from the errors on the MELO dev half",
    "product titles": "needed by the product title set (bench/product_titles.csv)",
    "agency writing habits (issue 15)": (
        "how agencies write titles (places, hours, contracts, abbreviations, typos,"
        " English), from Dutch usage, not from benchmark errors"
    ),
}
BENCHMARK_ORIGINS = frozenset({"MELO dev error profile (issue 12)", "product titles"})
_AGENCY = "agency writing habits (issue 15)"
# Rules `bench/melo.py --ablate` switches off one at a time: those from a benchmark,
# and the agency rules, which must hold on MELO and the product titles too.
SWITCHABLE_ORIGINS = BENCHMARK_ORIGINS | {_AGENCY}


@dataclass(frozen=True)
class TitleRule:
    """One rule of title handling: its name, origin (a key of ORIGINS) and, for a
    rule that rewrites queries, the rewrite."""

    name: str
    origin: str
    expand: Callable[[str], str] | None = None  # query rewrite; None: a word rule

    @property
    def from_benchmark(self) -> bool:
        """Chosen from a benchmark's errors, so it must hold on the product titles."""
        return self.origin in BENCHMARK_ORIGINS

    @property
    def switchable(self) -> bool:
        """Can be switched off by name, so measured by `bench/melo.py --ablate`."""
        return self.origin in SWITCHABLE_ORIGINS


# origin: text handling
_PARENTHESES = re.compile(r"\([^)]*\)")
_SPACES = re.compile(r"\s+")

# origin: Dutch grammar. Function words in Dutch and English titles carry no
# occupation meaning.
STOP_WORDS = frozenset(
    "de het een en of van voor in op bij met aan te der den "
    "the a an and or of for in on at with to".split()
)

# origin: Dutch grammar. (female ending, male ending): candidates are accepted only
# when the male form is a known word, so "kapster" -> "kapper" needs the vocabulary,
# not a rule per word.
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
# origin: Dutch grammar. The linking sounds between the parts of a compound.
_LINKING = ("", "s", "e", "en", "-")
# origin: MELO dev error profile (issue 12), added for "Onderzoeker politicologie"
# (fcc4c5d); the endings themselves are Dutch word formation. (field ending,
# practitioner ending): "politicologie" -> "politicoloog", "tandheelkunde" ->
# "tandheelkundige"; like the gender endings, used only towards a known word.
_FIELD_ENDINGS = (
    ("logie", "loog"),
    ("kunde", "kundige"),
    ("grafie", "graaf"),
    ("nomie", "noom"),
    ("sofie", "soof"),
)

_MIN_PART = 3  # origin: Dutch grammar; the shortest part of a compound worth splitting off
_MIN_STRIPPED = 6  # the shortest misspelt word read as a place or agency word

# What a Dutch job title says between the lines, spelt out in the words ESCO's Dutch
# labels use (applied to queries only). The readings are general Dutch knowledge, but
# which ones to spell out was chosen from the errors on the MELO development half
# (bench/melo.py), each checked on both seeded halves of it; `QUERY_RULES` below
# names them.
_MELO = "MELO dev error profile (issue 12)"

# origin: MELO dev error profile (issue 12). A teacher's "graad" is the Dutch teaching
# licence: eerstegraads teaches all of secondary ("voortgezet onderwijs") and higher
# professional education, tweedegraads lower secondary and vocational education (vmbo,
# mbo). Stripped as a plain qualifier, "Docent Portugees (1e graads)" would lose the
# level that tells ESCO's teacher occupations apart. A "universitair (hoofd)docent" is
# a university lecturer, a hoogleraar a professor, a praktijkopleider trains students
# of vocational education at work.
_FIRST_DEGREE = (
    r"\(?\s*\b(?:1e|eerste)\s*graads\b\s*\)?",
    " voortgezet onderwijs hoger onderwijs ",
)
_SECOND_DEGREE = (
    r"\(?\s*\b(?:2e|tweede)\s*graads\b\s*\)?",
    " voortgezet onderwijs beroepsonderwijs ",
)
_LECTURER = (r"\buniversitair\s+(?:\(hoofd\)\s*|hoofd)?docent\b", " docent hoger onderwijs ")
_PROFESSOR = (r"\bhoogleraar\b", " hoogleraar docent hoger onderwijs ")
_WORKPLACE_TRAINER = (r"\bpraktijkopleider\b", " praktijkopleider docent beroepsonderwijs ")

# origin: MELO dev error profile (issue 12). Teachers work in education ("onderwijs",
# the word every ESCO teacher label has), and a teacher of Spanish is a "docent
# moderne talen", of Latin a "docent klassieke talen". An instructeur is not counted
# (product titles, issue 12): a VCA, forklift or security instructor trains adults at
# work, and "onderwijs" ranked "Instructeur VCA" as "vakdocent beroepsonderwijs".
_TEACHER = re.compile(r"\b(?:docente?|leraar|lerares)\b", re.IGNORECASE)
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

# origin: MELO dev error profile (issue 12). A researcher in a field is its
# practitioner: "onderzoeker planologie" is a planoloog (each word after "onderzoeker"
# with a field ending, through the same endings as `Lexicon`; not just the last word,
# so "onderzoeker planologie Utrecht" still reads as a planoloog).
_RESEARCHER = re.compile(r"\bonderzoeker\b(.*)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _substitution(rule: tuple[str, str]) -> Callable[[str], str]:
    pattern, replacement = re.compile(rule[0], re.IGNORECASE), rule[1]
    return lambda text: pattern.sub(replacement, text)


def _with_practitioner(title: str) -> str:
    """ "Onderzoeker planologie" -> "Onderzoeker planologie planoloog"."""
    found = _RESEARCHER.search(title)
    if found is None:
        return title
    people = []
    for field in _WORD.findall(found.group(1)):
        for field_end, person_end in _FIELD_ENDINGS:
            if field.lower().endswith(field_end) and len(field) > len(field_end):
                people.append(f"{field[: -len(field_end)]}{person_end}")
    return " ".join([title, *dict.fromkeys(people)])


def _with_subject_groups(title: str) -> str:
    """ "Docent Spaans" -> "Docent Spaans moderne talen" (teachers only)."""
    if not _TEACHER.search(title):
        return title
    for pattern, group in _SUBJECT_GROUPS:
        title = pattern.sub(rf"\g<0> {group}", title)
    return title


def _in_education(title: str) -> str:
    """ "Docent wiskunde" -> "Docent wiskunde onderwijs" (teachers only)."""
    if not _TEACHER.search(title) or "onderwijs" in title.lower():
        return title
    return f"{title} onderwijs"


# Query clean-up, applied in this order by `clean_query` before anything else: what
# is not the occupation goes, abbreviations are spelt out (matcher.taxonomy.cleanup).
CLEANUP_RULES = (
    TitleRule("gender_marks", _AGENCY, cleanup.strip_gender_marks),
    TitleRule("hours_and_pay", _AGENCY, cleanup.strip_hours),
    TitleRule("contract_words", _AGENCY, cleanup.strip_contract),
    TitleRule("agency_phrases", _AGENCY, cleanup.strip_agency_phrases),
    TitleRule("places", _AGENCY, cleanup.strip_places),
    TitleRule("abbreviations", _AGENCY, cleanup.expand_abbreviations),
)
# Query rewrites, applied in this order by `expand_qualifiers`.
QUERY_RULES = (
    TitleRule("first_degree_teacher", _MELO, _substitution(_FIRST_DEGREE)),
    TitleRule("second_degree_teacher", _MELO, _substitution(_SECOND_DEGREE)),
    TitleRule("university_lecturer", _MELO, _substitution(_LECTURER)),
    TitleRule("professor", _MELO, _substitution(_PROFESSOR)),
    TitleRule("workplace_trainer", _MELO, _substitution(_WORKPLACE_TRAINER)),
    TitleRule("researcher_practitioner", _MELO, _with_practitioner),
    TitleRule("teacher_subject_groups", _MELO, _with_subject_groups),
    TitleRule("teacher_in_education", _MELO, _in_education),
)
# Word rules: applied inside `fold` (matcher.folding), `words`, `strip_qualifiers` and `Lexicon`.
WORD_RULES = (
    TitleRule("folding", "text handling"),
    TitleRule("parenthesised_qualifiers", "text handling"),
    TitleRule("stop_words", "Dutch grammar"),
    TitleRule("gender_forms", "Dutch grammar"),
    TitleRule("compounds", "Dutch grammar"),
    TitleRule("field_practitioner_words", _MELO),
    # Applied by `Lexicon.correct` and matcher.taxonomy.normaliser to queries.
    TitleRule("spelling", _AGENCY),
    TitleRule("english_titles", _AGENCY),
)
RULES = {rule.name: rule for rule in (*CLEANUP_RULES, *WORD_RULES, *QUERY_RULES)}


def checked_off(off: Collection[str]) -> frozenset[str]:
    """The names of rules to switch off, each a known rule that came from a benchmark
    or from agency writing habits (grammar is not switched off); ValueError otherwise."""
    unknown = sorted(n for n in off if n not in RULES or not RULES[n].switchable)
    if unknown:
        raise ValueError(f"not a switchable rule of matcher.taxonomy.text: {unknown}")
    return frozenset(off)


def clean_query(text: str, off: Collection[str] = frozenset()) -> str:
    """A title without what is not the occupation, abbreviations spelt out
    (`CLEANUP_RULES`, except those named in `off`): "Mdw. magazijn (m/v) Utrecht" ->
    "medewerker magazijn". The text itself when nothing would be left."""
    cleaned = text
    for rule in CLEANUP_RULES:
        if rule.name not in off and rule.expand is not None:
            cleaned = rule.expand(cleaned)
    return cleaned if fold(cleaned) else text


def strip_qualifiers(text: str) -> str:
    """Drop parenthesised qualifiers: "Docent (1e graads)" -> "Docent"."""
    stripped = _PARENTHESES.sub(" ", text).strip()
    return stripped or text


def expand_qualifiers(text: str, off: Collection[str] = frozenset()) -> str:
    """Spell out what a title implies (`QUERY_RULES`, except those named in `off`):
    "Docent Spaans (1e graads)" -> "Docent Spaans moderne talen voortgezet onderwijs
    hoger onderwijs"."""
    expanded = text
    for rule in QUERY_RULES:
        if rule.name not in off and rule.expand is not None:
            expanded = rule.expand(expanded)
    return _SPACES.sub(" ", expanded).strip() if expanded != text else text


def words(text: str) -> list[str]:
    """Folded words of a title without stop words."""
    return [w for w in fold(text).split() if w not in STOP_WORDS]


def _undouble(stem: str) -> str:
    # origin: Dutch grammar. Dutch spelling doubles a vowel in a closed syllable:
    # "verkoop" -> "verkoper".
    if len(stem) >= 3 and stem[-2] == stem[-3] and stem[-2] in "aeou":
        return stem[:-2] + stem[-1]
    return stem


class Lexicon:
    """Vocabulary of known title words; folds gender forms and splits compounds."""

    def __init__(self, texts: Iterable[str], *, off: Collection[str] = frozenset()) -> None:
        """`off`: benchmark rules to switch off (see `checked_off`)."""
        self.frequencies: Counter[str] = Counter()
        for text in texts:
            self.frequencies.update(words(text))
        self.vocabulary: set[str] = set(self.frequencies)
        self._plain_words: set[str] = set()  # known words, not correction targets
        self._off = checked_off(off)
        self._field_words = "field_practitioner_words" not in self._off
        self._cache: dict[str, tuple[str, ...]] = {}
        self.speller = Speller(self.frequencies, known=self.known)

    def add_plain_words(self, texts: Iterable[str]) -> None:
        """Words of running text (descriptions) that are real words, so not corrected,
        but not title words either: they do not join the vocabulary."""
        for text in texts:
            self._plain_words.update(words(text))

    def known(self, word: str) -> bool:
        """A known word, a gender form of one, a compound of known parts, or a word of
        the plain text added by `add_plain_words`."""
        if word in self._plain_words:
            return True
        base = self.base_form(word)
        return base in self.vocabulary or len(self.split(base)) > 1

    def correct(self, text: str) -> str:
        """The text with misspelt words replaced by the closest known word
        (matcher.taxonomy.spelling): "Schoonmkaer" -> "schoonmaker". A word that is
        still unknown and one edit from a word the clean-up strips (a place, an agency
        word) is that word, and goes: "Kok Utreht" -> "Kok"."""
        stripped: list[str] = []
        corrected = _WORD.sub(lambda found: self._corrected(found.group(0), stripped), text)
        return clean_query(corrected, self._off) if stripped else corrected

    def _corrected(self, token: str, stripped: list[str]) -> str:
        folded = fold(token)
        fixed = self.speller.correct(folded)
        if fixed != folded:
            return fixed
        noise = self._stripped_word(folded)
        if noise is None:
            return token
        stripped.append(noise)
        return noise

    def _stripped_word(self, word: str) -> str | None:
        """The place or agency word an unknown word is one edit from, if any."""
        if len(word) < _MIN_STRIPPED or self.known(word):
            return None
        return cleanup.stripped_words().nearest(word)

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
            if self._field_words:
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
