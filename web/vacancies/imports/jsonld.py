"""schema.org `JobPosting` JSON-LD (what agencies already publish for search engines)
→ raw rows with our canonical field names.

Accepted shapes: one object, an array, an `@graph`, or an HTML page with
`<script type="application/ld+json">` blocks. An object without `@type` is read as a
plain record with our own field names (as in the API), so one JSON file can hold either.
Only hourly salaries are mapped: a monthly `baseSalary` says nothing about the hourly
wage without the hours, so it is left out rather than guessed.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from web.vacancies.imports.errors import FileProblem

# employmentType values that say something about the contract (others are about hours).
EMPLOYMENT_TYPES = {"TEMPORARY": "tijdelijk", "CONTRACTOR": "uitzend", "SEASONAL": "tijdelijk"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
HOURS = re.compile(r"\d+(?:[.,]\d+)?(?:\s*(?:-|–|tot|to)\s*\d+(?:[.,]\d+)?)?")
NOT_A_POSTING = "\x00not-a-posting"  # marker key: validation rejects the row with a reason
POSTING_WARNINGS = "\x00warnings"  # marker key: (property, reason) of what was left out


def postings(text: str) -> list[tuple[int, dict[str, Any]]]:
    """Numbered raw rows, one per JobPosting (or plain record) in the document."""
    if text.lstrip().startswith("<"):
        blocks = ld_scripts(text)
        if not blocks:
            raise FileProblem("Geen JSON-LD gevonden in deze HTML-pagina.")
        items = [item for block in blocks for item in _items(load_json(html.unescape(block)))]
    else:
        items = _items(load_json(text))
    if not items:
        raise FileProblem("Het JSON-bestand bevat geen vacatures (JobPosting).")
    return [(number, posting_row(item)) for number, item in enumerate(items, start=1)]


def ld_scripts(page: str) -> list[str]:
    """The contents of the `<script type="application/ld+json">` blocks of a page.

    An HTML parser (lexbor, through selectolax), not a regex: its time grows with the
    size of the page whatever the markup; a regex over "<script " repeated 24,000 times
    held the interpreter for 20 s (issue 11), and Python's own html.parser is quadratic
    on that input too."""
    tree = LexborHTMLParser(page)
    return [
        node.text(deep=True)
        for node in tree.css("script")
        if (node.attributes.get("type") or "").strip().lower() == "application/ld+json"
    ]


def load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise FileProblem(f"Het JSON-bestand is niet geldig: {str(exc)[:120]}.") from None


def _items(document: Any) -> list[Any]:
    if isinstance(document, dict) and "@graph" in document:
        document = document["@graph"]
    if isinstance(document, dict) and isinstance(document.get("vacancies"), list):
        document = document["vacancies"]  # the API bulk shape
    return list(document) if isinstance(document, list) else [document]


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind)] if kind else []


def posting_row(item: Any) -> dict[str, Any]:
    """One JSON item → raw row; a non-posting is marked so the report can say why."""
    if not isinstance(item, dict):
        return {NOT_A_POSTING: "is geen object"}
    types = _types(item)
    if not types:
        return dict(item)  # a plain record with our own field names
    if "JobPosting" not in types:
        return {NOT_A_POSTING: f"is een {types[0]}, geen JobPosting"}
    row: dict[str, Any] = {
        "id": _identifier(item),
        "title": _text(item.get("title")),
        "description": _plain(item.get("description")),
        "skills": _names(item.get("skills")),
        "employer_name": _name(item.get("hiringOrganization")),
        "sector": _text(item.get("industry")),
        "closing_date": _date(item.get("validThrough")),
        "start_date": _date(item.get("jobStartDate")),
        "hours_per_week": _hours(item.get("workHours")),
        "contract_type": _contract(item.get("employmentType")),
        "hourly_wage": _hourly_wage(item.get("baseSalary")),
        **_location(item.get("jobLocation")),
    }
    category = _text(item.get("occupationalCategory"))
    if category and category.startswith("http://data.europa.eu/esco/"):
        row["occupation_uri"] = category
    row = {k: v for k, v in row.items() if v not in (None, "", [])}
    warnings = _left_out(item)
    if warnings:
        row[POSTING_WARNINGS] = warnings
    return row


def _left_out(item: dict[str, Any]) -> list[tuple[str, str]]:
    """What the posting says that we could not use, so the report can say so."""
    warnings = []
    posted = _text(item.get("datePosted"))
    if posted and not _is_date(posted):
        warnings.append(("datePosted", f"'{posted[:40]}' is geen datum (2026-03-01); genegeerd"))
    salary = item.get("baseSalary")
    if salary not in (None, "", {}) and _hourly_wage(salary) is None:
        warnings.append(
            ("baseSalary", "is geen bedrag per uur (unitText HOUR); het uurloon is leeg gelaten")
        )
    return warnings


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or value.get("@value")
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value).strip()


def _plain(value: Any) -> str | None:
    """Descriptions are often HTML: keep the words, drop the markup."""
    text = _text(value)
    if text is None:
        return None
    if "<" not in text:
        return html.unescape(text)
    return LexborHTMLParser(text).text(separator=" ")  # entities decoded by the parser


def _name(value: Any) -> str | None:
    return _text(value)


def _names(value: Any) -> list[str] | str | None:
    if isinstance(value, list):
        return [n for n in (_text(v) for v in value) if n]
    return _text(value)


def _identifier(item: dict[str, Any]) -> str | None:
    ident = item.get("identifier")
    if isinstance(ident, dict):
        ident = ident.get("value") or ident.get("name")
    if isinstance(ident, list) and ident:
        ident = ident[0].get("value") if isinstance(ident[0], dict) else ident[0]
    ref = ident or item.get("@id") or item.get("url")
    return None if ref is None else str(ref).strip()


def _date(value: Any) -> str | None:
    text = _text(value)
    if text and ISO_DATE.match(text):
        return text[:10]
    return text


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text[:10])
    except ValueError:
        return False
    return True


def _hours(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    match = HOURS.search(text)
    return match.group(0) if match else None


def _contract(value: Any) -> str | None:
    kinds = value if isinstance(value, list) else [value]
    for kind in kinds:
        text = str(kind or "").strip()
        if text.upper() in EMPLOYMENT_TYPES:
            return EMPLOYMENT_TYPES[text.upper()]
        if text and text.upper().replace("-", "_") not in _HOURS_TYPES:
            return text  # e.g. "vast": the contract parser decides
    return None


_HOURS_TYPES = {"FULL_TIME", "PART_TIME", "PER_DIEM", "OTHER", "INTERN", "VOLUNTEER"}


def _hourly_wage(value: Any) -> Any:
    if not isinstance(value, dict):
        return value if isinstance(value, int | float) else None
    amount = value.get("value", value)
    unit = str(value.get("unitText") or "")
    if isinstance(amount, dict):
        unit = str(amount.get("unitText") or unit)
        amount = amount.get("value", amount.get("minValue"))
    if unit and unit.upper() != "HOUR":
        return None
    return amount if isinstance(amount, int | float | str) else None


def _location(value: Any) -> dict[str, Any]:
    place = value[0] if isinstance(value, list) and value else value
    if not isinstance(place, dict):
        return {}
    address = place.get("address")
    address = address if isinstance(address, dict) else {}
    geo = place.get("geo")
    geo = geo if isinstance(geo, dict) else {}
    return {
        "postcode": _text(address.get("postalCode")),
        "city": _text(address.get("addressLocality")),
        "lat": geo.get("latitude"),
        "lon": geo.get("longitude"),
    }
