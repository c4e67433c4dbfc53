"""Issue 15: pay below the legal minimum for an age is a hard stop in matching, and the
agency is told where it works: the vacancy list, the vacancy page, the import report."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_org, make_user, make_vacancy
from tests.web.conftest import login
from web.vacancies.imports.errors import WARNING
from web.vacancies.imports.validation import ValidRow, validate_row

ADULT_NOTICE = (
    "€ 13,00 per uur ligt onder het wettelijk minimumloon voor 21 jaar en ouder: deze "
    "vacature wordt niet voorgesteld aan kandidaten vanaf 21 jaar"
)


@pytest.fixture
async def agency_client(client, conn):
    org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    user = await make_user(conn, role="agency", org=org)
    assert (await login(client, user.email, PASSWORD)).status_code == 303
    return client, org


async def test_the_vacancy_page_and_list_say_from_which_age_it_is_not_suggested(
    agency_client, conn
):
    client, org = agency_client
    low = await make_vacancy(conn, org=org, title="Leerling kok", hourly_wage=13.0)
    fair = await make_vacancy(conn, org=org, title="Orderpicker", hourly_wage=15.0)
    page = await client.get(f"/agency/vacancies/{low}")
    assert page.status_code == 200 and ADULT_NOTICE in page.text
    assert ADULT_NOTICE not in (await client.get(f"/agency/vacancies/{fair}")).text
    listing = (await client.get("/agency")).text
    assert listing.count("onder minimumloon") == 1 and ADULT_NOTICE in listing


def test_the_import_report_warns_about_pay_below_the_minimum() -> None:
    row = validate_row(3, {"id": "K-1", "functie": "Kok", "uurloon": "9,50"})
    assert isinstance(row, ValidRow)  # stored: legal for the young, and the agency may fix it
    notices = [p for p in row.warnings if "minimum" in p.message]
    assert [(p.severity, p.column) for p in notices] == [(WARNING, "uurloon")]
    assert notices[0].message.endswith("niet voorgesteld aan kandidaten vanaf 20 jaar")
    assert not any(
        "minimum" in p.message
        for p in validate_row(4, {"id": "K-2", "functie": "Kok", "uurloon": "15,00"}).warnings
    )  # type: ignore[union-attr]
