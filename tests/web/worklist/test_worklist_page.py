"""The coach's work list: every kind of item, newest first, only the coach's own
candidates, marked done until it changes again, no matches in manual mode."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.factories import PASSWORD, make_candidate, make_org, make_user, make_vacancy
from tests.web.conftest import csrf_token, login
from web.accounts.repositories.users import User

HTMX = {"HX-Request": "true"}


async def _proposal(conn, *, candidate_id: int, vacancy_id: int, to: tuple[str, ...] = ()) -> int:
    """A proposal walked through `to` (the trigger checks each step), without events."""
    proposal_id = await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2) RETURNING id",
        candidate_id,
        vacancy_id,
    )
    for state in to:
        await conn.execute("UPDATE proposals SET state = $2 WHERE id = $1", proposal_id, state)
    return proposal_id


async def _event(
    conn, *, proposal_id: int, to_state: str, ago: timedelta, actor: User | None = None
) -> int:
    return await conn.fetchval(
        """INSERT INTO proposal_events (proposal_id, to_state, actor_id, reason_code, created_at)
           VALUES ($1, $2, $3, $4, now() - $5::interval) RETURNING id""",
        proposal_id,
        to_state,
        actor.id if actor else None,
        "profiel_past_niet" if to_state == "declined_by_agency" else None,
        ago,
    )


async def _strong(conn, *, candidate_id: int, vacancy_ids: list[int], ago: timedelta) -> None:
    await conn.executemany(
        """INSERT INTO strong_matches (candidate_id, vacancy_id, score, first_seen_at)
           VALUES ($1, $2, 0.8, now() - $3::interval)""",
        [(candidate_id, v, ago) for v in vacancy_ids],
    )


async def _quiet_since(conn, *, candidate_id: int, ago: timedelta) -> None:
    await conn.execute(
        "UPDATE candidates SET created_at = now() - $2::interval, updated_at = now() - $2::interval"
        " WHERE id = $1",
        candidate_id,
        ago,
    )


@pytest.fixture
async def world(conn):
    town = await make_org(conn, kind="municipality")
    agency = await make_org(conn, kind="agency")
    coach = await make_user(conn, role="jobcoach", org=town)
    return town, agency, coach, await make_user(conn, role="agency", org=agency)


async def _client(client: httpx.AsyncClient, user: User) -> httpx.AsyncClient:
    assert (await login(client, user.email, PASSWORD)).status_code == 303
    return client


def _order(text: str, names: list[str]) -> list[int]:
    body = text.split('id="worklist"')[1]
    return [body.index(f"<strong>{name}</strong>") for name in names]


async def test_every_kind_of_item_appears_newest_first(client, conn, world):
    town, agency, coach, planner = world
    people = {
        name: await make_candidate(conn, coach=coach, first_name=name)
        for name in ("Anouk", "Bilal", "Chris", "Dewi", "Emre", "Fleur")
    }
    jobs = [await make_vacancy(conn, org=agency, title=f"Baan {n}") for n in range(4)]
    invited = await _proposal(
        conn,
        candidate_id=people["Anouk"].id,
        vacancy_id=jobs[0],
        to=("candidate_interested", "shared_with_agency", "interview"),
    )
    await _event(
        conn, proposal_id=invited, to_state="interview", ago=timedelta(hours=1), actor=planner
    )
    answered = await _proposal(
        conn, candidate_id=people["Bilal"].id, vacancy_id=jobs[1], to=("candidate_declined",)
    )
    await _event(conn, proposal_id=answered, to_state="candidate_declined", ago=timedelta(hours=2))
    shared = await _proposal(
        conn, candidate_id=people["Chris"].id, vacancy_id=jobs[2], to=("candidate_interested",)
    )
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id, given_at)"
        " VALUES ($1, $2, now() - interval '3 hours')",
        shared,
        people["Chris"].id,
    )
    await _strong(
        conn, candidate_id=people["Dewi"].id, vacancy_ids=jobs[:3], ago=timedelta(hours=4)
    )
    hired = await _proposal(
        conn,
        candidate_id=people["Emre"].id,
        vacancy_id=jobs[3],
        to=("candidate_interested", "shared_with_agency", "hired"),
    )
    await conn.execute(
        "UPDATE proposals SET start_date = local_today() - interval '1 month 2 days' WHERE id = $1",
        hired,
    )
    await _quiet_since(conn, candidate_id=people["Fleur"].id, ago=timedelta(weeks=5))

    page = await (await _client(client, coach)).get("/coach/worklist")

    assert page.status_code == 200
    text = page.text
    assert "Uitgenodigd voor een gesprek" in text and "Baan 0" in text
    assert "Zegt: niet voor mij" in text
    assert "Geeft toestemming" in text
    assert "3 nieuwe sterke matches" in text and "3 in totaal" in text
    assert "Check-in na 1 maand" in text
    assert "Al 5 weken niets gebeurd" in text
    positions = _order(text, ["Anouk", "Bilal", "Chris", "Dewi", "Emre", "Fleur"])
    assert positions == sorted(positions)
    assert f'href="/coach/candidates/{people["Dewi"].id}#suggestions"' in text


async def test_login_lands_on_the_work_list_and_the_caseload_stays_in_the_nav(client, conn, world):
    _town, _agency, coach, _planner = world
    response = await login(client, coach.email, PASSWORD)
    assert response.headers["location"] == "/coach/worklist"
    page = await client.get("/coach/worklist")
    assert 'href="/coach">Mijn kandidaten' in page.text
    assert (await client.get("/")).headers["location"] == "/coach/worklist"


async def _mark_done(client: httpx.AsyncClient, form: dict[str, str]) -> httpx.Response:
    token = await csrf_token(client, "/coach/worklist")
    return await client.post(
        "/coach/worklist/done", data={**form, "csrf_token": token}, headers=HTMX
    )


def _done_form(page: str, anchor: str) -> dict[str, str]:
    """What the item's Gedaan button sends, as the page has it."""
    part = page.split(f'id="{anchor}"')[1].split("</article>")[0]
    return {"item": part.split('name="item" value="')[1].split('"')[0]}


