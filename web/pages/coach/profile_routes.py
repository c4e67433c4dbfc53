"""A candidate's profile made and changed by their jobcoach, the invitation to sign in,
and the candidate's correction requests marked as handled."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from web.candidates import profile_form, profiles
from web.deps import Conn, CurrentCoach, PathId, SettingsDep, require_role
from web.pages.coach import profile_page, skill_lookup
from web.templating import render

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("/candidates/new")
async def new_candidate(request: Request, coach: CurrentCoach) -> Response:
    return profile_page.form_page(
        request,
        candidate=None,
        values=profile_form.form_values(None),
        restrictions=None,
        errors={},
    )


@router.post("/candidates")
async def create_candidate(request: Request, conn: Conn, coach: CurrentCoach) -> Response:
    parsed = await _read_form(request)
    if not parsed.valid:
        return _form_again(request, None, parsed)
    record = await profiles.create(conn, coach, parsed)
    return _saved(request, record.id)


@router.get("/candidates/{candidate_id:int}/edit")
async def edit_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    return await profile_page.edit_page(request, conn, coach, candidate)


@router.post("/candidates/{candidate_id:int}")
async def update_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    parsed = await _read_form(request)
    if not parsed.valid:
        return _form_again(request, candidate, parsed)
    await profiles.update(conn, coach, candidate, parsed)
    return _saved(request, candidate.id)


async def _read_form(request: Request) -> profile_form.ProfileForm:
    form = await request.form()
    return profile_form.read_profile(form, form.getlist)  # type: ignore[arg-type]


def _form_again(request: Request, candidate: Any, parsed: profile_form.ProfileForm) -> Response:
    """The form back with what was typed and a Dutch reason per field."""
    return profile_page.form_page(
        request,
        candidate=candidate,
        values=parsed.values,
        restrictions=parsed.restrictions,
        errors=parsed.errors,
    )


@router.get("/skills")
async def skill_suggestions(
    request: Request,
    conn: Conn,
    coach: CurrentCoach,
    skill_entry: Annotated[str, Query(max_length=1000)] = "",
) -> Response:
    """ESCO (or known) skills for the last phrase being typed in the skill entry box:
    the options of its listbox."""
    phrase = skill_entry.split(",")[-1].strip()
    options = await skill_lookup.suggest(conn, phrase=phrase, matching=request.app.state.matching)
    context = {"skill_options": options, "errors": {}, "v": {}, "r": {}}
    return render(request, "coach/profile_form.html", context, block="skill_suggestions")


def _saved(request: Request, candidate_id: int) -> RedirectResponse:
    """Redirect to the profile. The matcher hears of the change from the database (the
    change trigger's NOTIFY after the commit, and the embedding job's)."""
    return RedirectResponse(f"/coach/candidates/{candidate_id}", status_code=303)


@router.post("/candidates/{candidate_id:int}/invitation")
async def invite_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach, settings: SettingsDep
) -> Response:
    """A one-time link and code the coach hands over; shown once, valid for a few days."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    issued = await profiles.invite(conn, coach, candidate, hours=settings.invitation_hours)
    context = {"candidate": candidate, "issued": issued}
    return render(request, "coach/invitation.html", context)


@router.post("/candidates/{candidate_id:int}/corrections/{request_id:int}/handled")
async def correction_handled(
    request: Request, candidate_id: PathId, request_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    """The coach has dealt with a candidate's request to correct their data."""
    candidate = await profiles.own_candidate(conn, coach, candidate_id)
    await profiles.correction_handled(conn, coach, candidate, request_id)
    return RedirectResponse(f"/coach/candidates/{candidate.id}", status_code=303)
