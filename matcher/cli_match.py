"""`perspectief match rank`: rank vacancies for candidates from two JSON-lines files.

Used for evaluation and for trying the matcher without a database. Each input line is
one import record (the fields of `matcher.import_fields.FIELDS`); ids may be strings or
numbers and are written back exactly as given.

Output format (no header), one line per suggestion, best first per candidate:

    candidate_id<TAB>vacancy_id<TAB>rank<TAB>score

ids are the original ids from the input files, rank starts at 1, score is the ranking
score 0–1 with 4 decimals. Pairs that fail a hard constraint or fall under the
relevance floor are left out, so a candidate may get fewer than `top` lines (or none).
The weights (default: ranking.Weights()) and the floor are the service's settings when
called from `perspectief match rank`. `today` (default: the current date) decides which
vacancies are still open and candidates' ages.

Why a list is short goes to `reasons_path` (optional), one line per candidate and
reason, `candidate_id<TAB>suggested<TAB>reason<TAB>count` (reason: "relevance" = under
the floor, or the failed constraint: "travel", "hours", "wage", …; a candidate with
nothing retrieved gets one line with reason "-" and count 0), and a one-line total to
`summary` (the CLI prints it on stderr).
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.import_fields import RecordError
from matcher.models import Candidate, Vacancy
from matcher.ranking import Weights
from matcher.records import IdMap, parse_candidate, parse_vacancy
from matcher.taxonomy_lookups import TaxonomyLike


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for every non-empty line of a JSON-lines file."""
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                yield number, json.loads(line)


def _load(path: Path | str, parse, ids: IdMap) -> list:
    items = []
    for number, row in read_jsonl(path):
        try:
            items.append(parse(row, ids=ids))
        except RecordError as exc:
            raise RecordError(exc.field, f"{exc.message} ({path}, regel {number})") from None
    return items


def rank_jsonl(
    vacancies_path: Path | str,
    candidates_path: Path | str,
    top: int,
    out_path: Path | str,
    *,
    encoder: Encoder,
    taxonomy: TaxonomyLike | None = None,
    today: date | None = None,
    weights: Weights | None = None,
    relevance_floor: float | None = None,
    reasons_path: Path | str | None = None,
    summary: Callable[[str], None] | None = None,
) -> int:
    """Write the top vacancies per candidate as TSV and why lists are short (both
    described above); returns the number of lines written."""
    today = today or date.today()
    vacancy_ids, candidate_ids = IdMap(), IdMap()
    vacancies: list[Vacancy] = _load(vacancies_path, parse_vacancy, vacancy_ids)
    candidates: list[Candidate] = _load(candidates_path, parse_candidate, candidate_ids)
    engine = MatchEngine(encoder, taxonomy, weights or Weights(), relevance_floor=relevance_floor)
    engine.index_vacancies(vacancies)
    engine.index_candidates(candidates)
    refs = (candidate_ids, vacancy_ids)
    with open(out_path, "w", encoding="utf-8") as out, _maybe_open(reasons_path) as why:
        lines, totals, short = _write_all(engine, candidates, refs, top, today, out, why)
    if summary is not None:
        summary(_summary_line(lines, len(candidates), short, top, totals))
    return lines


def _write_all(
    engine: MatchEngine,
    candidates: list[Candidate],
    refs: tuple[IdMap, IdMap],
    top: int,
    today: date,
    out: TextIO,
    why: TextIO | None,
) -> tuple[int, Counter[str], int]:
    """Each candidate's top to `out`, why it is short to `why`; returns the lines
    written, the left-out pairs per reason and how many lists were short."""
    candidate_ids, vacancy_ids = refs
    lines, totals, short = 0, Counter[str](), 0
    for candidate in candidates:
        result = engine.match_vacancies(candidate, top=top, today=today)
        c_ref = candidate_ids.to_ref(candidate.id)
        for rank, s in enumerate(result.suggestions, 1):
            out.write(f"{c_ref}\t{vacancy_ids.to_ref(s.vacancy_id)}\t{rank}\t{s.score:.4f}\n")
        lines += len(result.suggestions)
        counts = result.reason_counts()
        totals.update(counts)
        short += len(result.suggestions) < top
        if why is not None:
            _write_reasons(why, c_ref, len(result.suggestions), counts)
    return lines, totals, short


def _maybe_open(path: Path | str | None) -> Any:
    return open(path, "w", encoding="utf-8") if path else contextlib.nullcontext(None)


def _write_reasons(out: TextIO, c_ref: Any, suggested: int, counts: dict[str, int]) -> None:
    for reason, count in counts.items() or [("-", 0)]:
        out.write(f"{c_ref}\t{suggested}\t{reason}\t{count}\n")


def _summary_line(lines: int, candidates: int, short: int, top: int, totals: Counter) -> str:
    why = ", ".join(f"{reason} {count}" for reason, count in totals.most_common())
    return (
        f"{lines} suggestions for {candidates} candidates; {short} got fewer than {top}"
        f"; pairs left out by reason: {why or 'none'}"
    )
