"""The texts that are embedded for vacancies and candidates.

Which fields go in, and in which order, decides what the vector means, so it lives in
one place. The most telling fields come first because the model only reads a window:
all-MiniLM-L6-v2 truncates at 256 word pieces, which for Dutch text (many pieces per
word for an English-trained tokenizer) is roughly 900–1,100 characters; we cut at
`MAX_TEXT_CHARS` on a word boundary so what is stored is what the model saw.

No labels ("Vaardigheden: …") are added: identical boilerplate in every text pulls all
vectors together and lowers contrast. Nothing from `Restrictions` (justice-related,
coach-only) is ever read here; the functions only take a Vacancy or a Candidate.
"""

from __future__ import annotations

from matcher.models import Candidate, Vacancy
from matcher.neutral import gender_folded

MAX_TEXT_CHARS = 1000
# The fields each embedded text is made of, in order (the algorithm register lists them).
VACANCY_TEXT_FIELDS = ("title", "sector", "skills", "description")
CANDIDATE_TEXT_FIELDS = ("desired_work", "skills", "experience", "interests")


def _join(parts: list[str]) -> str:
    pieces = [" ".join(p.split()).strip(" .") for p in parts]
    return ". ".join(p for p in pieces if p)


def truncate(text: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Cut text to at most max_chars characters, on a word boundary."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


def vacancy_text(v: Vacancy) -> str:
    """Embedding text of a vacancy: title, sector, skills, description (≤ MAX_TEXT_CHARS),
    gendered job words in one form (matcher.neutral)."""
    return truncate(gender_folded(_join([_text(v, name) for name in VACANCY_TEXT_FIELDS])))


def candidate_text(c: Candidate) -> str:
    """Embedding text of a candidate: desired work, skills, experience, interests, with
    gendered words in one form (the names are already out: the engine never gets them)."""
    return truncate(gender_folded(_join([_text(c, name) for name in CANDIDATE_TEXT_FIELDS])))


def _text(item: Vacancy | Candidate, name: str) -> str:
    value = getattr(item, name)
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""
