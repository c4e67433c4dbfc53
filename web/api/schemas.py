"""Request and response shapes of the API, with the examples shown on /docs.

Vacancy bodies are free-form objects on purpose: they are validated by the same code
as an uploaded row (`web.imports.validation`), so the API and a CSV accept exactly the
same field names, aliases and value spellings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, RootModel, model_validator

from web.imports.errors import RowProblem
from web.repositories.agency_proposals import AgencyProposal
from web.repositories.vacancies import VacancyRecord

EXAMPLE_VACANCY: dict[str, Any] = {
    "id": "VAC-2026-001",
    "title": "Heftruckchauffeur",
    "description": "Je laadt en lost vrachtwagens in een distributiecentrum.",
    "skills": ["heftruck rijden", "orderpicken"],
    "sector": "logistiek",
    "employer_name": "Distributiecentrum Lage Weide",
    "postcode": "3542 AB",
    "city": "Utrecht",
    "hours_per_week": "32-40",
    "shifts": ["dag", "avond"],
    "contract_type": "tijdelijk",
    "permanent_after_months": 6,
    "hourly_wage": "14,90",
    "required_certificates": ["VCA"],
    "closing_date": "2026-12-31",
}
VACANCY_EXAMPLES = {
    "nieuw": {
        "summary": "Een vacature (zelfde velden als de CSV-kolommen)",
        "value": EXAMPLE_VACANCY,
    },
    "nederlandse_koppen": {
        "summary": "Nederlandse veldnamen mogen ook",
        "value": {
            "vacaturenummer": "VAC-7",
            "functie": "Kok",
            "uren": "24 tot 32",
            "uurloon": "15,10",
        },
    },
}
BULK_EXAMPLES = {
    "twee": {
        "summary": "Twee vacatures; met full_feed worden ontbrekende open vacatures gesloten",
        "value": {
            "full_feed": False,
            "vacancies": [EXAMPLE_VACANCY, {"id": "VAC-2026-002", "title": "Orderpicker"}],
        },
    }
}
ANSWER_EXAMPLES = {
    "uitnodigen": {"value": {"action": "invite"}},
    "afwijzen": {"value": {"action": "decline", "reason_code": "vacature_vervuld", "note": ""}},
}


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(value: Any) -> Any:
    """A JSON value whose text PostgreSQL can store: NUL dropped (as an upload's values
    are), every lone surrogate replaced by U+FFFD.

    JSON may spell both ('\\u0000', '\\ud800'); PostgreSQL text holds neither, and UTF-8
    no surrogate, so the database, the log and our own answer (which echoes a refused
    value) would fail on them: a body is made storable before anything reads it."""
    if isinstance(value, str):
        return LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    if isinstance(value, list):
        return [storable(v) for v in value]
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    return value


class ApiBody(BaseModel):
    """A request body: storable text (see `storable`) before any field is read."""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return storable(data)


class VacancyIn(RootModel[dict[str, Any]]):
    """A vacancy object, validated like an uploaded row."""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return storable(data)


class ProblemOut(BaseModel):
    """A problem in a vacancy: row (position in the request), field, a Dutch reason, and
    whether it refused the vacancy (error) or only deserves a fix (warning)."""

    row: int = Field(examples=[2])
    column: str = Field(examples=["hours_per_week"])
    message: str = Field(examples=["'veertig' is geen getal"])
    external_ref: str = Field("", examples=["VAC-2026-002"])
    severity: Literal["error", "warning"] = Field("error", examples=["error"])

    @classmethod
    def of(cls, problem: RowProblem) -> ProblemOut:
        return cls(**problem.to_json())


class ProblemsOut(ProblemOut):
    """A refused request: the first problem, and in `problems` every one of them."""

    problems: list[ProblemOut]

    @classmethod
    def of_all(cls, problems: Sequence[RowProblem]) -> ProblemsOut:
        first = next((p for p in problems if p.is_error), None) or RowProblem(0, "", "Geweigerd.")
        return cls(**first.to_json(), problems=[ProblemOut.of(p) for p in problems])


class StoreResult(BaseModel):
    external_ref: str
    status: Literal["stored", "unchanged"] = Field(
        description="stored = nieuw of gewijzigd; unchanged = precies zo al opgeslagen"
    )
    id: int | None = None
    warnings: list[ProblemOut] = Field(
        default_factory=list, description="Opgeslagen, maar de moeite waard om te verbeteren"
    )


class BulkIn(ApiBody):
    vacancies: list[VacancyIn]
    full_feed: bool = Field(
        False, description="Sluit onze open vacatures die niet in deze lijst staan."
    )


class BulkResult(BaseModel):
    batch_id: int
    stored: int
    unchanged: int
    closed: int
    rejected: list[ProblemOut] = Field(description="Fouten: deze vacatures zijn geweigerd")
    warnings: list[ProblemOut] = Field(
        default_factory=list, description="Opgeslagen, maar de moeite waard om te verbeteren"
    )
    refs: list[str] = Field(description="De referenties die goedgekeurd zijn")


class VacancyOut(BaseModel):
    id: int
    external_ref: str
    title: str
    status: str
    description: str
    skills: list[str]
    sector: str | None
    employer_name: str | None
    postcode: str | None
    city: str | None
    hours_min: float | None
    hours_max: float | None
    contract_type: str | None
    hourly_wage: float | None
    closing_date: date | None
    updated_at: datetime

    @classmethod
    def of(cls, v: VacancyRecord) -> VacancyOut:
        values = {name: getattr(v, name) for name in cls.model_fields}
        values["hourly_wage"] = float(v.hourly_wage) if v.hourly_wage is not None else None
        return cls(**values)


class ProposalOut(BaseModel):
    """Pseudonymised until the candidate consents: then name and contact are filled in."""

    id: int
    state: str
    vacancy_ref: str
    vacancy_title: str
    candidate: str = Field(description="'Kandidaat P-<id>' or, with consent, the name")
    skills: list[str]
    hours_min: float | None
    hours_max: float | None
    shifts: list[str]
    available_from: date | None
    region: str | None = Field(description="First two postcode digits, e.g. '35xx'")
    consented: bool
    phone: str | None
    email: str | None

    @classmethod
    def of(cls, p: AgencyProposal) -> ProposalOut:
        return cls(
            id=p.id,
            state=p.state,
            vacancy_ref=p.external_ref,
            vacancy_title=p.vacancy_title,
            candidate=p.display_name,
            skills=p.skills,
            hours_min=p.hours_min,
            hours_max=p.hours_max,
            shifts=p.shifts,
            available_from=p.available_from,
            region=p.region,
            consented=p.consented,
            phone=p.phone,
            email=p.email,
        )


class AnswerIn(ApiBody):
    action: Literal["invite", "hire", "decline"]
    reason_code: str | None = Field(
        None, description="Verplicht bij decline: profiel_past_niet, vacature_vervuld, …"
    )
    note: str = Field("", max_length=1000)
