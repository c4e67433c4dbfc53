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
# What someone wants to become is what we search for: when desired work is stated, past
# experience is left out of the vector (it still counts through the skill overlap, which
# reads it), so five dish-washing jobs do not crowd out the BBL places as a cook.
AMBITION_FIELD, EXPERIENCE_FIELD = "desired_work", "experience"


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
    """Embedding text of a candidate: desired work, skills, experience (only when no
    desired work is stated), interests; gendered words in one form (the names are
    already out: the engine never gets them)."""
    names = candidate_text_fields(c)
    return truncate(gender_folded(_join([_text(c, name) for name in names])))


def candidate_text_fields(c: Candidate) -> tuple[str, ...]:
    """The fields of CANDIDATE_TEXT_FIELDS this candidate's text is made of."""
    if not _text(c, AMBITION_FIELD).strip():
        return CANDIDATE_TEXT_FIELDS
    return tuple(n for n in CANDIDATE_TEXT_FIELDS if n != EXPERIENCE_FIELD)


def _text(item: Vacancy | Candidate, name: str) -> str:
    value = getattr(item, name)
    if isinstance(value, list):
        return ", ".join(value)
    return value or ""
