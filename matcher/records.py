"""Import records: one dict (JSON line, API body, CSV row) → Vacancy or Candidate.

Agencies export from many systems, so headers come in Dutch and English variants and
values in Dutch spellings ("14,50", "ja", "avond", "01-03-2026"). `FIELDS` documents
every import field once — name, type, example, header aliases — and is the single
source for the README table, the downloadable upload template and the parser below.
Every problem is a `RecordError` naming the field in Dutch, so a validation report can
say row, column and reason ("uren per week: 'veertig' is geen getal").
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from matcher.models import (
    CONTRACT_TYPES,
    LANGUAGE_LEVELS,
    SHIFTS,
    TRAVEL_MODES,
    VACANCY_STATUSES,
    Candidate,
    Location,
    Vacancy,
)
from matcher.perspective import MINIMUM_HOURLY_WAGE_2026

MAX_HOURS_PER_WEEK = 60.0  # the Arbeidstijdenwet's weekly maximum
MAX_HOURLY_WAGE = 100.0  # above this it is almost surely a monthly salary
# The lowest legal hourly wage for any age (a 15-year-old's). Below it a wage is a typo
# or illegal, never a job offer.
LOWEST_LEGAL_WAGE = min(MINIMUM_HOURLY_WAGE_2026.values())
MONTHLY_HOURS = 173.33  # 40 hours a week × 52 / 12: how a monthly amount is recognised

# The documented import fields. Columns: canonical name (JSON key) | type | records
# (V = vacancy, C = candidate, ! = required) | Dutch label (errors, template) | example
# | accepted CSV header aliases (case, accents, spaces and dashes are ignored).
FIELDS_TABLE = """
id                     | id       | VC! | id                    | VAC-2026-001                            | vacature_id, vacaturenummer, referentie, ref, external_ref, kandidaat_id
title                  | text     | V!  | functie               | Heftruckchauffeur                       | functie, titel, functietitel, job_title
description            | text     | V   | omschrijving          | Je laadt en lost vrachtwagens.          | omschrijving, beschrijving, tekst
skills                 | list     | VC  | vaardigheden          | heftruck rijden; orderpicken            | vaardigheden, competenties
sector                 | text     | V   | sector                | logistiek                               | branche
occupation_uri         | text     | V   | beroep (ESCO)         | http://data.europa.eu/esco/occupation/… | esco_uri, beroep_uri
organisation           | text     | V   | organisatie           | Uitzendbureau Noord                     | organisatie, bureau, uitzendbureau
employer_name          | text     | V   | werkgever             | Distributiecentrum Lage Weide           | werkgever, bedrijf, employer
postcode               | text     | VC  | postcode              | 3542 AB                                 | zip, postal_code
city                   | text     | VC  | plaats                | Utrecht                                 | plaats, woonplaats, stad, standplaats
lat                    | number   | VC  | breedtegraad          | 52.11                                   | latitude, breedtegraad
lon                    | number   | VC  | lengtegraad           | 5.07                                    | lng, longitude, lengtegraad
hours_per_week         | hours    | VC  | uren per week         | 32-40                                   | uren, uren_per_week, hours
hours_min              | hours    | VC  | minimum uren          | 32                                      | min_uren, minimum_uren
hours_max              | hours    | VC  | maximum uren          | 40                                      | max_uren, maximum_uren
shifts                 | shifts   | VC  | diensten              | dag; weekend                            | diensten, rooster, werktijden
contract_type          | contract | V   | contract              | tijdelijk                               | contract, contractvorm, dienstverband
permanent_after_months | integer  | V   | vast na maanden       | 6                                       | vast_na_maanden, vast_na
training               | text     | V   | opleiding             | VCA en heftruckcursus op het werk       | opleiding
bbl                    | boolean  | V   | BBL                   | ja                                      | leerwerktraject
paid_certificates      | list     | V   | betaalde certificaten | VCA; heftruck                           | betaalde_certificaten, certificaten_betaald
hourly_wage            | wage     | V   | uurloon               | 14,90                                   | salaris, uurloon, loon, salary
min_age                | integer  | V   | minimumleeftijd       | 18                                      | minimum_leeftijd, min_leeftijd, leeftijd_vanaf
driving_licence        | licence  | V   | rijbewijs             | B                                       | rijbewijs
required_certificates  | list     | V   | vereiste certificaten | VCA                                     | certificaten, vereiste_certificaten
language_level         | language | VC  | taalniveau            | A2                                      | taalniveau, niveau_nederlands
start_date             | date     | V   | startdatum            | 2026-03-01                              | startdatum, start, ingangsdatum
closing_date           | date     | V   | sluitingsdatum        | 2026-02-15                              | sluitingsdatum, deadline, geldig_tot
status                 | status   | V   | status                | open                                    |
vog_required           | boolean  | V   | VOG                   | ja                                      | vog, vog_nodig, vog_vereist
second_chance          | boolean  | V   | tweede kans           | ja                                      | tweede_kans
stable_hours           | boolean  | V   | vaste uren            | ja                                      | vaste_uren, vast_rooster
desired_work           | text     | C   | gewenst werk          | werken in een magazijn                  | gewenst_werk, wens, wil_werken_als
experience             | text     | C   | ervaring              | 2 jaar orderpicker                      | ervaring, werkervaring
interests              | text     | C   | interesses            | auto's, sport                           | interesses, hobbys
occupation_uris        | list     | C   | beroepen (ESCO)       | http://data.europa.eu/esco/occupation/… | esco_uris
birth_date             | date     | C   | geboortedatum         | 2006-05-17                              | geboortedatum
travel_mode            | travel   | C   | vervoer               | fiets                                   | vervoer, reiswijze
max_travel_km          | number   | C   | max afstand (km)      | 10                                      | max_km, max_afstand
max_travel_minutes     | number   | C   | max reistijd (min)    | 30                                      | max_reistijd, max_minuten
certificates           | list     | C   | certificaten          | VCA; heftruck                           | certificaten, diplomas
driving_licences       | licences | C   | rijbewijzen           | B                                       | rijbewijs, rijbewijzen
available_from         | date     | C   | beschikbaar vanaf     | 2026-02-01                              | beschikbaar_vanaf, beschikbaar
"""  # noqa: E501


class RecordError(ValueError):
    """A field that cannot be read; str() is Dutch: "<veldnaam>: <reden>"."""

    def __init__(self, field: str, message: str) -> None:
        spec = _SPEC_BY_NAME.get(field)
        self.field = field
        self.label = spec.label_nl if spec else field
        self.message = message
        super().__init__(f"{self.label}: {message}")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One documented import field."""

    name: str  # canonical field name (JSON key)
    kind: str  # text, list, number, integer, boolean, date, hours, shifts, …
    label_nl: str  # Dutch name used in error messages and the template
    example: str
    aliases: tuple[str, ...]  # accepted CSV headers (case/accents/spaces ignored)
    records: tuple[str, ...]  # "vacancy" and/or "candidate"
    required: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header that means this field: its name, its Dutch label, its aliases."""
        return (self.name, self.label_nl, *self.aliases)


def _read_table(table: str) -> tuple[FieldSpec, ...]:
    specs = []
    for line in table.strip().splitlines():
        name, kind, records, label, example, aliases = (x.strip() for x in line.split("|"))
        specs.append(
            FieldSpec(
                name=name,
                kind=kind,
                label_nl=label,
                example=example,
                aliases=tuple(a.strip() for a in aliases.split(",") if a.strip()),
                records=tuple(r for k, r in (("V", "vacancy"), ("C", "candidate")) if k in records),
                required="!" in records,
            )
        )
    return tuple(specs)


FIELDS: tuple[FieldSpec, ...] = _read_table(FIELDS_TABLE)
_SPEC_BY_NAME = {f.name: f for f in FIELDS}


def fields_for(record: str) -> list[FieldSpec]:
    """The documented fields of 'vacancy' or 'candidate', in template order."""
    return [f for f in FIELDS if record in f.records]


def fields_markdown(record: str) -> str:
    """The fields of a record as a Markdown table (for the README and help pages)."""
    lines = ["| field | type | Dutch | example | also accepted as |", "|---|---|---|---|---|"]
    for f in fields_for(record):
        name = f"**{f.name}**" if f.required else f.name
        lines.append(f"| {name} | {f.kind} | {f.label_nl} | {f.example} | {', '.join(f.aliases)} |")
    return "\n".join(lines)


def template_csv(record: str) -> str:
    """An upload template: header of canonical names and one example row (';'-separated)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([f.name for f in fields_for(record)])
    writer.writerow([f.example for f in fields_for(record)])
    return out.getvalue()


