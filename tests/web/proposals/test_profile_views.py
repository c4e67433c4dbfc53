"""The agency's view of a candidate: one builder for agency pages and consent preview."""

from __future__ import annotations

from datetime import UTC, date, datetime

from web.proposals.profile_views import (
    CONSENTED_LABELS,
    PSEUDONYMISED_LABELS,
    agency_profile_of,
    hours_text,
    region,
)
from web.proposals.repositories.agency_proposals import AgencyProposal


def _row(*, consented: bool) -> AgencyProposal:
    now = datetime.now(UTC)
    return AgencyProposal(
        id=7,
        state="shared_with_agency",
        state_changed_at=now,
        created_at=now,
        end_reason=None,
        vacancy_id=1,
        external_ref="ref-1",
        vacancy_title="Hovenier",
        skills=["snoeien"],
        hours_min=24.0,
        hours_max=32.0,
        shifts=["day", "weekend"],
        available_from=date(2026, 12, 1),
        driving_licences=["B"],
        certificates=["VCA"],
        language_level="B1",
        region="35xx",
        consented=consented,
        name="Sem de Vries" if consented else None,
        phone="06-1" if consented else None,
        email="sem@x.nl" if consented else None,
        candidate_id=3,
    )


def test_agency_rows_pseudonymised_then_full():
    hidden = agency_profile_of(_row(consented=False))
    assert tuple(hidden) == PSEUDONYMISED_LABELS
    assert hidden["Diensten"] == "overdag, weekend"
    assert hidden["Beschikbaar vanaf"] == "1 december 2026"
    assert hidden["Regio"] == "Utrecht en omgeving (postcode 35xx)"
    assert hidden["Taalniveau Nederlands"] == "B1 (gewone gesprekken)"
    full = agency_profile_of(_row(consented=True))
    assert tuple(full) == PSEUDONYMISED_LABELS + CONSENTED_LABELS
    assert full["Naam"] == "Sem de Vries"


def test_region_and_hours():
    assert region("3562 AB") == "35xx" and region(None) is None
    assert hours_text(24, 32) == "24 tot 32 uur" and hours_text(None, 32) == "tot 32 uur"
    assert hours_text(37.5, 37.5) == "37,5 uur"
    assert hours_text(None, None) == "—"
