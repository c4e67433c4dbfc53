"""Pages speak one Dutch: money as "€ 16,01", times on Amsterdam's clock (summer and
winter), ranges without "38–38", plurals, and a Dutch label wherever a code is stored."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import login
from web.accounts.repositories.users import User
from web.proposals import service as placements
from web.vacancies.repositories import vacancies

JULY_UTC = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam (summer time, +2)
JANUARY_UTC = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)  # 11:00 in Amsterdam (winter, +1)
# Stored codes that are not themselves the Dutch word on the page (case-sensitive).
RAW_CODES = re.compile(
    r"(?<![\w-])(uitzend|bbl|day|evening|night|walk|e?bike|car|municipality|agency|employer"
    r"|closed|filled|searching|proposed|[a-z]+_[a-z_0-9]+)(?![\w-])"
)


@dataclass(frozen=True)
class World:
    coach: User
    me: User
    agency: User
    admin: User
    candidate_id: int
    shared: int  # shared with the agency, consented
    interested: int  # candidate_interested, no consent yet
    temp_job: int
    batch_id: int


async def _move(conn, actor: User, proposal_id: int, *steps: str) -> None:
    for from_state, to_state in zip(steps, steps[1:], strict=False):
        moved = await placements.transition(
            conn, actor=actor, proposal_id=proposal_id, from_state=from_state, to_state=to_state
        )
        assert moved


async def _approve(conn, coach: User, candidate_id: int, vacancy_id: int) -> int:
    decided = await placements.decide(
        conn,
        coach=coach,
        candidate_id=candidate_id,
        vacancy=await vacancies.by_id(conn, vacancy_id=vacancy_id),
        decision="approve",
        reason_code="goede_match",
        note="",
    )
    assert decided.proposal_id is not None
    return decided.proposal_id


@pytest.fixture
async def world(conn) -> World:
    municipality = await make_org(conn, kind="municipality", name="Gemeente Utrecht")
    agency_org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    coach = await make_user(conn, role="jobcoach", org=municipality)
    me = await make_user(conn, role="candidate", org=municipality)
    candidate = await make_candidate(
        conn,
        coach=coach,
        user_id=me.id,
        hours_min=24.0,
        hours_max=32.0,
        shifts=["day", "evening"],
        travel_mode="ebike",
        language_level="B1",
    )
    temp_job = await make_vacancy(
        conn,
        org=agency_org,
        title="Magazijnmedewerker",
        contract_type="uitzend",
        hourly_wage=16.01,
        hours_min=38.0,
        hours_max=38.0,
        shifts=["day"],
    )
    school_job = await make_vacancy(
        conn, org=agency_org, title="Leerling monteur", contract_type="bbl", bbl=True
    )
    shared = await _approve(conn, coach, candidate.id, temp_job)
    await _move(conn, coach, shared, "proposed", "candidate_interested", "shared_with_agency")
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)", shared, candidate.id
    )
    interested = await _approve(conn, coach, candidate.id, school_job)
    await _move(conn, coach, interested, "proposed", "candidate_interested")
    await conn.execute(
        "UPDATE proposal_events SET created_at = CASE to_state"
        " WHEN 'proposed' THEN $2::timestamptz ELSE $3::timestamptz END WHERE proposal_id = $1",
        shared,
        JULY_UTC,
        JANUARY_UTC,
    )
    batch_id = await conn.fetchval(
        "INSERT INTO import_batches (organisation_id, source, filename, status, total_rows,"
        " processed_rows, stored, created_at) VALUES ($1, 'upload', 'vacatures.csv', 'done',"
        " 12000, 12000, 12000, $2::timestamptz) RETURNING id",
        agency_org.id,
        JULY_UTC,
    )
    return World(
        coach=coach,
        me=me,
        agency=await make_user(conn, role="agency", org=agency_org),
        admin=await make_user(conn, role="admin", org=municipality),
        candidate_id=candidate.id,
        shared=shared,
        interested=interested,
        temp_job=temp_job,
        batch_id=batch_id,
    )


@pytest.fixture
async def as_user(app) -> AsyncIterator:
    """as_user(user) → a client logged in as that user (one per role)."""
    opened: list[httpx.AsyncClient] = []

    async def client_for(user: User) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app)
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        opened.append(client)
        assert (await login(client, user.email, PASSWORD)).status_code == 303
        return client

    yield client_for
    for client in opened:
        await client.aclose()


async def _text(client: httpx.AsyncClient, path: str) -> str:
    """What a reader sees of a page's content: its text, not its attributes."""
    page = await client.get(path)
    assert page.status_code == 200, path
    main = LexborHTMLParser(page.text).css_first("main")
    assert main is not None
    return " ".join(main.text(separator=" ").split())