@lru_cache(maxsize=1024)
def header_key(header: str) -> str:
    """Fold a column header: lower case, no accents, '_' for spaces and dashes."""
    text = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def normalise_row(row: Mapping[str, Any], record: str) -> dict[str, Any]:
    """Map CSV/JSON keys (aliases) to canonical field names; unknown keys are dropped."""
    aliases = _aliases(record)
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = aliases.get(header_key(key))
        if name is not None and not _blank(value):
            out.setdefault(name, value)
    return out


@lru_cache(maxsize=4)
def _aliases(record: str) -> dict[str, str]:
    # Built once per record type: an import calls normalise_row for every row.
    return {header_key(a): f.name for f in fields_for(record) for a in f.headers}


def field_for_header(header: str, record: str) -> str | None:
    """The canonical field a column header means, or None when it means none."""
    return _aliases(record).get(header_key(header))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in ("", "-"))


# --- value parsers: raise ValueError with a Dutch message -----------------


_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")  # Dutch "1.500": a thousands dot


def parse_number(raw: Any) -> float:
    """'14,50', '€ 14.50', '1.500' (thousands), 40 → a finite float; NaN and infinity
    are refused, whatever their spelling."""
    if isinstance(raw, bool):
        raise ValueError(f"'{raw}' is geen getal")
    if isinstance(raw, int | float):
        try:
            return _finite(float(raw), raw)
        except OverflowError:  # a JSON integer beyond a double's range
            raise ValueError("is geen getal (veel te groot)") from None
    text = re.sub(r"(?i)€|eur(o)?|\s", "", str(raw))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    try:
        return _finite(float(text), raw)
    except (ValueError, OverflowError):
        raise ValueError(f"'{raw}' is geen getal") from None


