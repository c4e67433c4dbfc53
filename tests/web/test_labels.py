"""Every code a page can show has a Dutch label: the vocabularies of matcher.models, the
schema's code columns, placement states and every reason code."""

from __future__ import annotations

import re

import pytest

from matcher.models import CONTRACT_TYPES, LANGUAGE_LEVELS, SHIFTS, TRAVEL_MODES, VACANCY_STATUSES
from web import labels
from web.proposals.vocabulary import (
    APPROVE_REASONS,
    REASONS_FOR_STATE_LABELS,
    STATE_LABELS,
    reason_label,
)


@pytest.mark.parametrize(
    ("codes", "table"),
    [
        (SHIFTS, labels.SHIFT_LABELS),
        (CONTRACT_TYPES, labels.CONTRACT_LABELS),
        (LANGUAGE_LEVELS, labels.LANGUAGE_LABELS),
        (TRAVEL_MODES, labels.TRAVEL_LABELS),
        (VACANCY_STATUSES, labels.VACANCY_STATUS_LABELS),
    ],
)
def test_every_engine_code_has_a_label(codes, table) -> None:
    assert set(table) == set(codes)


async def _allowed(conn, table: str, column: str) -> set[str]:
    """The values a CHECK (column IN (...)) constraint allows."""
    definitions = await conn.fetch(
        "SELECT pg_get_constraintdef(oid) AS d FROM pg_constraint"
        " WHERE conrelid = $1::regclass AND contype = 'c'",
        table,
    )
    found = [d["d"] for d in definitions if re.search(rf"\b{column}\b", d["d"])]
    assert found, f"no CHECK on {table}.{column}"
    return set(re.findall(r"'([^']+)'", found[0]))


async def test_every_code_column_of_the_schema_has_a_label(conn) -> None:
    assert await _allowed(conn, "organisations", "kind") == set(labels.ORGANISATION_KIND_LABELS)
    assert await _allowed(conn, "candidates", "status") == set(labels.STATUS_LABELS)
    assert await _allowed(conn, "candidates", "travel_mode") == set(labels.TRAVEL_LABELS)
    assert await _allowed(conn, "vacancies", "contract_type") == set(labels.CONTRACT_LABELS)


async def test_every_placement_state_has_a_label(conn) -> None:
    rows = await conn.fetch("SELECT from_state, to_state FROM proposal_transitions")
    states = {r["from_state"] for r in rows} | {r["to_state"] for r in rows}
    assert states <= set(STATE_LABELS)


def test_every_reason_code_reads_as_its_label() -> None:
    for code, label in APPROVE_REASONS.items():
        assert reason_label("proposed", code) == label
    for state, reasons in REASONS_FOR_STATE_LABELS.items():
        for code, label in reasons.items():
            assert reason_label(state, code) == label
    assert reason_label("proposed", "code_from_an_old_version") == "andere reden"
    assert reason_label("hired", None) is None
