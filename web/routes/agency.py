"""Agency pages: own vacancies."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from web.deps import Conn, CurrentAgency, require_role
from web.repositories import organisations, vacancies
from web.templating import render

router = APIRouter(prefix="/agency", dependencies=[Depends(require_role("agency"))])


@router.get("")
async def vacancy_list(request: Request, conn: Conn, agency: CurrentAgency) -> Response:
    own = await vacancies.for_organisation(conn, organisation_id=agency.organisation_id)
    organisation = await organisations.by_id(conn, organisation_id=agency.organisation_id)
    context = {"vacancies": own, "organisation": organisation}
    return render(request, "agency/vacancies.html", context)


@router.get("/vacancies/{vacancy_id}")
async def vacancy_detail(
    request: Request, vacancy_id: int, conn: Conn, agency: CurrentAgency
) -> Response:
    vacancy = await vacancies.by_id(conn, vacancy_id=vacancy_id)
    if vacancy is None or vacancy.organisation_id != agency.organisation_id:
        raise HTTPException(status_code=404, detail="Deze vacature bestaat niet.")
    return render(request, "agency/vacancy.html", {"vacancy": vacancy})
