"""The agency's pages: upload → import by a worker → report; filters; keys; proposals."""

from __future__ import annotations

import csv
import io

import httpx
import pytest

from tests.factories import (
    PASSWORD,
    make_candidate,
    make_org,
    make_shared_proposal,
    make_user,
    make_vacancy,
)
from tests.web.conftest import csrf_token, login
from tests.web.vacancy_files import csv_bytes, rows, xlsx_bytes, zip_bomb
from web.oversight.repositories import audit
from web.vacancies.repositories import vacancies
from web.worker.testing import run_jobs_until_idle


@pytest.fixture
def worker(database_url, settings):
    """Run the queued jobs (the import, then its embeddings) as a worker would."""

    async def run() -> None:
        await run_jobs_until_idle(database_url, settings)

    return run


@pytest.fixture
async def agency(conn):
    org = await make_org(conn, kind="agency", name="Domstad Uitzend")
    return await make_user(conn, role="agency", org=org)


@pytest.fixture
async def browser(client, agency) -> httpx.AsyncClient:
    assert (await login(client, agency.email, PASSWORD)).status_code == 303
    return client


async def _upload(client, payload: bytes, name: str, *, full_feed=False, htmx=False):
    token = await csrf_token(client, "/agency/imports")
    data = {"csrf_token": token, **({"full_feed": "true"} if full_feed else {})}
    headers = {"HX-Request": "true"} if htmx else {}
    return await client.post(
        "/agency/imports", data=data, files={"file": (name, payload)}, headers=headers
    )


async def test_upload_runs_in_background_and_reports_bad_rows(app, worker, browser, conn, agency):
    body = rows(12) + [
        ["V-X", "Kok", "", "veertig", "", "", ""],
        ['=HYPERLINK("http://evil")', "", "", "", "", "", ""],
    ]
    response = await _upload(browser, csv_bytes(body), "vacatures.csv")
    assert response.status_code == 303
    page_url = response.headers["location"]
    await worker()
    page = await browser.get(page_url)
    assert "12 opgeslagen, 0 ongewijzigd, 0 gesloten, 2 afgekeurd" in page.text
    assert "&#39;veertig&#39; is geen getal" in page.text
    assert "<progress" not in page.text  # finished: no more polling
    report = await browser.get(page_url + "/report.csv")
    assert report.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(report.text.lstrip("\ufeff")), delimiter=";"))
    errors = [row for row in table[1:] if row[2] == "fout"]
    assert errors[0][:4] == ["14", "uren", "fout", "'veertig' is geen getal"]
    assert errors[1][4] == '\'=HYPERLINK("http://evil")'  # neutralised
    listing = await browser.get("/agency")
    assert "Orderpicker 12" in listing.text
    embedded = await conn.fetchval("SELECT count(*) FROM embeddings WHERE kind = 'vacancy'")
    assert embedded == 12  # the worker embedded what the import stored


async def test_same_file_twice_changes_nothing(app, worker, browser, conn, agency):
    payload = xlsx_bytes(rows(5))
    for _ in range(2):
        assert (await _upload(browser, payload, "v.xlsx")).status_code == 303
        await worker()
    batches = await conn.fetch("SELECT stored, unchanged FROM import_batches ORDER BY id")
    assert [tuple(b) for b in batches] == [(5, 0), (0, 5)]
    history = await browser.get("/agency/imports")
    assert history.text.count("v.xlsx") == 2


async def test_htmx_upload_answers_with_a_polling_progress_fragment(app, worker, browser):
    response = await _upload(browser, csv_bytes(rows(3)), "v.csv", htmx=True)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'hx-trigger="every 1s"' in response.text and "<progress" in response.text
    await worker()
    batch_id = response.text.split('id="import-')[1].split('"')[0]
    fragment = await browser.get(f"/agency/imports/{batch_id}", headers={"HX-Request": "true"})
    assert "hx-trigger" not in fragment.text and "3 opgeslagen" in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


async def test_unreadable_files_are_refused_with_a_clear_message(browser, conn):
    missing = csv_bytes([["Kok"]], header=["functie"])
    response = await _upload(browser, missing, "v.csv")
    assert response.status_code == 422 and "Verplichte kolom ontbreekt" in response.text
    bomb = await _upload(browser, zip_bomb(60), "v.xlsx")
    assert bomb.status_code == 413 and "zip-bom" in bomb.text
    garbage = await _upload(browser, b"id;title\nA;\x81\xff\n", "v.csv", htmx=True)
    assert garbage.status_code == 422 and "tekens" in garbage.text and "<html" not in garbage.text
    assert await conn.fetchval("SELECT count(*) FROM import_batches") == 0