async def test_marked_done_goes_away_and_comes_back_when_it_changes(client, conn, world):
    _town, agency, coach, planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    proposal = await _proposal(
        conn,
        candidate_id=sem.id,
        vacancy_id=await make_vacancy(conn, org=agency),
        to=("candidate_interested", "shared_with_agency", "interview"),
    )
    await _event(
        conn, proposal_id=proposal, to_state="interview", ago=timedelta(hours=1), actor=planner
    )
    await _client(client, coach)
    anchor = f"item-answer-{proposal}"
    page = (await client.get("/coach/worklist")).text
    assert anchor in page

    done = await _mark_done(client, _done_form(page, anchor))
    assert done.status_code == 200 and "Gedaan" in done.text and "<html" not in done.text
    assert anchor not in (await client.get("/coach/worklist")).text
    actions = await conn.fetch(
        "SELECT action, object_id FROM audit_log WHERE action = 'worklist_done'"
    )
    assert [(a["action"], a["object_id"]) for a in actions] == [("worklist_done", sem.id)]

    await conn.execute("UPDATE proposals SET state = 'hired' WHERE id = $1", proposal)
    await _event(
        conn, proposal_id=proposal, to_state="hired", ago=timedelta(minutes=1), actor=planner
    )
    again = (await client.get("/coach/worklist")).text
    assert anchor in again and "Aangenomen" in again


async def test_a_withdrawn_consent_comes_back_after_done(client, conn, world):
    _town, agency, coach, _planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    proposal = await _proposal(
        conn, candidate_id=sem.id, vacancy_id=await make_vacancy(conn, org=agency)
    )
    consent = await conn.fetchval(
        "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2) RETURNING id",
        proposal,
        sem.id,
    )
    await _client(client, coach)
    anchor = f"item-consent-{consent}"
    page = (await client.get("/coach/worklist")).text
    without_js = await client.post(
        "/coach/worklist/done",
        data={
            **_done_form(page, anchor),
            "csrf_token": await csrf_token(client, "/coach/worklist"),
        },
    )
    assert without_js.status_code == 303 and without_js.headers["location"] == "/coach/worklist"
    assert anchor not in (await client.get("/coach/worklist")).text
    await conn.execute("UPDATE consents SET withdrawn_at = now() WHERE id = $1", consent)
    assert "Trekt toestemming in" in (await client.get("/coach/worklist")).text


async def test_only_the_coachs_own_candidates_and_no_justice_data(client, conn, world):
    town, agency, coach, planner = world
    colleague = await make_user(conn, role="jobcoach", org=town)
    mine = await make_candidate(conn, coach=coach, first_name="Mijn")
    theirs = await make_candidate(conn, coach=colleague, first_name="Andermans")
    await conn.execute(
        "INSERT INTO candidate_restrictions (candidate_id, curfew_start, curfew_end)"
        " VALUES ($1, '21:45', '06:15')",
        mine.id,
    )
    for person in (mine, theirs):
        proposal = await _proposal(
            conn,
            candidate_id=person.id,
            vacancy_id=await make_vacancy(conn, org=agency),
            to=("candidate_interested", "shared_with_agency", "interview"),
        )
        await _event(
            conn, proposal_id=proposal, to_state="interview", ago=timedelta(hours=1), actor=planner
        )
        await _strong(
            conn,
            candidate_id=person.id,
            vacancy_ids=[await make_vacancy(conn, org=agency)],
            ago=timedelta(hours=2),
        )
    await _client(client, coach)
    page = (await client.get("/coach/worklist")).text
    assert "<strong>Mijn</strong>" in page and "Andermans" not in page
    assert "21:45" not in page and "avondklok" not in page.lower()
    refused = await _mark_done(client, {"item": f"quiet:{theirs.id}:{theirs.id}:x"})
    assert refused.status_code == 404
    for nonsense in (
        f"nonsense:1:{mine.id}:x",
        f"quiet:{mine.id}:{mine.id}",
        f"quiet:0:{mine.id}:x",
    ):
        answer = await _mark_done(client, {"item": nonsense})
        assert answer.status_code == 422 and "staat niet op je lijst" in answer.text
    assert await conn.fetchval("SELECT count(*) FROM worklist_done") == 0