def _finite(value: float, raw: Any) -> float:
    if not math.isfinite(value):
        raise ValueError(f"'{raw}' is geen getal")
    return value


def parse_integer(raw: Any) -> int:
    value = parse_number(raw)
    if value != int(value):
        raise ValueError(f"'{raw}' is geen heel getal")
    return int(value)


def parse_hours(raw: Any) -> tuple[float, float]:
    """'32-40', '32 tot 40', '40' → (min, max) hours per week."""
    parts = re.split(r"\s*(?:-|–|tot|to)\s*", str(raw).strip()) if isinstance(raw, str) else [raw]
    if "" in parts or len(parts) > 2:  # '-3', '32-', '1-2-3'
        raise ValueError(f"'{raw}' is geen aantal uren of bereik (bv. 32 of 32-40)")
    values = [parse_number(p) for p in parts]
    if any(v < 0 or v > MAX_HOURS_PER_WEEK for v in values):
        raise ValueError(f"'{raw}' ligt niet tussen 0 en {MAX_HOURS_PER_WEEK:g} uur")
    return min(values), max(values)


def parse_wage(raw: Any) -> float:
    """A gross hourly wage in euros, between the lowest legal wage and MAX_HOURLY_WAGE.

    A monthly amount is recognised and refused with the hourly wage it would be at
    full time, so the agency can correct it rather than guess what went wrong."""
    value = parse_number(raw)
    if value <= 0:
        raise ValueError(f"'{raw}' is geen uurloon: het moet meer dan € 0 zijn")
    if value > MAX_HOURLY_WAGE:
        hourly = value / MONTHLY_HOURS
        if LOWEST_LEGAL_WAGE <= hourly <= MAX_HOURLY_WAGE:
            raise ValueError(
                f"'{raw}' lijkt een maandloon (bij 40 uur ≈ € {_euros(hourly)} per uur); "
                "geef het bruto uurloon (bv. 14,50)"
            )
        raise ValueError(f"'{raw}' is geen uurloon: het mag hoogstens € {MAX_HOURLY_WAGE:g} zijn")
    if value < LOWEST_LEGAL_WAGE:
        raise ValueError(
            f"'{raw}' ligt onder het wettelijk minimumloon voor elke leeftijd "
            f"(€ {_euros(LOWEST_LEGAL_WAGE)} per uur)"
        )
    return value


def _euros(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x", "wel"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0", "niet"}


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(f"'{raw}' is geen ja/nee")


