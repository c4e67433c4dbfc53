"""Plain data the engine works on.

The web service maps database rows to these dataclasses and back; the engine never
sees a database row, a request or a template. Field names are the documented import
fields (CSV/XLSX columns, JSON-LD mapping and the REST API use the same names).

Justice-related information is deliberately *not* part of `Candidate`: it lives in
`Restrictions`, which only coach-side code builds from the coach-only table, and which
never reaches text building, embeddings or any agency/candidate view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

# Shifts a vacancy may ask for and a candidate may be able to work.
SHIFTS = ("day", "evening", "night", "weekend")
# Contract types, from least to most secure.
CONTRACT_TYPES = ("uitzend", "tijdelijk", "bbl", "vast")
LANGUAGE_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")
TRAVEL_MODES = ("walk", "bike", "ebike", "ov", "car")
VACANCY_STATUSES = ("open", "closed", "filled")


@dataclass(frozen=True, slots=True)
class Location:
    """A place: a Dutch postcode (4 digits, letters optional) and/or coordinates."""

    postcode: str | None = None
    lat: float | None = None
    lon: float | None = None
    city: str | None = None


@dataclass(slots=True)
class Vacancy:
    id: int
    title: str
    description: str = ""
    skills: list[str] = field(default_factory=list)
    sector: str | None = None
    occupation_uri: str | None = None
    organisation: str | None = None  # display name of agency/employer
    employer_name: str | None = None
    location: Location = field(default_factory=Location)
    hours_min: float | None = None  # hours per week
    hours_max: float | None = None
    shifts: list[str] = field(default_factory=list)  # subset of SHIFTS
    contract_type: str | None = None  # one of CONTRACT_TYPES
    permanent_after_months: int | None = None  # path to a permanent contract
    training: str | None = None  # what training on the job is offered (free text)
    bbl: bool = False  # learn-work track (beroepsbegeleidende leerweg)
    paid_certificates: list[str] = field(default_factory=list)  # employer pays these
    hourly_wage: float | None = None  # gross euros per hour
    min_age: int | None = None
    driving_licence: str | None = None  # e.g. "B", "C"; None when not needed
    required_certificates: list[str] = field(default_factory=list)
    language_level: str | None = None  # minimum, one of LANGUAGE_LEVELS
    start_date: date | None = None
    closing_date: date | None = None
    status: str = "open"
    vog_required: bool = False
    second_chance: bool = False  # employer explicitly open to a second chance
    stable_hours: bool | None = None  # fixed schedule vs. on-call
    external_ref: str | None = None  # the id in the agency's own system (import key)


@dataclass(slots=True)
class Candidate:
    id: int
    desired_work: str = ""
    experience: str = ""
    skills: list[str] = field(default_factory=list)
    interests: str = ""
    occupation_uris: list[str] = field(default_factory=list)
    birth_date: date | None = None
    location: Location = field(default_factory=Location)
    travel_mode: str = "bike"  # one of TRAVEL_MODES
    max_travel_km: float | None = None
    max_travel_minutes: float | None = None
    hours_min: float | None = None  # hours per week they want at least
    hours_max: float | None = None  # hours per week they can work at most
    shifts: list[str] = field(default_factory=lambda: ["day"])  # shifts they can work
    certificates: list[str] = field(default_factory=list)
    driving_licences: list[str] = field(default_factory=list)
    language_level: str | None = None
    available_from: date | None = None


@dataclass(frozen=True, slots=True)
class Restrictions:
    """Coach-only, coarse conditions from a justice trajectory (GDPR art. 10).

    Only used to check constraints for the jobcoach; never embedded or shown to
    anyone but the candidate's jobcoach.
    """

    curfew_start: time | None = None  # e.g. 22:00
    curfew_end: time | None = None  # e.g. 06:00
    reporting_weekdays: tuple[int, ...] = ()  # 0 = Monday; must report in person
    vog_risk: bool = False
