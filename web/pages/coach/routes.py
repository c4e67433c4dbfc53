"""The jobcoach's pages under /coach, one router per concern: the work list, the caseload
and a candidate's page, profile edits, decisions, vacancies."""

from __future__ import annotations

from web.pages.coach import (
    candidate_routes,
    profile_routes,
    review_routes,
    vacancy_routes,
    worklist_routes,
)

ROUTERS = tuple(
    part.router
    for part in (candidate_routes, profile_routes, review_routes, vacancy_routes, worklist_routes)
)
