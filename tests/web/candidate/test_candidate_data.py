"""My data: everything stored, downloadable; restricted notes only as a notice."""

from __future__ import annotations

import json

from tests.web.candidate.conftest import COACH_NOTE
from tests.web.conftest import csrf_token
from web.candidates.repositories import correction_requests

RESTRICTED = ("22:00", "06:00", "avondklok", "meldplicht", "VOG", "vog_risk", COACH_NOTE)


async def test_data_page_lists_the_profile_and_only_notices_restrictions(me_client, world):
    page = await me_client.get("/candidate/data")
    assert page.status_code == 200
    text = page.text
    assert "Sem" in text and "de Vries" in text and "06-12345678" in text and "Hovenier" in text
    assert "alleen je jobcoach kan zien" in text
    for word in RESTRICTED:
        assert word not in text
    assert "Kassamedewerker Noor" not in text


async def test_download_is_an_attachment_without_restricted_content(me_client, world):
    response = await me_client.get("/candidate/data.json")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    data = response.json()
    assert data["profiel"]["Voornaam"] == "Sem"
    assert data["voorstellen"][0]["baan"] == "Hovenier"
    assert data["afspraken_alleen_voor_jobcoach"].startswith("Er zijn afspraken")
    raw = json.dumps(data, ensure_ascii=False)
    for word in RESTRICTED:
        assert word not in raw


async def test_correction_request_is_stored_and_open_for_the_coach(me_client, world, conn):
    token = await csrf_token(me_client, "/candidate/data")
    empty = await me_client.post(
        "/candidate/data/correction", data={"csrf_token": token, "message": " "}
    )
    assert empty.status_code == 422 and "Schrijf wat er niet klopt" in empty.text
    sent = await me_client.post(
        "/candidate/data/correction",
        data={"csrf_token": token, "message": "Mijn telefoonnummer is veranderd"},
    )
    assert sent.status_code == 303
    open_now = await correction_requests.open_requests(conn, candidate_id=world.candidate.id)
    assert [r.message for r in open_now] == ["Mijn telefoonnummer is veranderd"]
    assert await correction_requests.open_requests(conn, candidate_id=world.other.id) == []
    assert "nog open" in (await me_client.get("/candidate/data?sent=1")).text
    await correction_requests.mark_handled(
        conn, request_id=open_now[0].id, candidate_id=world.candidate.id
    )
    assert await correction_requests.open_requests(conn, candidate_id=world.candidate.id) == []


async def test_explanation_says_a_person_decides(me_client):
    page = await me_client.get("/candidate/explanation")
    assert page.status_code == 200 and "Een mens beslist altijd" in page.text
