"""Embedding texts: fields, order, truncation, and nothing restricted."""

from __future__ import annotations

import inspect

from matcher import texts
from matcher.models import Candidate, Vacancy


def test_vacancy_text_order() -> None:
    v = Vacancy(
        id=1,
        title="Kok",
        sector="horeca",
        skills=["koken", "HACCP"],
        description="Je kookt  in ons\nrestaurant.",
        employer_name="Niet in de tekst",
    )
    assert texts.vacancy_text(v) == "Kok. horeca. koken, HACCP. Je kookt in ons restaurant"


def test_candidate_text_order_and_empty_fields() -> None:
    c = Candidate(id=1, desired_work="kok", skills=["koken"], interests="voetbal")
    assert texts.candidate_text(c) == "kok. koken. voetbal"


def test_truncation_on_word_boundary() -> None:
    v = Vacancy(id=1, title="Kok", description="woord " * 500)
    text = texts.vacancy_text(v)
    assert len(text) <= texts.MAX_TEXT_CHARS and text.endswith("woord")


def test_text_builders_never_take_restrictions() -> None:
    for builder in (texts.vacancy_text, texts.candidate_text):
        assert len(inspect.signature(builder).parameters) == 1
    assert "Restrictions" not in inspect.getsource(texts).split('"""', 2)[2]