async def test_manual_mode_shows_no_match_items(client, conn, world):
    town, agency, coach, _planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    await _strong(
        conn,
        candidate_id=sem.id,
        vacancy_ids=[await make_vacancy(conn, org=agency)],
        ago=timedelta(hours=1),
    )
    await _client(client, coach)
    assert "1 nieuwe sterke match" in (await client.get("/coach/worklist")).text
    await conn.execute(
        "UPDATE organisations SET automatic_suggestions = false WHERE id = $1", town.id
    )
    page = (await client.get("/coach/worklist")).text
    assert "sterke match" not in page and "handmatige modus" in page


async def test_strong_matches_count_only_what_is_new_since_the_last_visit(client, conn, world):
    _town, agency, coach, _planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    jobs = [await make_vacancy(conn, org=agency) for _ in range(3)]
    await _strong(conn, candidate_id=sem.id, vacancy_ids=jobs[:2], ago=timedelta(days=2))
    await conn.execute(
        "INSERT INTO worklist_visits (coach_id, seen_at, since)"
        " VALUES ($1, now() - interval '1 day', NULL)",
        coach.id,
    )
    await _strong(conn, candidate_id=sem.id, vacancy_ids=jobs[2:], ago=timedelta(hours=1))
    await _client(client, coach)
    page = (await client.get("/coach/worklist")).text  # a new visit: since = a day ago
    assert "1 nieuwe sterke match" in page and "3 in totaal" in page
    await conn.execute("UPDATE vacancies SET status = 'closed' WHERE id = $1", jobs[2])
    assert "sterke match" not in (await client.get("/coach/worklist")).text


async def test_a_full_strong_list_reads_40_plus_not_the_top_k(client, conn, world):
    _town, agency, coach, _planner = world
    many = await make_candidate(conn, coach=coach, first_name="Veel")
    few = await make_candidate(conn, coach=coach, first_name="Weinig")
    jobs = [await make_vacancy(conn, org=agency) for _ in range(40)]
    await _strong(conn, candidate_id=many.id, vacancy_ids=jobs, ago=timedelta(hours=1))
    await _strong(conn, candidate_id=few.id, vacancy_ids=jobs[:2], ago=timedelta(hours=1))
    await conn.execute(
        "INSERT INTO reviews (candidate_id, vacancy_id, coach_id, decision, reason_code,"
        " vacancy_content_hash) SELECT $1, id, $2, 'reject', 'te_ver', content_hash"
        " FROM vacancies WHERE id = $3",
        many.id,
        coach.id,
        jobs[0],
    )
    await _client(client, coach)
    page = (await client.get("/coach/worklist")).text
    veel = page.split("<strong>Veel</strong>")[1].split("</article>")[0]
    assert "39 nieuwe sterke matches" in veel and "39+ in totaal" in veel
    weinig = page.split("<strong>Weinig</strong>")[1].split("</article>")[0]
    assert "2 nieuwe sterke matches" in weinig and "2 in totaal" in weinig


@pytest.mark.parametrize(
    ("weeks", "quiet_for", "listed"), [(3, 2, False), (3, 4, True), (1, 2, True)]
)
async def test_inactivity_after_n_weeks(app, client, conn, world, weeks, quiet_for, listed):
    app.state.settings = app.state.settings.model_copy(update={"worklist_inactive_weeks": weeks})
    _town, agency, coach, _planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    await _quiet_since(conn, candidate_id=sem.id, ago=timedelta(weeks=quiet_for))
    await _client(client, coach)
    page = (await client.get("/coach/worklist")).text
    assert ("niets gebeurd" in page) is listed


async def test_any_activity_ends_the_quiet(client, conn, world):
    _town, agency, coach, _planner = world
    sem = await make_candidate(conn, coach=coach, first_name="Sem")
    await _quiet_since(conn, candidate_id=sem.id, ago=timedelta(weeks=6))
    await _client(client, coach)
    assert "Al 6 weken niets gebeurd" in (await client.get("/coach/worklist")).text
    await conn.execute(
        "INSERT INTO reviews (candidate_id, vacancy_id, coach_id, decision, reason_code,"
        " created_at) VALUES ($1, $2, $3, 'reject', 'te_ver', now() - interval '1 week')",
        sem.id,
        await make_vacancy(conn, org=agency),
        coach.id,
    )
    assert "niets gebeurd" not in (await client.get("/coach/worklist")).text
