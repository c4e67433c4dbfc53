"""Request and response shapes of the API, with the examples shown on /docs.

Vacancy bodies are validated by the same code as an uploaded row
(`web.vacancies.imports.validation`), so the API and a CSV accept exactly the same field names,
aliases and value spellings; their JSON Schema is rendered from the field table
(`web.api.vacancy_body`). Every status an operation can answer is declared with its
shape, so a client (or schemathesis) can rely on the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, RootModel, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from web.api.vacancy_body import vacancy_body_schema
from web.proposals.repositories.agency_proposals import AgencyProposal
from web.proposals.vocabulary import AGENCY_DECLINE_REASONS
from web.vacancies.imports.errors import RowProblem
from web.vacancies.repositories.vacancies import VacancyRecord

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
REPLACE_EXAMPLES = {
    "nieuw": {
        "summary": "Een vacature; de referentie staat in het pad",
        "value": {k: v for k, v in EXAMPLE_VACANCY.items() if k != "id"},
    }
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
    """A vacancy object, validated like an uploaded row; its schema comes from the field
    table (`web.api.vacancy_body`)."""

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        return storable(data)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return vacancy_body_schema()


class VacancyWithoutIdIn(VacancyIn):
    """The body of PUT /vacancies/{external_ref}: the path names the vacancy."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return vacancy_body_schema(with_id=False)


class ErrorOut(BaseModel):
    """A refusal with its Dutch reason."""

    detail: str = Field(examples=["Deze vacature bestaat niet."])


class RequestProblem(BaseModel):
    """One reason a request could not be read (FastAPI's validation error)."""

    model_config = ConfigDict(extra="allow")

    loc: list[str | int]
    msg: str
    type: str


class RequestProblemsOut(BaseModel):
    """A request that could not be read: a parameter or body of the wrong shape."""

    detail: list[RequestProblem]


# A route's `responses`: status → what it means and its shape.
Responses = dict[int | str, dict[str, Any]]


def refusal(description: str, model: Any = ErrorOut) -> dict[str, Any]:
    """An entry of a route's `responses`: a refusal and its shape."""
    return {"model": model, "description": description}


UNAUTHORIZED: Responses = {
    401: refusal("Geen geldige API-sleutel (Authorization: Bearer <sleutel>)")
}
VACANCY_NOT_FOUND: Responses = {
    404: refusal("Geen vacature van deze organisatie met deze referentie")
}
PROPOSAL_NOT_FOUND: Responses = {404: refusal("Geen voorstel aan deze organisatie met dit nummer")}
# What a stored vacancy's reference leads to (schemathesis would otherwise guess that
# the numeric `id` of the answer is the `{external_ref}` of the next call).
_VACANCY_PATH = "#/paths/~1api~1v1~1vacancies~1{external_ref}"
STORED_LINKS: Responses = {
    200: {
        "links": {
            name: {
                "operationRef": _VACANCY_PATH + suffix,
                "parameters": {"external_ref": "$response.body#/external_ref"},
            }
            for name, suffix in (("vacature", "/get"), ("sluiten", "~1close/post"))
        }
    }
}
# Every operation with a body: bytes that are not UTF-8 JSON, or too many of them.
BODY_REFUSALS: Responses = {
    400: refusal("De body is niet te lezen (geen UTF-8)"),
    413: refusal("De body is te groot"),
}


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


VACANCY_REFUSED: Responses = {
    422: refusal(
        "Geweigerd: elke reden met veld en rij (ProblemsOut), of een body die geen "
        "object is (RequestProblemsOut)",
        ProblemsOut | RequestProblemsOut,
    )
}
ANSWER_REFUSED: Responses = {
    403: refusal("De sleutel hoort bij geen gebruiker meer"),
    409: refusal("Nu niet mogelijk: geen toestemming van de kandidaat, of een andere stap"),
    422: refusal("Geen geldige actie of reden", ErrorOut | RequestProblemsOut),
}


class StoreResult(BaseModel):
    external_ref: str
    status: Literal["stored", "unchanged"] = Field(
        description="stored = nieuw of gewijzigd; unchanged = precies zo al opgeslagen"
    )
    id: int | None = None
    warnings: list[ProblemOut] = Field(
        default_factory=list, description="Opgeslagen, maar de moeite waard om te verbeteren"
    )


def _any_object_items(schema: dict[str, Any]) -> None:
    # Each item is checked on its own and a bad one reported in `rejected` (200): any
    # object is accepted, a vacancy is what gets stored. An empty list is refused (422).
    schema["items"] = {"anyOf": [schema["items"], {"type": "object"}]}
    schema["minItems"] = 1


class BulkIn(ApiBody):
    vacancies: list[VacancyIn] = Field(json_schema_extra=_any_object_items)
    full_feed: bool = Field(
        False, strict=True, description="Sluit onze open vacatures die niet in deze lijst staan."
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


DECLINE_NEEDS_A_REASON: dict[str, Any] = {
    "if": {"properties": {"action": {"const": "decline"}}, "required": ["action"]},
    "then": {
        "properties": {"reason_code": {"enum": sorted(AGENCY_DECLINE_REASONS)}},
        "required": ["reason_code"],
    },
}


class AnswerIn(ApiBody):
    # Declining needs one of the reasons; the service refuses others with a Dutch
    # reason (422), so the rule is stated in the schema rather than enforced twice.
    model_config = ConfigDict(json_schema_extra=DECLINE_NEEDS_A_REASON)

    action: Literal["invite", "hire", "decline"]
    reason_code: str | None = Field(
        None, description="Verplicht bij decline: " + ", ".join(sorted(AGENCY_DECLINE_REASONS))
    )
    note: str = Field("", max_length=1000)
