"""The documented import fields: one table of every field an agency's file, the API or
the command line may carry, and how a column header finds its field.

Agencies export from many systems, so headers come in Dutch and English variants.
`FIELDS` documents every import field once — name, type, example, header aliases — and
is the single source for the README table, the downloadable upload template, the API
schema and the parsers (`matcher.field_values`, `matcher.records`). Every problem is a
`RecordError` naming the field in Dutch, so a validation report can say row, column and
reason ("uren per week: 'veertig' is geen getal").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from matcher.folding import fold

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


def field_spec(name: str) -> FieldSpec:
    """The documented field of this canonical name (KeyError for an unknown name)."""
    return _SPEC_BY_NAME[name]


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
    """A column header as a key: `fold` (matcher.folding) with "_" between the words,
    "Uren per Week " -> "uren_per_week", "Geldig-tót" -> "geldig_tot"."""
    return fold(str(header)).replace(" ", "_")


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
