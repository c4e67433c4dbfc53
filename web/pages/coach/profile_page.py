"""The profile form page, for a new candidate or an existing one; with errors it answers
422 and shows the form again with the values given."""

from __future__ import annotations

from typing import Any

import asyncpg
from fastapi import Request
from fastapi.responses import Response

from matcher.models import LANGUAGE_LEVELS
from web.accounts.repositories.users import User
from web.candidates import profile_form, profiles
from web.candidates.repositories.candidates import CandidateRecord
from web.templating import render


def form_context(
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


def form_page(
    request: Request,
    *,
    candidate: CandidateRecord | None,
    values: dict[str, Any],
    restrictions: Any,
    errors: dict[str, str],
) -> Response:
    """The profile form, new or existing; with errors it answers 422."""
    action = f"/coach/candidates/{candidate.id}" if candidate else "/coach/candidates"
    context = form_context(
        candidate=candidate, values=values, restrictions=restrictions, errors=errors, action=action
    )
    status_code = 422 if errors else 200
    return render(request, "coach/profile_form.html", context, status_code=status_code)


async def edit_page(
    request: Request, conn: asyncpg.Connection, coach: User, candidate: CandidateRecord
) -> Response:
    """The form filled in from the stored profile and its restrictions."""
    return form_page(
        request,
        candidate=candidate,
        values=profile_form.form_values(candidate),
        restrictions=await profiles.restrictions_shown(conn, coach, candidate.id),
        errors={},
    )
