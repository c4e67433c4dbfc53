"""Candidate pages (mobile first, B1 Dutch): my jobs, consent, my data, how it works."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from web.candidates import consents, correction_requests, own_data
from web.deps import Conn, CurrentCandidate, PathId, require_role
from web.pages.candidate import consent, jobs, my_data
from web.pages.candidate.own_profile import MyProfile, profile_of
from web.proposals import candidate_answers
from web.proposals.vocabulary import CANDIDATE_DECLINE_REASONS
from web.templating import is_htmx, render

router = APIRouter(prefix="/candidate", dependencies=[Depends(require_role("candidate"))])


@router.get("")
async def my_jobs(request: Request, conn: Conn, me: CurrentCandidate) -> Response:
    profile = await profile_of(conn, me)
    cards = (
        await jobs.cards(conn, candidate=profile, matching=request.app.state.matching)
        if profile
        else []
    )
    context = {
        "profile": profile,
        "groups": _groups(cards),
        "decline_reasons": CANDIDATE_DECLINE_REASONS,
    }
    return render(request, "candidate/jobs.html", context)


@router.post("/proposals/{proposal_id:int}/answer")
async def answer(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    me: CurrentCandidate,
    profile: MyProfile,
    answer: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
) -> Response:
    """Answer "Lijkt me wat" or "Niet voor mij": the card again (htmx) or back to the list."""
    moved = await candidate_answers.answer(
        conn,
        me=me,
        candidate=profile,
        proposal_id=proposal_id,
        answer=answer,
        reason_code=reason_code,
    )
    card = await jobs.card(
        conn, candidate=profile, proposal_id=proposal_id, matching=request.app.state.matching
    )
    if not is_htmx(request):
        target = f"/candidate#proposal-{proposal_id}"
        return RedirectResponse(target, status_code=303, headers={"Vary": "HX-Request"})
    context = {
        "card": card,
        "decline_reasons": CANDIDATE_DECLINE_REASONS,
        "message": _answer_message(answer, moved),
    }
    return render(request, "candidate/jobs.html", context, block="answer")


def _groups(cards: list[jobs.JobCard]) -> list[tuple[str, list[jobs.JobCard]]]:
    groups = [
        ("Banen voor jou", [c for c in cards if c.active]),
        ("Eerder", [c for c in cards if not c.active]),
    ]
    return [(title, found) for title, found in groups if found]


def _answer_message(answer: str, moved: bool) -> str:
    if not moved:
        return "Je had hier al op geantwoord."
    if answer == "interested":
        return "Gelukt. Je jobcoach ziet dat deze baan je wat lijkt."
    return "Gelukt. Je jobcoach ziet dat deze baan niet voor jou is."


@router.get("/proposals/{proposal_id:int}/consent")
async def consent_page(
    request: Request, proposal_id: PathId, conn: Conn, profile: MyProfile, done: str = ""
) -> Response:
    """Exactly what the agency will see, before they say yes (or to withdraw)."""
    card = await jobs.card(
        conn, candidate=profile, proposal_id=proposal_id, matching=request.app.state.matching
    )
    context = {
        "card": card,
        "preview": await consent.preview(conn, candidate=profile),
        "done": done,
    }
    return render(request, "candidate/consent.html", context)


@router.post("/proposals/{proposal_id:int}/consent")
async def give_consent(
    proposal_id: PathId, conn: Conn, me: CurrentCandidate, profile: MyProfile
) -> Response:
    await consents.give(conn, me=me, candidate=profile, proposal_id=proposal_id)
    return RedirectResponse(f"/candidate/proposals/{proposal_id}/consent?done=given", 303)


@router.post("/proposals/{proposal_id:int}/consent/withdraw")
async def withdraw_consent(
    proposal_id: PathId, conn: Conn, me: CurrentCandidate, profile: MyProfile
) -> Response:
    await consents.withdraw(conn, me=me, candidate=profile, proposal_id=proposal_id)
    return RedirectResponse(f"/candidate/proposals/{proposal_id}/consent?done=withdrawn", 303)


@router.get("/data")
async def data_page(
    request: Request,
    conn: Conn,
    me: CurrentCandidate,
    profile: MyProfile,
    sent: str = "",
    saved: str = "",
) -> Response:
    data = await my_data.shown(conn, me=me, candidate=profile, look="read")
    context: dict[str, Any] = {"data": data, "sent": sent, "saved": saved, "errors": {}}
    context["genders"] = own_data.GENDERS
    return render(request, "candidate/data.html", context)


@router.get("/data.json")
async def data_download(conn: Conn, me: CurrentCandidate, profile: MyProfile) -> Response:
    data = await my_data.shown(conn, me=me, candidate=profile, look="export")
    body = json.dumps(my_data.as_json(data), ensure_ascii=False, indent=2)
    headers = {
        "Content-Disposition": 'attachment; filename="mijn-gegevens.json"',
        "Cache-Control": "no-store",  # personal data: not kept by browsers or proxies
    }
    return Response(body, media_type="application/json", headers=headers)


@router.post("/data/correction")
async def ask_correction(
    request: Request,
    conn: Conn,
    me: CurrentCandidate,
    profile: MyProfile,
    message: Annotated[str, Form(max_length=correction_requests.MAX_LENGTH)] = "",
) -> Response:
    if not message.strip():
        data = await my_data.collect(conn, candidate=profile)
        errors = {"message": "Schrijf wat er niet klopt."}
        context = {"data": data, "sent": "", "saved": "", "errors": errors}
        context["genders"] = own_data.GENDERS
        return render(request, "candidate/data.html", context, status_code=422)
    await correction_requests.ask(conn, me=me, candidate=profile, message=message)
    return RedirectResponse("/candidate/data?sent=1#correctie", status_code=303)


@router.post("/data/gender")
async def state_gender(
    conn: Conn,
    me: CurrentCandidate,
    profile: MyProfile,
    gender: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Set or clear the gender the young person chooses to state (422 in Dutch otherwise)."""
    await own_data.state_gender(conn, me=me, candidate=profile, gender=gender)
    return RedirectResponse("/candidate/data?saved=1#geslacht", status_code=303)


@router.get("/explanation")
async def explanation(request: Request, me: CurrentCandidate) -> Response:
    return render(request, "candidate/explanation.html")