async def test_coach_candidate_page_shows_amsterdam_times_and_reason_labels(world, as_user):
    coach = await as_user(world.coach)
    text = await _text(coach, f"/coach/candidates/{world.candidate_id}")
    assert "1 juli 2026, 12:00" in text  # approved at 10:00 UTC in July
    assert "15 januari 2026, 11:00" in text  # the candidate's answer, 10:00 UTC in January
    assert "(Past goed bij wat de kandidaat wil en kan)" in text
    assert "goede match" not in text and "2026-07-01" not in text
    assert "24–32 uur" in text and "overdag, avond" in text and "e-bike" in text


async def test_agency_uploads_list_shows_amsterdam_time_and_dutch_numbers(world, as_user):
    agency = await as_user(world.agency)
    text = await _text(agency, "/agency/imports")
    assert "1 juli 2026, 12:00" in text and "12.000" in text
    assert "01-07-2026 10:00" not in text


async def test_agency_vacancy_pages_show_money_and_labels(world, as_user):
    agency = await as_user(world.agency)
    listing = await _text(agency, "/agency")
    assert "2 vacatures" in listing and "uitzendcontract" in listing and "38 uur" in listing
    assert "38–38" not in listing
    detail = await _text(agency, f"/agency/vacancies/{world.temp_job}")
    assert "€ 16,01" in detail and "€ 16.01" not in detail


async def test_candidate_jobs_page_shows_dutch_money_and_hours(world, as_user):
    me = await as_user(world.me)
    text = await _text(me, "/candidate")
    assert "€ 16,01 per uur (bruto)" in text and "16.01" not in text
    assert "38 uur per week" in text and "38 tot 38" not in text
    # The promise names what the agency's view with consent actually holds.
    assert "je naam, telefoonnummer en e-mailadres ziet" in text


async def test_candidate_pages_say_who_did_what_in_correct_dutch(world, as_user):
    me = await as_user(world.me)
    data = await _text(me, "/candidate/data")
    assert "door jij" not in data and "(door je jobcoach)" in data
    assert "15 januari 2026: Je jobcoach gaf door dat de baan je wat lijkt" in data
    assert "Je zei: lijkt me wat (door je jobcoach)" not in data
    assert "B1 (gewone gesprekken)" in data
    consent = await _text(me, f"/candidate/proposals/{world.shared}/consent")
    assert "Utrecht en omgeving (postcode 35xx)" in consent


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        ("coach", ["/coach/candidates/{c}", "/coach/candidates/{c}/edit", "/coach/vacancies"]),
        ("coach", ["/coach/vacancies/{v}"]),
        ("agency", ["/agency", "/agency/vacancies/{v}", "/agency/proposals/{p}"]),
        ("me", ["/candidate", "/candidate/proposals/{p}/consent", "/candidate/data"]),
        ("admin", ["/admin"]),
    ],
)
async def test_no_stored_code_reaches_a_page(world, as_user, role, paths):
    client = await as_user(getattr(world, role))
    for path in paths:
        url = path.format(c=world.candidate_id, v=world.temp_job, p=world.shared)
        text = await _text(client, url)
        assert RAW_CODES.findall(text) == [], url
