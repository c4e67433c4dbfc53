"""My jobs: only my approved proposals, in plain Dutch; my answers reach the timeline."""

from __future__ import annotations

from tests.factories import PASSWORD
from tests.web.candidate.conftest import COACH_NOTE
from tests.web.conftest import csrf_token, login
from web.matching.repositories import suggestions
from web.matching.repositories.suggestions import SuggestionEntry
from web.oversight.repositories import audit
from web.proposals.repositories import proposals

# Words that would betray coach-only restrictions or notes.
RESTRICTED_WORDS = ("22:00", "avondklok", "meldplicht", "VOG", "reclassering", COACH_NOTE)


async def test_my_jobs_show_my_approved_proposal_in_je_form(me_client, world):
    page = await me_client.get("/candidate")
    assert page.status_code == 200
    text = page.text
    assert "Hovenier" in text and "Groen Utrecht" in text
    assert "Je houdt van buiten werken" in text and "Je hebt je VCA" in text
    assert "€ 15,00 per uur" in text and "per maand als je 32 uur per week werkt" in text
    assert "Kans op een vast contract na 6 maanden" in text
    assert "Lijkt me wat" in text and "Niet voor mij" in text
    assert "minuten fietsen" in text


async def test_never_another_candidates_job_nor_an_unapproved_suggestion(me_client, world, conn):
    entry = SuggestionEntry(
        candidate_id=world.candidate.id,
        vacancy_id=world.unapproved_vacancy,
        score=0.9,
        breakdown={},
        reasons=["past"],
        warnings=[],
        model="m",
        index_build_id=None,
    )
    await suggestions.log_shown(
        conn, direction="vacancies_for_candidate", entries=[entry], weights={}, shown_to=None
    )
    text = (await me_client.get("/candidate")).text
    assert "Kassamedewerker Noor" not in text and "Nooit goedgekeurd" not in text
    for word in RESTRICTED_WORDS:
        assert word not in text
    token = await csrf_token(me_client, "/candidate")
    other = f"/candidate/proposals/{world.other_proposal}"
    answer = await me_client.post(
        f"{other}/answer", data={"csrf_token": token, "answer": "declined"}
    )
    assert answer.status_code == 404
    assert (await me_client.get(f"{other}/consent")).status_code == 404
    consent = await me_client.post(f"{other}/consent", data={"csrf_token": token})
    assert consent.status_code == 404
    moved = await proposals.by_id(conn, proposal_id=world.other_proposal)
    assert moved.state == "proposed"


async def test_interested_by_htmx_swaps_the_answer_and_reaches_the_timeline(
    me_client, world, conn, client
):
    token = await csrf_token(me_client, "/candidate")
    response = await me_client.post(
        f"/candidate/proposals/{world.my_proposal}/answer",
        data={"csrf_token": token, "answer": "interested"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and "<html" not in response.text
    assert "Gelukt" in response.text and "Bekijk wat de werkgever ziet" in response.text
    events = await proposals.timeline(conn, candidate_id=world.candidate.id)
    assert (events[0].to_state, events[0].actor_role) == ("candidate_interested", "candidate")
    actions = [
        e.action
        for e in await audit.for_object(conn, object_type="proposal", object_id=world.my_proposal)
    ]
    assert "proposal_candidate_interested" in actions
    await _coach_sees(client, world, "Kandidaat heeft interesse")


async def test_not_for_me_without_javascript_and_without_reason_is_anders(
    me_client, world, conn, client
):
    token = await csrf_token(me_client, "/candidate")
    response = await me_client.post(
        f"/candidate/proposals/{world.my_proposal}/answer",
        data={"csrf_token": token, "answer": "declined"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/candidate#proposal-{world.my_proposal}"
    events = await proposals.timeline(conn, candidate_id=world.candidate.id)
    assert (events[0].to_state, events[0].reason_code) == ("candidate_declined", "anders")
    page = await me_client.get("/candidate")
    assert "Je zei: niet voor mij" in page.text and "Eerder" in page.text
    await _coach_sees(client, world, "Kandidaat wil niet")


async def test_not_for_me_keeps_the_chosen_reason(me_client, world, conn):
    token = await csrf_token(me_client, "/candidate")
    await me_client.post(
        f"/candidate/proposals/{world.my_proposal}/answer",
        data={"csrf_token": token, "answer": "declined", "reason_code": "te_ver"},
    )
    events = await proposals.timeline(conn, candidate_id=world.candidate.id)
    assert events[0].reason_code == "te_ver"
    again = await me_client.post(
        f"/candidate/proposals/{world.my_proposal}/answer",
        data={"csrf_token": token, "answer": "interested"},
        headers={"HX-Request": "true"},
    )
    assert "Je had hier al op geantwoord" in again.text
    assert len(await proposals.timeline(conn, candidate_id=world.candidate.id)) == 2


async def test_a_job_i_already_have_does_not_ask_to_share_my_name(me_client, world, conn):
    """Hired (here recorded without a consent): the employer knows them already."""
    walk = ("candidate_interested", "shared_with_agency", "hired")
    for from_state, to_state in zip(("proposed", *walk), walk, strict=False):
        await conn.execute(
            "UPDATE proposals SET state = $2 WHERE id = $1", world.my_proposal, to_state
        )
        await conn.execute(
            "INSERT INTO proposal_events (proposal_id, from_state, to_state) VALUES ($1, $2, $3)",
            world.my_proposal,
            from_state,
            to_state,
        )
    page = await me_client.get("/candidate")
    assert "Je bent aangenomen" in page.text
    assert "Wil je dat de werkgever je naam" not in page.text
    assert "Bekijk wat de werkgever ziet en beslis" not in page.text
    consent = await me_client.get(f"/candidate/proposals/{world.my_proposal}/consent")
    assert "Je hebt deze baan al" in consent.text
    assert "Ja, deel mijn gegevens" not in consent.text


async def _coach_sees(client, world, label: str) -> None:
    await client.post("/logout", data={"csrf_token": await csrf_token(client, "/candidate")})
    client.cookies.clear()
    assert (await login(client, world.coach.email, PASSWORD)).status_code == 303
    page = await client.get(f"/coach/candidates/{world.candidate.id}")
    assert label in page.text
