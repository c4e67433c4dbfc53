"""Vacancy files as agencies export them → numbered raw rows (header → cell value).

The format is detected, never asked: a zip header means XLSX, a leading `{`, `[` or
`<` means JSON-LD (bare, or inside an HTML page), anything else is CSV. CSV text is
UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252; the delimiter is
whichever of `;`, `,` or tab the header line uses most. A file that cannot be read at
all raises `FileProblem` with a Dutch message; problems in single rows are left to
`validation`, so one bad row never stops the others.

Row numbers are what the agency sees in a spreadsheet: the header is row 1, the first
vacancy row 2. For JSON-LD a row number is the position of the posting (1, 2, …).
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from matcher.import_fields import field_for_header, fields_for
from web.vacancies.imports import jsonld
from web.vacancies.imports.errors import WARNING, FileProblem, RowProblem

FORMATS = ("csv", "xlsx", "jsonld")
# A deflated sheet XML compresses ~10–30×; a zip bomb compresses thousands of times.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_ENTRIES = 500


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_uncompressed_bytes: int


@dataclass
class ParsedFile:
    """The rows of one file; `columns` maps canonical field names to the file's header
    (None for JSON, whose records name their own fields)."""

    file_format: str
    rows: list[tuple[int, dict[str, Any]]]
    columns: dict[str, str] | None = None
    ignored_columns: list[str] = field(default_factory=list)

    def header_warnings(self) -> list[RowProblem]:
        """A column nobody reads is said once, for the header row (row 1)."""
        return [
            RowProblem(1, column[:100], self._why_ignored(column), "", WARNING)
            for column in self.ignored_columns
        ]

    def _why_ignored(self, column: str) -> str:
        name = field_for_header(column, "vacancy")
        if name is None:
            return "is geen bekende kolom en is niet gebruikt"
        used = (self.columns or {}).get(name, "")
        return f"is hetzelfde veld als kolom '{used[:100]}'; die is gebruikt"


def parse_file(payload: bytes, filename: str, limits: Limits) -> ParsedFile:
    """Read a whole file; raises FileProblem when it cannot be read or is too large."""
    file_format = precheck(payload, filename, limits)
    if file_format == "xlsx":
        parsed = _parse_xlsx(payload, limits)
    elif file_format == "jsonld":
        parsed = ParsedFile("jsonld", jsonld.postings(decode_text(payload)))
    else:
        parsed = _parse_csv(decode_text(payload))
    if len(parsed.rows) > limits.max_rows:
        raise FileProblem(
            f"Het bestand heeft {len(parsed.rows)} rijen; het maximum is {limits.max_rows}. "
            "Splits het bestand in delen.",
            status_code=413,
        )
    return parsed


def precheck(payload: bytes, filename: str, limits: Limits) -> str:
    """What can be said of a file without reading its rows: size, emptiness, format, a
    zip bomb, a CSV header without the required columns. Returns the format.

    Milliseconds whatever the file, so a web process can answer at once and leave the
    rows to the worker (which reads them once, with `parse_file`)."""
    if len(payload) > limits.max_bytes:
        raise FileProblem(too_large_message(limits.max_bytes), status_code=413)
    if not payload.strip():
        raise FileProblem("Het bestand is leeg.")
    file_format = detect_format(payload, filename)
    if file_format == "xlsx":
        check_zip(payload, limits.max_uncompressed_bytes)
    elif file_format == "csv":
        first_line = decode_text(payload[:HEADER_BYTES]).split("\n", 1)[0]
        _with_header("csv", _csv_header(first_line))
    return file_format


HEADER_BYTES = 64 * 1024  # a header line longer than this is not a header


def _csv_header(line: str) -> list[str]:
    delimiter = max((";", ",", "\t"), key=line.count)
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error as exc:
        raise FileProblem(f"Het CSV-bestand is niet goed opgebouwd: {exc}.") from None


def too_large_message(max_bytes: int) -> str:
    return f"Het bestand is te groot (maximaal {max_bytes // (1024 * 1024)} MB)."


def detect_format(payload: bytes, filename: str = "") -> str:
    if payload.startswith(b"PK\x03\x04"):
        return "xlsx"
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem("Dit is geen geldig Excel-bestand (.xlsx).")
    head = payload[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"[", b"<"):
        return "jsonld"
    return "csv"


def decode_text(payload: bytes) -> str:
    """UTF-8 (BOM optional), UTF-16 with BOM, else Windows-1252 — or a FileProblem."""
    if payload.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return payload.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("De tekens in het bestand zijn niet te lezen (UTF-16).") from None
    if b"\x00" in payload:
        raise FileProblem("Dit lijkt geen tekstbestand. Upload CSV, XLSX of JSON-LD.")
    try:
        return payload.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            "De tekens in het bestand zijn niet te lezen. Sla het op als CSV UTF-8."
        ) from None


# --- CSV ------------------------------------------------------------------


def _parse_csv(text: str) -> ParsedFile:
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise FileProblem("Het bestand is leeg.")
        parsed = _with_header("csv", header)
        for number, cells in enumerate(reader, start=2):
            _add_row(parsed, header, number, cells)
    except csv.Error as exc:
        raise FileProblem(f"Het CSV-bestand is niet goed opgebouwd: {exc}.") from None
    return parsed


def _add_row(parsed: ParsedFile, header: list[str], number: int, cells: Iterable[Any]) -> None:
    values = list(cells)
    if all(v is None or str(v).strip() == "" for v in values):
        return
    row: dict[str, Any] = {}
    for name, value in zip(header, values, strict=False):
        if name:
            row.setdefault(name, value)
    if len(values) > len(header) and any(str(v or "").strip() for v in values[len(header) :]):
        row[EXTRA_CELLS] = True
    parsed.rows.append((number, row))


EXTRA_CELLS = "\x00extra"  # marker key: a row with more cells than the header has columns


def _with_header(file_format: str, header: list[Any]) -> ParsedFile:
    """Check the header names the required columns; remember which header means what."""
    header = [str(h).strip() if h is not None else "" for h in header]
    columns: dict[str, str] = {}
    ignored: list[str] = []
    for column in filter(None, header):
        name = field_for_header(column, "vacancy")
        if name is None or name in columns:  # unknown, or a second column for one field
            ignored.append(column)
        else:
            columns[name] = column
    missing = [s for s in fields_for("vacancy") if s.required and s.name not in columns]
    if missing:
        names = "; ".join(f"'{s.name}' (of {', '.join(s.headers[1:4])})" for s in missing)
        raise FileProblem(f"Verplichte kolom ontbreekt: {names}. Gebruik het sjabloon.")
    return ParsedFile(file_format, [], columns=columns, ignored_columns=ignored)


# --- XLSX -----------------------------------------------------------------


def check_zip(payload: bytes, max_uncompressed: int) -> None:
    """Refuse zip bombs before openpyxl inflates anything: sizes come from the directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(payload)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise FileProblem("Dit is geen geldig Excel-bestand (.xlsx).") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileProblem("Het Excel-bestand heeft te veel onderdelen.", status_code=413)
    total = sum(e.file_size for e in entries)
    ratio = max((e.file_size / max(e.compress_size, 1) for e in entries), default=0)
    if total > max_uncompressed or ratio > MAX_COMPRESSION_RATIO:
        raise FileProblem(
            "Het Excel-bestand is uitgepakt veel te groot (mogelijk een 'zip-bom').",
            status_code=413,
        )


def _parse_xlsx(payload: bytes, limits: Limits) -> ParsedFile:
    import openpyxl  # the zip directory was checked by `precheck`

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(payload), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on a broken workbook
            raise FileProblem("Het Excel-bestand is beschadigd of niet te lezen.") from None
        try:
            return _sheet_rows(workbook.worksheets[0].iter_rows(values_only=True), limits)
        finally:
            workbook.close()


def _sheet_rows(rows: Iterator[tuple[Any, ...]], limits: Limits) -> ParsedFile:
    number = 0
    header: list[str] | None = None
    parsed: ParsedFile | None = None
    for number, cells in enumerate(rows, start=1):  # noqa: B007  # number is used below
        if header is None:
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            header = [str(c).strip() if c is not None else "" for c in cells]
            parsed = _with_header("xlsx", header)
            continue
        assert parsed is not None
        _add_row(parsed, header, number, cells)
        if len(parsed.rows) > limits.max_rows:
            break  # parse_file reports the row limit
    if parsed is None:
        raise FileProblem("Het Excel-bestand is leeg.")
    return parsed
