"""Robustness of the title normaliser to titles as agencies write them (issue 15).

Each perturbation rewrites a title the way agency vacancies do -- one typo, "medewerker"
abbreviated, the English title, a suffix naming the agency, place or hours, another case
-- and the table gives the MRR on the titles it changed, before and after the change.
It runs on the MELO development queries (`nld_q_nl_c_nl_dev`) and on the product titles
(bench/product_titles.csv); `bench/melo.py --robustness` prints both.

The English title: MELO has no English query for a Dutch one, so the English title is
ESCO's English preferred label of the query's annotated occupation (for a product title,
of the first, by URI, of its accepted occupations). That label is one of the concept's
own English forms, so this measures whether the normaliser reads an English title as
well as a Dutch one, not whether it translates; it reads the annotations, as scoring
does, and nothing of it reaches the product. A second row holds that label out: the
index is built without the English preferred labels (`without_english_preferred`), so
the English title must be found through the other English labels, the descriptions
and the embeddings; its "before" is the Dutch titles on that same index.

The typo is seeded per title: in a random word of at least 5 letters two neighbouring
letters are swapped, one dropped or one replaced.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from matcher.folding import fold
from matcher.taxonomy.esco import EscoData
from matcher.taxonomy.normaliser import ConceptIndex
from matcher.taxonomy.ranking import _element_order

SEED = 15
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_LONG_WORD = re.compile(r"[^\W\d_]{5,}")
_MEDEWERKER = re.compile(r"medewerker", re.IGNORECASE)

# (qid or title, title) -> the perturbed title, or None when it does not apply.
Perturbation = Callable[[str, str], "str | None"]


def typo(key: str, title: str) -> str | None:
    """One letter swapped with its neighbour, dropped or replaced in a word of >= 5 letters."""
    rng = random.Random(f"{SEED}:{key}")
    found = list(_LONG_WORD.finditer(title))
    if not found:
        return None
    word = rng.choice(found)
    start, end = word.span()
    letters = list(title[start:end])
    kind = rng.choice(("swap", "drop", "replace"))
    at = rng.randrange(len(letters) - 1 if kind == "swap" else len(letters))
    if kind == "swap":
        letters[at], letters[at + 1] = letters[at + 1], letters[at]
    elif kind == "drop":
        del letters[at]
    else:
        letters[at] = rng.choice([c for c in _LETTERS if c != letters[at].lower()])
    return title[:start] + "".join(letters) + title[end:]


def abbreviated(short: str) -> Perturbation:
    def perturb(_: str, title: str) -> str | None:
        return _MEDEWERKER.sub(short, title) if _MEDEWERKER.search(title) else None

    return perturb


def suffixed(suffix: str) -> Perturbation:
    return lambda _, title: title + suffix


PERTURBATIONS: dict[str, Perturbation] = {
    "one typo": typo,
    'medewerker -> "mdw"': abbreviated("mdw"),
    'medewerker -> "medew."': abbreviated("medew."),
    '+ " via uitzendbureau"': suffixed(" via uitzendbureau"),
    '+ " Utrecht"': suffixed(" Utrecht"),
    '+ " 32-40 uur"': suffixed(" 32-40 uur"),
    "lower case": lambda _, title: title.lower(),
    "upper case": lambda _, title: title.upper(),
}
ENGLISH = "the English title (ESCO)"
ENGLISH_HELD_OUT = "the English title, label held out"


def english_title(esco: EscoData, uris: list[str]) -> str | None:
    """ESCO's English preferred label of the first occupation that has one."""
    for uri in uris:
        concept = esco.occupations.get(uri)
        if concept is not None and concept.preferred.get("en"):
            return concept.preferred["en"]
    return None


def without_english_preferred(esco: EscoData) -> EscoData:
    """ESCO with the occupations' English preferred labels left out (their other
    English labels stay), so an English preferred label is no exact form."""
    occupations = {
        uri: replace(c, preferred={k: v for k, v in c.preferred.items() if k != "en"})
        for uri, c in esco.occupations.items()
    }
    return replace(esco, occupations=occupations)


def held_out_row(
    titles: list[str],
    english: list[str | None],
    reciprocal: Callable[[list[int], list[str]], list[float]],
) -> Row:
    """The English row on an index without the English preferred labels."""
    changed = perturbed_sets(titles, titles, english)[ENGLISH]
    positions = sorted(changed)
    before = reciprocal(positions, [titles[i] for i in positions])
    after = reciprocal(positions, [changed[i] for i in positions])
    return Row(ENGLISH_HELD_OUT, len(positions), _mean(before), _mean(after))


@dataclass(frozen=True)
class Row:
    """MRR on the n titles a perturbation changed, before and after it."""

    name: str
    n: int
    before: float
    after: float

    def line(self, width: int = 34) -> str:
        delta = self.after - self.before
        return (
            f"  {self.name:<{width}} {self.n:5d} {self.before:6.3f} {self.after:6.3f} {delta:+7.3f}"
        )


def header(width: int = 34) -> str:
    return f"  {'change to each title':<{width}} {'n':>5} {'before':>6} {'after':>6} {'change':>7}"


def perturbed_sets(
    keys: list[str], titles: list[str], english: list[str | None]
) -> dict[str, dict[int, str]]:
    """Per perturbation: position -> perturbed title, for the titles it changed."""
    out: dict[str, dict[int, str]] = {}
    for name, perturb in PERTURBATIONS.items():
        changed = {i: perturb(k, t) for i, (k, t) in enumerate(zip(keys, titles, strict=True))}
        out[name] = {i: p for i, p in changed.items() if p is not None and p != titles[i]}
    out[ENGLISH] = {
        i: e for i, e in enumerate(english) if e is not None and fold(e) != fold(titles[i])
    }
    return out


def table(
    titles: list[str],
    sets: dict[str, dict[int, str]],
    reciprocal: Callable[[list[int], list[str]], list[float]],
) -> list[Row]:
    """Rows of the table; `reciprocal(positions, texts)`: 1/rank of each text's first
    relevant answer, where the text stands for the title at that position."""
    base = reciprocal(list(range(len(titles))), titles)
    rows = []
    for name, changed in sets.items():
        positions = sorted(changed)
        after = reciprocal(positions, [changed[i] for i in positions]) if positions else []
        before = [base[i] for i in positions]
        rows.append(Row(name, len(positions), _mean(before), _mean(after)))
    return rows


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else 0.0


def melo_reciprocal(
    index: ConceptIndex,
    corpus: list[tuple[str, str]],
    members: list[list[int]],
    relevant: list[set[str]],
    top: int,
) -> Callable[[list[int], list[str]], list[float]]:
    """1/rank of the first relevant corpus element, ranked as `rank_titles` ranks them
    (one element per concept first, the closest by character n-grams)."""
    corpus_chars = index.char_vectors([t for _, t in corpus])

    def reciprocal(positions: list[int], texts: list[str]) -> list[float]:
        scores = index.scores(texts)
        prepare = getattr(index, "prepare", None)  # absent before issue 15
        shown = [prepare(t) for t in texts] if prepare else texts
        closeness = (index.char_vectors(shown) @ corpus_chars.T).toarray()
        out = []
        for row, (position, _) in enumerate(zip(positions, texts, strict=True)):
            order = _element_order(scores[row], closeness[row], members, top)
            ranked = [corpus[p][0] for p, _ in order]
            first = next((r for r, c in enumerate(ranked, 1) if c in relevant[position]), 0)
            out.append(1.0 / first if first else 0.0)
        return out

    return reciprocal
