"""The documented import fields: one table, unambiguous header aliases, folded headers."""

from __future__ import annotations

from matcher import import_fields as fields
from matcher.field_values import PARSER_BY_KIND


def test_fields_table_documents_every_field_once() -> None:
    names = [f.name for f in fields.FIELDS]
    assert len(names) == len(set(names))
    for spec in fields.FIELDS:
        assert spec.kind in PARSER_BY_KIND and spec.label_nl and spec.example and spec.records
    required = {f.name for f in fields.FIELDS if f.required}
    assert required == {"id", "title"}
    vacancy_names = {f.name for f in fields.fields_for("vacancy")}
    assert {"title", "hours_per_week", "postcode", "contract_type", "hourly_wage"} <= vacancy_names
    assert {"vog_required"} <= vacancy_names


def test_aliases_are_unambiguous_per_record() -> None:
    for record in ("vacancy", "candidate"):
        seen: dict[str, str] = {}
        for spec in fields.fields_for(record):
            for alias in (spec.name, *spec.aliases):
                key = fields.header_key(alias)
                assert seen.setdefault(key, spec.name) == spec.name, (record, alias)


def test_header_key_folds_case_accents_and_spaces() -> None:
    assert fields.header_key(" Uren per Week ") == "uren_per_week"
    assert fields.header_key("Geldig-tót") == "geldig_tot"