async def test_too_large_upload_is_413(app, browser, settings):
    settings.import_max_bytes = 1000
    response = await _upload(browser, csv_bytes(rows(200)), "v.csv")
    assert response.status_code == 413 and "te groot" in response.text


async def test_text_from_files_is_shown_as_text_not_html(app, worker, browser):
    body = [["X-1", "<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "", "", "", ""]]
    await _upload(browser, csv_bytes(body), "v.csv")
    await worker()
    listing = await browser.get("/agency")
    assert "<script>alert(1)</script>" not in listing.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing.text
    vacancy_id = listing.text.split('href="/agency/vacancies/')[1].split('"')[0]
    detail = await browser.get(f"/agency/vacancies/{vacancy_id}")
    assert "<img src=x" not in detail.text and "&lt;img src=x" in detail.text


async def test_vacancy_list_filters_with_an_htmx_block(browser, conn, agency):
    org = await _org(conn, agency)
    await make_vacancy(conn, org=org, external_ref="a", title="Kok", sector="horeca")
    await make_vacancy(conn, org=org, external_ref="b", title="Chauffeur", sector="logistiek")
    await make_vacancy(conn, org=org, external_ref="c", title="Afwasser", status="closed")
    other = await make_org(conn)
    await make_vacancy(conn, org=other, external_ref="z", title="Kok bij een ander")
    page = await browser.get("/agency", params={"q": "kok"})
    assert "Kok" in page.text and "Chauffeur" not in page.text and "bij een ander" not in page.text
    fragment = await browser.get(
        "/agency", params={"status": "closed"}, headers={"HX-Request": "true"}
    )
    assert "Afwasser" in fragment.text and "Kok" not in fragment.text
    assert fragment.text.lstrip().startswith('<div id="vacancy-table">')
    by_sector = await browser.get("/agency", params={"sector": "logistiek", "since": "2000-01-01"})
    assert "Chauffeur" in by_sector.text and "Kok" not in by_sector.text


async def _org(conn, user):
    from web.accounts.repositories import organisations

    return await organisations.by_id(conn, organisation_id=user.organisation_id)


async def test_templates_download(browser):
    csv_template = await browser.get("/agency/template.csv")
    assert csv_template.status_code == 200 and "title" in csv_template.text.splitlines()[0]
    xlsx = await browser.get("/agency/template.xlsx")
    assert xlsx.content.startswith(b"PK") and "spreadsheetml" in xlsx.headers["content-type"]


async def test_api_key_is_shown_once_stored_hashed_and_revocable(browser, conn, agency):
    token = await csrf_token(browser, "/agency/api-keys")
    created = await browser.post("/agency/api-keys", data={"csrf_token": token, "name": "ATS"})
    key = created.text.split('id="new-api-key">')[1].split("<")[0]
    assert key.startswith("pk_")
    assert key not in (await browser.get("/agency/api-keys")).text
    stored = await conn.fetchrow("SELECT id, key_hash FROM api_keys")
    assert key.encode() not in bytes(stored["key_hash"])
    ok = await browser.get("/api/v1/vacancies", headers={"Authorization": f"Bearer {key}"})
    assert ok.status_code == 200
    revoked = await browser.post(
        f"/agency/api-keys/{stored['id']}/revoke", data={"csrf_token": token}
    )
    assert revoked.status_code == 303
    gone = await browser.get("/api/v1/vacancies", headers={"Authorization": f"Bearer {key}"})
    assert gone.status_code == 401


async def _proposal_world(conn, agency, *, consent: bool):
    org = await _org(conn, agency)
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach, first_name="Yasmina", last_name="Bakker")
    await conn.execute("UPDATE candidates SET phone = '0612345678' WHERE id = $1", candidate.id)
    await conn.execute(
        "INSERT INTO candidate_restrictions (candidate_id, vog_risk) VALUES ($1, true)",
        candidate.id,
    )
    vacancy_id = await make_vacancy(conn, org=org, title="Magazijnmedewerker")
    proposal_id = await make_shared_proposal(
        conn, candidate_id=candidate.id, vacancy_id=vacancy_id, consent=consent
    )
    return candidate, proposal_id


async def test_proposals_are_pseudonymised_until_consent(browser, conn, agency):
    candidate, proposal_id = await _proposal_world(conn, agency, consent=False)
    listing = await browser.get("/agency/proposals")
    assert f"Kandidaat P-{proposal_id}" in listing.text and "Yasmina" not in listing.text
    assert "Utrecht en omgeving (postcode 35xx)" in listing.text  # a place, not only a code
    detail = await browser.get(f"/agency/proposals/{proposal_id}")
    assert "Yasmina" not in detail.text and "0612345678" not in detail.text
    assert "35xx" in detail.text and "orders verzamelen" in detail.text
    assert "VOG" not in detail.text and "vog" not in detail.text
    await conn.execute(
        "INSERT INTO consents (proposal_id, candidate_id) VALUES ($1, $2)",
        proposal_id,
        candidate.id,
    )
    named = await browser.get(f"/agency/proposals/{proposal_id}")
    assert "Yasmina Bakker" in named.text and "0612345678" in named.text
    reads = await audit.for_object(conn, object_type="candidate", object_id=candidate.id)
    assert [e.action for e in reads] == ["read"]
    await conn.execute(
        "UPDATE consents SET withdrawn_at = now() WHERE proposal_id = $1", proposal_id
    )
    withdrawn = await browser.get(f"/agency/proposals/{proposal_id}")
    assert "Yasmina" not in withdrawn.text


async def test_answering_a_proposal(browser, conn, agency):
    _candidate, proposal_id = await _proposal_world(conn, agency, consent=True)
    token = await csrf_token(browser, f"/agency/proposals/{proposal_id}")
    url = f"/agency/proposals/{proposal_id}/answer"
    invited = await browser.post(url, data={"csrf_token": token, "action": "invite"})
    assert invited.status_code == 303
    assert (
        await conn.fetchval("SELECT state FROM proposals WHERE id = $1", proposal_id) == "interview"
    )
    no_reason = await browser.post(url, data={"csrf_token": token, "action": "decline"})
    assert no_reason.status_code == 422 and "reden" in no_reason.text
    declined = await browser.post(
        url, data={"csrf_token": token, "action": "decline", "reason_code": "vacature_vervuld"}
    )
    assert declined.status_code == 303
    again = await browser.post(url, data={"csrf_token": token, "action": "hire"})
    assert again.status_code == 409
    events = await conn.fetch(
        "SELECT to_state, reason_code FROM proposal_events WHERE proposal_id = $1 ORDER BY id",
        proposal_id,
    )
    assert [tuple(e) for e in events][-2:] == [
        ("interview", None),
        ("declined_by_agency", "vacature_vervuld"),
    ]
    actions = await conn.fetch(
        "SELECT action FROM audit_log WHERE object_type = 'proposal' ORDER BY id"
    )
    assert [a["action"] for a in actions] == ["proposal_interview", "proposal_declined_by_agency"]


async def test_without_consent_only_declining_is_possible(browser, conn, agency):
    _candidate, proposal_id = await _proposal_world(conn, agency, consent=False)
    token = await csrf_token(browser, f"/agency/proposals/{proposal_id}")
    url = f"/agency/proposals/{proposal_id}/answer"
    hire = await browser.post(url, data={"csrf_token": token, "action": "hire"})
    assert hire.status_code == 409 and "toestemming" in hire.text


async def test_proposals_not_yet_shared_are_invisible(browser, conn, agency):
    org = await _org(conn, agency)
    coach = await make_user(conn, role="jobcoach")
    candidate = await make_candidate(conn, coach=coach)
    vacancy_id = await make_vacancy(conn, org=org)
    proposal_id = await conn.fetchval(
        "INSERT INTO proposals (candidate_id, vacancy_id) VALUES ($1, $2) RETURNING id",
        candidate.id,
        vacancy_id,
    )
    assert (await browser.get(f"/agency/proposals/{proposal_id}")).status_code == 404
    assert f"P-{proposal_id}" not in (await browser.get("/agency/proposals")).text


async def test_closing_dates_and_status_reach_the_list(app, worker, browser, conn, agency):
    header = ["id", "title", "status", "sluitingsdatum"]
    body = [["S-1", "Kok", "gesloten", "01-12-2026"], ["S-2", "Bakker", "vervuld", ""]]
    await _upload(browser, csv_bytes(body, header=header), "v.csv")
    await worker()
    org = await _org(conn, agency)
    closed = await vacancies.by_ref(conn, organisation_id=org.id, external_ref="S-1")
    assert closed.status == "closed" and str(closed.closing_date) == "2026-12-01"
    filled = await vacancies.by_ref(conn, organisation_id=org.id, external_ref="S-2")
    assert filled.status == "filled"


async def test_jsonld_upload(app, worker, browser, conn, agency):
    from tests.web.vacancy_files import job_posting, jsonld_bytes

    document = {
        "@context": "https://schema.org",
        "@graph": [job_posting("JP-1"), job_posting("JP-2")],
    }
    assert (await _upload(browser, jsonld_bytes(document), "feed.json")).status_code == 303
    await worker()
    org = await _org(conn, agency)
    stored = await vacancies.by_ref(conn, organisation_id=org.id, external_ref="JP-2")
    assert stored.employer_name == "DC Lage Weide" and float(stored.hourly_wage) == 14.9


async def test_nul_and_lone_surrogates_in_a_file_reach_the_report_not_a_failure(
    app, worker, browser, conn
):
    """A problem message echoes the bad value; the stored report (jsonb) can hold neither
    a NUL nor a lone surrogate, so one such cell used to fail the whole batch."""
    files = {
        "nul.json": '[{"id": "N-1", "title": "Kok", "uren": "4\\u00000"}, {"id": "N-2"',
        "surrogaat.json": '[{"id": "S-1", "title": "Kok", "uren": "\\ud800"}, {"id": "S-2"',
    }
    for name, text in files.items():
        payload = (text + ', "title": "Kok"}]').encode()
        response = await _upload(browser, payload, name)
        assert response.status_code == 303
        await worker()
        page = await browser.get(response.headers["location"])
        assert "1 opgeslagen" in page.text and "1 afgekeurd" in page.text, name


async def test_the_upload_list_follows_an_htmx_upload(app, worker, browser):
    """The list below the form reloads when an upload starts and when it is done, so it
    never says "Nog niets geüpload" beside a finished upload (issue 13)."""
    started = await _upload(browser, csv_bytes(rows(2)), "eerste.csv", htmx=True)
    assert started.headers["hx-trigger"] == "uploads-changed"
    page = await browser.get("/agency/imports")
    assert 'hx-trigger="uploads-changed from:body"' in page.text
    listing = await browser.get("/agency/imports", headers={"HX-Request": "true"})
    assert listing.text.lstrip().startswith('<div id="upload-list"')
    assert "eerste.csv" in listing.text and "Nog niets geüpload" not in listing.text
    await worker()
    batch_id = started.text.split('id="import-')[1].split('"')[0]
    done = await browser.get(f"/agency/imports/{batch_id}", headers={"HX-Request": "true"})
    assert done.headers["hx-trigger"] == "uploads-changed"


async def test_without_consent_the_agency_reads_that_consent_is_awaited(browser, conn, agency):
    _candidate, proposal_id = await _proposal_world(conn, agency, consent=False)
    await conn.execute(
        "UPDATE vacancies SET language_level = 'B1' WHERE id = "
        "(SELECT vacancy_id FROM proposals WHERE id = $1)",
        proposal_id,
    )
    listing = await browser.get("/agency/proposals")
    assert "wacht op toestemming" in listing.text
    detail = await browser.get(f"/agency/proposals/{proposal_id}")
    assert "Wacht op toestemming van de kandidaat" in detail.text
    assert "Wat je nu al kunt" in detail.text
    assert "taalniveau Nederlands voor deze vacature: <strong>B1</strong>" in detail.text


async def test_with_consent_nothing_is_awaited(browser, conn, agency):
    _candidate, proposal_id = await _proposal_world(conn, agency, consent=True)
    detail = await browser.get(f"/agency/proposals/{proposal_id}")
    assert "Wacht op toestemming" not in detail.text
    assert "wacht op toestemming" not in (await browser.get("/agency/proposals")).text


async def test_the_vacancy_page_shows_the_language_level_asked(browser, conn, agency):
    org = await _org(conn, agency)
    vacancy_id = await make_vacancy(conn, org=org, language_level="A2")
    page = await browser.get(f"/agency/vacancies/{vacancy_id}")
    assert "<dt>Taalniveau Nederlands</dt><dd>A2</dd>" in page.text
