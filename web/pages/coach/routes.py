"""Jobcoach pages: the caseload and a candidate's profile."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from matcher.advice import skill_gap
from matcher.completeness import missing_fields
from matcher.models import CONTRACT_TYPES, LANGUAGE_LEVELS
from web.accounts.repositories.users import User
from web.candidates import profile_form, profiles
from web.candidates.repositories import candidates, correction_requests
from web.candidates.repositories.candidates import CandidateRecord
from web.deps import (
    Conn,
    CurrentCoach,
    FormId,
    OptionalFormId,
    OptionalQueryId,
    PathId,
    SettingsDep,
    require_role,
)
from web.errors import NotFound
from web.matching import kill_switch, suggest
from web.pages.coach import candidate_fit, skill_lookup
from web.pages.coach import caseload as caseload_overview
from web.proposals import service as placements
from web.proposals.repositories import proposals
from web.proposals.vocabulary import (
    APPROVE_REASONS,
    CHECKINS,
    REASONS_FOR_STATE_LABELS,
    REJECT_REASONS,
    STATE_LABELS,
    TERMINAL_STATES,
)
from web.templating import is_htmx, render
from web.vacancies.repositories import vacancies
from web.vacancies.repositories.vacancies import VacancyRecord

router = APIRouter(prefix="/coach", dependencies=[Depends(require_role("jobcoach"))])


@router.get("")
async def caseload(
    request: Request, conn: Conn, coach: CurrentCoach, q: str = "", status: str = ""
) -> Response:
    enabled = await kill_switch.suggestions_on(conn, organisation_id=coach.organisation_id)
    rows = await caseload_overview.overview(
        conn, coach_id=coach.id, suggestions_on=enabled, query=q, status=status
    )
    context = {
        "rows": rows,
        "suggestions_enabled": enabled,
        "q": q,
        "status": status,
        "status_labels": profile_form.STATUS_LABELS,
    }
    return render(request, "coach/caseload.html", context, htmx_block="caseload_table")


@router.get("/candidates/{candidate_id:int}")
async def candidate_profile(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await _own_candidate(conn, coach, candidate_id)
    context = await _profile_context(conn, candidate)
    return render(request, "coach/candidate.html", context)


async def _profile_context(conn: Conn, candidate: CandidateRecord) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "restrictions": await candidates.restrictions_for(conn, candidate_id=candidate.id),
        "hints": missing_fields(candidate.to_matcher())[:1],
        "proposals": await proposals.for_candidate(conn, candidate_id=candidate.id),
        "timeline": await proposals.timeline(conn, candidate_id=candidate.id),
        "transitions": await proposals.transitions(conn),
        "corrections": await correction_requests.open_requests(conn, candidate_id=candidate.id),
        **DECISION_VOCABULARY,
    }


DECISION_VOCABULARY = {
    "approve_reasons": APPROVE_REASONS,
    "reject_reasons": REJECT_REASONS,
    "state_labels": STATE_LABELS,
    "terminal_states": TERMINAL_STATES,
    "checkins": CHECKINS,
    "state_reasons": REASONS_FOR_STATE_LABELS,
}


@router.get("/candidates/{candidate_id:int}/suggestions")
async def candidate_suggestions(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach, settings: SettingsDep
) -> Response:
    """The ranked vacancies for one candidate, with reasons (htmx fragment or page)."""
    candidate = await _own_candidate(conn, coach, candidate_id)
    found = await suggest.for_candidate(
        conn,
        matching=request.app.state.matching,
        candidate=candidate,
        coach=coach,
        top=settings.suggestions_per_candidate,
    )
    # The htmx fragment needs only the cards; the whole page (no JavaScript) needs more.
    page = {} if is_htmx(request) else await _profile_context(conn, candidate)
    context = {
        **page,
        **DECISION_VOCABULARY,
        "candidate": candidate,
        "found": found,
        "show_suggestions": True,
    }
    return render(request, "coach/candidate.html", context, htmx_block="suggestions")


async def _own_candidate(conn: Conn, coach: User, candidate_id: int) -> CandidateRecord:
    return await profiles.own_candidate(conn, coach, candidate_id)


def _form_context(
    *, candidate: CandidateRecord | None, values: dict, restrictions: Any, errors: dict, action: str
) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "v": values,
        "r": restrictions or {},
        "errors": errors,
        "action": action,
        "certificates": profile_form.COMMON_CERTIFICATES,
        "licences": profile_form.LICENCES,
        "language_levels": LANGUAGE_LEVELS,
        "travel_labels": profile_form.TRAVEL_LABELS,
        "shift_labels": profile_form.SHIFT_LABELS,
        "status_labels": profile_form.STATUS_LABELS,
        "weekdays": profile_form.WEEKDAYS,
    }


def _profile_page(
    request: Request,
    *,
    candidate: CandidateRecord | None,
    values: dict[str, Any],
    restrictions: Any,
    errors: dict[str, str],
) -> Response:
    """The profile form, new or existing; with errors it answers 422."""
    action = f"/coach/candidates/{candidate.id}" if candidate else "/coach/candidates"
    context = _form_context(
        candidate=candidate, values=values, restrictions=restrictions, errors=errors, action=action
    )
    status_code = 422 if errors else 200
    return render(request, "coach/profile_form.html", context, status_code=status_code)


@router.get("/candidates/new")
async def new_candidate(request: Request, coach: CurrentCoach) -> Response:
    return _profile_page(
        request,
        candidate=None,
        values=profile_form.form_values(None),
        restrictions=None,
        errors={},
    )


@router.post("/candidates")
async def create_candidate(request: Request, conn: Conn, coach: CurrentCoach) -> Response:
    form = await request.form()
    parsed = profile_form.read_profile(form, form.getlist)  # type: ignore[arg-type]
    if not parsed.valid:
        return _profile_page(
            request,
            candidate=None,
            values=parsed.values,
            restrictions=parsed.restrictions,
            errors=parsed.errors,
        )
    record = await profiles.create(conn, coach, parsed)
    return _saved(request, record.id)


@router.get("/candidates/{candidate_id:int}/edit")
async def edit_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await _own_candidate(conn, coach, candidate_id)
    return _profile_page(
        request,
        candidate=candidate,
        values=profile_form.form_values(candidate),
        restrictions=await candidates.restrictions_for(conn, candidate_id=candidate.id),
        errors={},
    )


@router.post("/candidates/{candidate_id:int}")
async def update_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    candidate = await _own_candidate(conn, coach, candidate_id)
    form = await request.form()
    parsed = profile_form.read_profile(form, form.getlist)  # type: ignore[arg-type]
    if not parsed.valid:
        return _profile_page(
            request,
            candidate=candidate,
            values=parsed.values,
            restrictions=parsed.restrictions,
            errors=parsed.errors,
        )
    await profiles.update(conn, coach, candidate, parsed)
    return _saved(request, candidate.id)


@router.get("/skills")
async def skill_suggestions(
    request: Request, conn: Conn, coach: CurrentCoach, skills: str = ""
) -> Response:
    """ESCO (or known) skills for the last phrase being typed in the skills field."""
    phrase = skills.split(",")[-1].strip()
    options = await skill_lookup.suggest(conn, phrase=phrase, matching=request.app.state.matching)
    context = {"skill_options": options, "errors": {}, "v": {}, "r": {}}
    return render(request, "coach/profile_form.html", context, block="skill_suggestions")


def _saved(request: Request, candidate_id: int) -> RedirectResponse:
    """Redirect to the profile. The matcher hears of the change from the database (the
    change trigger's NOTIFY after the commit, and the embedding job's)."""
    return RedirectResponse(f"/coach/candidates/{candidate_id}", status_code=303)


@router.post("/candidates/{candidate_id:int}/decisions")
async def decide_suggestion(
    request: Request,
    candidate_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    vacancy_id: FormId,
    decision: Annotated[str, Form()],
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    suggestion_id: OptionalFormId = None,
) -> Response:
    """Approve (creates one proposal) or reject a suggestion, always with a reason."""
    candidate = await _own_candidate(conn, coach, candidate_id)
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if vacancy is None:
        raise HTTPException(status_code=404, detail="Deze vacature bestaat niet.")
    try:
        result = await placements.decide(
            conn,
            coach=coach,
            candidate_id=candidate.id,
            vacancy=vacancy,
            decision=decision,
            reason_code=reason_code,
            note=note,
            suggestion_id=suggestion_id,
        )
    except placements.DecisionError as exc:
        return _decision_refused(request, exc, vacancy)
    if request.headers.get("HX-Request"):
        context = {
            "decided": result,
            "decision": decision,
            "vacancy": vacancy,
            "candidate": candidate,
        }
        return render(request, "coach/candidate.html", context, block="decision_done")
    return RedirectResponse(f"/coach/candidates/{candidate.id}/suggestions", status_code=303)


def _decision_refused(
    request: Request, refusal: placements.DecisionError, vacancy: VacancyRecord
) -> Response:
    """Why a decision was refused: in the card's footer (htmx), else as the error page."""
    if not is_htmx(request):
        raise refusal
    context = {"refusal": str(refusal), "vacancy": vacancy}
    return render(
        request,
        "coach/candidate.html",
        context,
        block="decision_done",
        status_code=refusal.status_code,
    )


