"""Consent for one proposal: the preview is what the agency sees; withdrawal is immediate."""

from __future__ import annotations

import httpx
from markupsafe import escape

from tests.factories import PASSWORD
from tests.web.conftest import csrf_token, login
from web.candidates import consents
from web.candidates.repositories import candidates
from web.oversight.repositories import audit
from web.pages.candidate import consent as candidate_consent
from web.proposals import service as placements
from web.proposals.profile_views import CONSENTED_LABELS, agency_profile, agency_profile_of
from web.proposals.repositories import agency_proposals


async def _share(conn, world) -> None:
    """The candidate says yes, the coach shares it with the agency."""
    for actor, from_state, to_state in (
        (world.me, "proposed", "candidate_interested"),
        (world.coach, "candidate_interested", "shared_with_agency"),
    ):
        moved = await placements.transition(
            conn,
            actor=actor,
            proposal_id=world.my_proposal,
            from_state=from_state,
            to_state=to_state,
        )
        assert moved


async def _agency_row(conn, world):
    return await agency_proposals.one(
        conn, organisation_id=world.agency.organisation_id, proposal_id=world.my_proposal
    )


def test_pseudonymised_profile_has_no_name_or_contact(world):
    hidden = agency_profile(world.candidate, consented=False)
    assert not set(CONSENTED_LABELS) & set(hidden)
    assert hidden["Regio"] == "Utrecht en omgeving (postcode 35xx)"
    assert hidden["Certificaten"] == "VCA"
    assert "Sem" not in str(hidden) and "3562" not in str(hidden)
    full = agency_profile(
        world.candidate, consented=True, contact=candidates.Contact("06-1", "sem@x.nl")
    )
    assert full["Naam"] == "Sem de Vries" and full["Telefoon"] == "06-1"
    assert {k: v for k, v in full.items() if k not in CONSENTED_LABELS} == hidden


async def test_consent_shows_the_agency_exactly_the_preview_and_withdrawal_hides_it(conn, world):
    await _share(conn, world)
    preview = await candidate_consent.preview(conn, candidate=world.candidate)
    assert agency_profile_of(await _agency_row(conn, world)) == preview.without_consent

    assert await consents.give(
        conn, me=world.me, candidate=world.candidate, proposal_id=world.my_proposal
    )
    seen = await _agency_row(conn, world)
    assert seen.consented and seen.name == "Sem de Vries" and seen.phone == "06-12345678"
    assert agency_profile_of(seen) == preview.with_consent

    assert await consents.withdraw(
        conn, me=world.me, candidate=world.candidate, proposal_id=world.my_proposal
    )
    seen = await _agency_row(conn, world)
    assert not seen.consented and seen.name is None and seen.phone is None
    assert agency_profile_of(seen) == preview.without_consent
    actions = [
        e.action
        for e in await audit.for_object(conn, object_type="proposal", object_id=world.my_proposal)
    ]
    assert actions.count("consent_given") == 1 and actions.count("consent_withdrawn") == 1


async def test_consent_pages_and_the_agency_page(me_client, conn, world, app):
    await _share(conn, world)
    url = f"/candidate/proposals/{world.my_proposal}/consent"
    page = await me_client.get(url)
    assert page.status_code == 200
    assert "Sem de Vries" in page.text and "06-12345678" in page.text and "35xx" in page.text
    token = await csrf_token(me_client, url)
    given = await me_client.post(url, data={"csrf_token": token})
    assert given.status_code == 303
    again = await me_client.post(url, data={"csrf_token": token})  # double click: one consent
    assert again.status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM consents") == 1
    assert "Toestemming intrekken" in (await me_client.get(url)).text

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as agency:
        assert (await login(agency, world.agency.email, PASSWORD)).status_code == 303
        agency_url = f"/agency/proposals/{world.my_proposal}"
        shown = (await agency.get(agency_url)).text
        preview = await candidate_consent.preview(conn, candidate=world.candidate)
        for label, value in preview.with_consent.items():  # the preview, row for row
            assert f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" in shown
        withdrawn = await me_client.post(f"{url}/withdraw", data={"csrf_token": token})
        assert withdrawn.status_code == 303
        after = (await agency.get(agency_url)).text
        assert "Sem de Vries" not in after and "06-12345678" not in after


async def test_no_consent_before_the_candidate_is_interested(me_client, world, conn):
    url = f"/candidate/proposals/{world.my_proposal}/consent"
    page = await me_client.get(url)
    assert "Eerst kies je of de baan je wat lijkt" in page.text
    response = await me_client.post(url, data={"csrf_token": await csrf_token(me_client, url)})
    assert response.status_code == 409
    assert await conn.fetchval("SELECT count(*) FROM consents") == 0
