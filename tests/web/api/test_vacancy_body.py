"""The vacancy body's JSON Schema promises only what the parser reads: the documented
examples fit it, every spelling it lists is read, and every text its patterns allow is
read into the field's range."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.field_values import RANGES, parse_field
from matcher.import_fields import fields_for
from web.api import schemas
from web.api.vacancy_body import (
    BOOLEAN_WORDS,
    CHOICES,
    HOURS_TEXT,
    SHIFT_WORDS,
    WAGE_TEXT,
    number_schema,
    vacancy_body_schema,
)

SPECS = {f.name: f for f in fields_for("vacancy")}
KIND_FIELD = {f.kind: f.name for f in fields_for("vacancy")}


def _valid(schema: dict[str, Any], instance: Any) -> bool:
    return jsonschema_rs.validator_for(schema).is_valid(instance)


def test_the_documented_examples_fit_the_schema() -> None:
    for example in schemas.VACANCY_EXAMPLES.values():
        assert _valid(vacancy_body_schema(), example["value"]), example["summary"]
    for example in schemas.REPLACE_EXAMPLES.values():
        assert _valid(vacancy_body_schema(with_id=False), example["value"])
    for item in schemas.BULK_EXAMPLES["twee"]["value"]["vacancies"]:  # type: ignore[index]
        assert _valid(vacancy_body_schema(), item)
    answer = schemas.AnswerIn.model_json_schema()
    for example in schemas.ANSWER_EXAMPLES.values():
        assert _valid(answer, example["value"])
    assert not _valid(answer, {"action": "decline"})  # a reason is required


def test_a_body_without_an_id_or_title_under_any_name_does_not_fit() -> None:
    assert _valid(vacancy_body_schema(), {"vacaturenummer": "V-1", "titel": "Kok"})
    assert not _valid(vacancy_body_schema(), {"titel": "Kok"})
    assert not _valid(vacancy_body_schema(), {"id": "V-1", "titel": None})
    assert _valid(vacancy_body_schema(with_id=False), {"titel": "Kok"})


@pytest.mark.parametrize(
    ("kind", "words"),
    [*CHOICES.items(), ("shifts", SHIFT_WORDS), ("boolean", [*BOOLEAN_WORDS, 0, 1])],
)
def test_every_listed_spelling_is_read(kind: str, words: list[Any]) -> None:
    for word in words:
        parse_field(KIND_FIELD[kind], [word] if kind == "shifts" else word)


@settings(max_examples=100, deadline=None, database=None)
@given(st.data())
@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("hours_per_week", HOURS_TEXT),
        ("hourly_wage", WAGE_TEXT),
        *(
            (name, number_schema(SPECS[name])["anyOf"][1]["pattern"])
            for name in RANGES
            if name in SPECS
        ),
    ],
)
def test_every_text_a_pattern_allows_is_read_into_range(
    name: str, pattern: str, data: st.DataObject
) -> None:
    text = data.draw(st.from_regex(pattern))
    value = parse_field(name, text)  # a ValueError fails the test
    if name in RANGES:
        low, high = RANGES[name]
        assert low <= value <= high
