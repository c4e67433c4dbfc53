"""Real vacancy files for tests: CSV, XLSX and JSON-LD, good and broken."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

HEADER = ["vacaturenummer", "functie", "omschrijving", "uren", "uurloon", "plaats", "sector"]


def rows(n: int, *, start: int = 1, prefix: str = "V") -> list[list[str]]:
    return [
        [
            f"{prefix}-{i}",
            f"Orderpicker {i}",
            "Orders verzamelen",
            "24-32",
            "14,90",  # at least the adult minimum: lower draws a warning (issue 15)
            "Utrecht",
            "logistiek",
        ]
        for i in range(start, start + n)
    ]


def csv_bytes(
    body: list[list[Any]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(body)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(body: list[list[Any]], *, header: list[str] = HEADER) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for r in body:
        sheet.append(r)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bomb(uncompressed_mb: int = 300) -> bytes:
    """An 'xlsx' whose sheet inflates to `uncompressed_mb` MB of zeros (a few hundred KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                sheet.write(block)
    return out.getvalue()


def job_posting(ref: str, title: str = "Magazijnmedewerker", **extra: Any) -> dict[str, Any]:
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Domstad", "value": ref},
        "title": title,
        "description": "<p>Je verzamelt <b>orders</b> &amp; laadt vrachtwagens.</p>",
        "skills": ["orderpicken", "heftruck"],
        "employmentType": ["FULL_TIME", "TEMPORARY"],
        "hiringOrganization": {"@type": "Organization", "name": "DC Lage Weide"},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": "3542 AB",
                "addressLocality": "Utrecht",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {"@type": "QuantitativeValue", "value": 14.9, "unitText": "HOUR"},
        },
        "workHours": "32-40 uur per week",
        "validThrough": "2026-12-31T23:59",
    }
    posting.update(extra)
    return posting


def jsonld_bytes(document: Any) -> bytes:
    return json.dumps(document).encode("utf-8")