def parse_date(raw: Any) -> date:
    """'2026-03-01', '01-03-2026', '1/3/2026', '01.03.2026' → date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text[:19], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{raw}' is geen datum (gebruik 2026-03-01 of 01-03-2026)")


def parse_list(raw: Any) -> list[str]:
    """A JSON list, or text split on ';', '|', ',' or new lines."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[;|,\n]", str(raw))
    return [str(x).strip() for x in items if str(x).strip()]


def parse_reference(raw: Any) -> str:
    """A reference is text or a number (0 included), never a list, object or yes/no."""
    if isinstance(raw, bool | list | tuple | dict):
        raise ValueError("is geen referentie: gebruik tekst of een nummer")
    return str(raw).strip()


def _choice(table: Mapping[str, str], options: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        key = header_key(str(raw)).replace("_", " ")
        if key in table:
            return table[key]
        raise ValueError(f"'{raw}' is onbekend; kies uit {options}")

    return parse


_CONTRACTS = {c: c for c in CONTRACT_TYPES} | {
    "onbepaalde tijd": "vast", "permanent": "vast", "vast contract": "vast",
    "bepaalde tijd": "tijdelijk", "temporary": "tijdelijk", "jaarcontract": "tijdelijk",
    "uitzendwerk": "uitzend", "uitzendcontract": "uitzend", "fase a": "uitzend",
    "temp": "uitzend", "leerwerk": "bbl", "leerwerkbaan": "bbl",
}  # fmt: skip
_SHIFTS = {s: s for s in SHIFTS} | {
    "dag": "day", "dagdienst": "day", "overdag": "day", "avond": "evening",
    "avonddienst": "evening", "nacht": "night", "nachtdienst": "night",
    "weekenden": "weekend", "zaterdag": "weekend", "zondag": "weekend",
}  # fmt: skip
_TRAVEL = {m: m for m in TRAVEL_MODES} | {
    "lopen": "walk", "te voet": "walk", "fiets": "bike", "e bike": "ebike",
    "elektrische fiets": "ebike", "openbaar vervoer": "ov", "bus": "ov",
    "trein": "ov", "tram": "ov", "auto": "car",
}  # fmt: skip
_STATUS = {s: s for s in VACANCY_STATUSES} | {
    "gesloten": "closed", "dicht": "closed", "vervuld": "filled", "ingevuld": "filled",
}  # fmt: skip
_LEVELS = {lvl.lower(): lvl for lvl in LANGUAGE_LEVELS} | {"moedertaal": "C2", "native": "C2"}

parse_contract = _choice(_CONTRACTS, ", ".join(CONTRACT_TYPES))
parse_travel_mode = _choice(_TRAVEL, "lopen, fiets, e-bike, ov, auto")
parse_status = _choice(_STATUS, "open, gesloten, vervuld")
parse_language = _choice(_LEVELS, ", ".join(LANGUAGE_LEVELS))
_parse_shift = _choice(_SHIFTS, "dag, avond, nacht, weekend")


def parse_shifts(raw: Any) -> list[str]:
    return list(dict.fromkeys(_parse_shift(s) for s in parse_list(raw)))


def parse_licence(raw: Any) -> str | None:
    """'B', 'rijbewijs C', 'ja' (= B), 'nee' (= not needed)."""
    text = str(raw).strip()
    if text.lower() in _TRUE or text.lower() in _FALSE:
        return "B" if text.lower() in _TRUE else None
    code = re.sub(r"(?i)rijbewijs|\s|-", "", text).upper()
    if not re.fullmatch(r"(AM|A1|A2|A|B|BE|C1|C1E|C|CE|D1|D1E|D|DE|T)", code):
        raise ValueError(f"'{raw}' is geen rijbewijscategorie (bv. B of C)")
    return code


def parse_licences(raw: Any) -> list[str]:
    return [c for c in (parse_licence(x) for x in parse_list(raw)) if c]


_PARSERS: dict[str, Callable[[Any], Any]] = {
    "text": lambda raw: " ".join(str(raw).split()),
    "id": parse_reference,
    "list": parse_list,
    "number": parse_number,
    "integer": parse_integer,
    "hours": parse_hours,
    "wage": parse_wage,
    "boolean": parse_bool,
    "date": parse_date,
    "shifts": parse_shifts,
    "contract": parse_contract,
    "travel": parse_travel_mode,
    "status": parse_status,
    "language": parse_language,
    "licence": parse_licence,
    "licences": parse_licences,
}


# Values outside these are refused whatever their source (file, API, CLI, form).
RANGES: dict[str, tuple[float, float]] = {
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
    "permanent_after_months": (0, 120),
    "min_age": (0, 99),
    "max_travel_km": (0, 300),
    "max_travel_minutes": (0, 300),
}


def parse_field(name: str, raw: Any) -> Any:
    """One documented field's value: parsed by its kind, then checked against its range."""
    value = _PARSERS[_SPEC_BY_NAME[name].kind](raw)
    low, high = RANGES.get(name, (None, None))
    if low is not None and high is not None and not low <= value <= high:
        raise ValueError(f"moet tussen {low:g} en {high:g} liggen")
    return value


def read_fields(row: Mapping[str, Any], record: str) -> dict[str, Any]:
    """Canonical name → parsed value for one row; raises RecordError on the first problem."""
    parsed, problems = read_record(row, record)
    if problems:
        raise problems[0]
    return parsed


def read_record(row: Mapping[str, Any], record: str) -> tuple[dict[str, Any], list[RecordError]]:
    """Every field of one row parsed, and every problem (a report lists them all)."""
    values = normalise_row(row, record)
    problems = [
        RecordError(spec.name, "ontbreekt")
        for spec in fields_for(record)
        if spec.required and spec.name not in values
    ]
    parsed: dict[str, Any] = {}
    for name, raw in values.items():
        try:
            parsed[name] = parse_field(name, raw)
        except ValueError as exc:
            problems.append(RecordError(name, str(exc)))
    try:
        hours_range(parsed)
    except RecordError as exc:
        problems.append(exc)
    return parsed, problems


# --- ids ------------------------------------------------------------------


class IdMap:
    """Original (string) ids ↔ internal int ids, numbered 1, 2, … in order of first use."""

    def __init__(self) -> None:
        self._ints: dict[str, int] = {}
        self._refs: list[str] = []

    def to_int(self, ref: str | int) -> int:
        key = str(ref)
        if key not in self._ints:
            self._refs.append(key)
            self._ints[key] = len(self._refs)
        return self._ints[key]

    def to_ref(self, internal: int) -> str:
        return self._refs[internal - 1]

    def __len__(self) -> int:
        return len(self._refs)


def _internal_id(ref: str, ids: IdMap | None) -> int:
    if ids is not None:
        return ids.to_int(ref)
    try:
        return int(ref)
    except ValueError:
        raise RecordError("id", f"'{ref}' is geen getal") from None


def _location(values: dict[str, Any]) -> Location:
    return Location(
        postcode=values.pop("postcode", None),
        city=values.pop("city", None),
        lat=values.pop("lat", None),
        lon=values.pop("lon", None),
    )


def hours_range(values: dict[str, Any]) -> None:
    """Turn the parsed hour fields into `hours_min`/`hours_max` numbers, in place.

    'hours_per_week' is a range; explicit hours_min/hours_max take precedence. Idempotent,
    so `read_record` can check the rule and the caller apply it again."""
    lo, hi = values.pop("hours_per_week", (None, None))
    if isinstance(values.get("hours_min"), tuple):
        lo = values["hours_min"][0]
    if isinstance(values.get("hours_max"), tuple):
        hi = values["hours_max"][1]
    values["hours_min"] = values.get("hours_min") if lo is None else lo
    values["hours_max"] = values.get("hours_max") if hi is None else hi
    lo, hi = values["hours_min"], values["hours_max"]
    if lo is not None and hi is not None and lo > hi:
        raise RecordError("hours_min", "is meer dan het maximum aantal uren")


def parse_vacancy(row: Mapping[str, Any], *, ids: IdMap | None = None) -> Vacancy:
    """A Vacancy from one import record; the original id is kept as external_ref."""
    values = read_fields(row, "vacancy")
    ref = values.pop("id")
    values["location"] = _location(values)
    return Vacancy(id=_internal_id(ref, ids), external_ref=ref, **values)


def parse_candidate(row: Mapping[str, Any], *, ids: IdMap | None = None) -> Candidate:
    """A Candidate from one import record (string ids need an IdMap)."""
    values = read_fields(row, "candidate")
    ref = values.pop("id")
    values["location"] = _location(values)
    return Candidate(id=_internal_id(ref, ids), **values)