@router.post("/proposals/{proposal_id:int}/transition")
async def move_proposal(
    request: Request,
    proposal_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    from_state: Annotated[str, Form()],
    to_state: Annotated[str, Form()],
    reason_code: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    proposal = await proposals.by_id(conn, proposal_id=proposal_id)
    if proposal is None:
        raise NotFound("Dit voorstel bestaat niet.")
    candidate = await _own_candidate(conn, coach, proposal.candidate_id)
    await placements.transition(
        conn,
        actor=coach,
        proposal_id=proposal.id,
        from_state=from_state,
        to_state=to_state,
        reason_code=reason_code or None,
        note=note,
    )
    return RedirectResponse(f"/coach/candidates/{candidate.id}#tijdlijn", status_code=303)


@router.get("/vacancies")
async def search_vacancies(
    request: Request,
    conn: Conn,
    coach: CurrentCoach,
    q: str = "",
    sector: str = "",
    contract: str = "",
) -> Response:
    """Search vacancies by hand: always available, also in manual mode."""
    found = await vacancies.search(conn, text=q, sector=sector, contract=contract)
    context = {
        "vacancies": found,
        "q": q,
        "sector": sector,
        "contract": contract,
        "sectors": await vacancies.sectors(conn),
        "contracts": CONTRACT_TYPES,
    }
    return render(request, "coach/vacancies.html", context, htmx_block="results")


@router.get("/vacancies/{vacancy_id:int}")
async def vacancy_fit(
    request: Request,
    vacancy_id: PathId,
    conn: Conn,
    coach: CurrentCoach,
    candidate: OptionalQueryId = None,
) -> Response:
    """A vacancy, which of my candidates fit it and why; with `candidate`, "why (not)
    this one?" for that candidate (htmx: only that part)."""
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if vacancy is None:
        raise HTTPException(status_code=404, detail="Deze vacature bestaat niet.")
    enabled = await kill_switch.suggestions_on(conn, organisation_id=coach.organisation_id)
    only_why = candidate is not None and is_htmx(request)
    page = await candidate_fit.vacancy_page(
        conn,
        matching=request.app.state.matching if enabled else None,
        vacancy=vacancy,
        coach=coach,
        candidate_id=candidate,
        only_why=only_why,
    )
    context = {"vacancy": vacancy, "suggestions_enabled": enabled, **page}
    return render(request, "coach/vacancy.html", context, block="why" if only_why else None)


@router.get("/candidates/{candidate_id:int}/advice")
async def candidate_advice(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    """Which single certificate or skill would open the most extra good matches."""
    candidate = await _own_candidate(conn, coach, candidate_id)
    matching = request.app.state.matching
    advice = None
    # The kill switch of the candidate's municipality covers advice too.
    enabled = await kill_switch.suggestions_on(conn, organisation_id=candidate.organisation_id)
    if enabled and matching is not None and matching.ready:
        restrictions = await candidates.restrictions_for(conn, candidate_id=candidate.id)
        advice = await matching.thread.run(
            skill_gap,
            matching.engine,
            candidate.to_matcher(),
            today=date.today(),
            restrictions=restrictions,
        )
    context = {
        "candidate": candidate,
        "advice": advice,
        "show_advice": True,
        "suggestions_enabled": enabled,
    }
    return render(request, "coach/candidate.html", context, block="advice")


@router.post("/candidates/{candidate_id:int}/invitation")
async def invite_candidate(
    request: Request, candidate_id: PathId, conn: Conn, coach: CurrentCoach, settings: SettingsDep
) -> Response:
    """A one-time link and code the coach hands over; shown once, valid for a few days."""
    candidate = await _own_candidate(conn, coach, candidate_id)
    issued = await profiles.invite(conn, coach, candidate, hours=settings.invitation_hours)
    context = {"candidate": candidate, "issued": issued}
    return render(request, "coach/invitation.html", context)


@router.post("/candidates/{candidate_id:int}/corrections/{request_id:int}/handled")
async def correction_handled(
    request: Request, candidate_id: PathId, request_id: PathId, conn: Conn, coach: CurrentCoach
) -> Response:
    """The coach has dealt with a candidate's request to correct their data."""
    candidate = await _own_candidate(conn, coach, candidate_id)
    await profiles.correction_handled(conn, coach, candidate, request_id)
    return RedirectResponse(f"/coach/candidates/{candidate.id}", status_code=303)
