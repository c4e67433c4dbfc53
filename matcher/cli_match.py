"""`perspectief match rank`: rank vacancies for candidates from two JSON-lines files.

Used for evaluation and for trying the matcher without a database. Each input line is
one import record (the fields of `matcher.import_fields.FIELDS`); ids may be strings or
numbers and are written back exactly as given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from matcher.embedding import Encoder
from matcher.engine import MatchEngine
from matcher.import_fields import RecordError
from matcher.models import Candidate, Vacancy
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
) -> int:
    """Write the top vacancies per candidate as TSV; returns the number of lines.

    Output format (no header), one line per suggestion, best first per candidate:

        candidate_id<TAB>vacancy_id<TAB>rank<TAB>score

    ids are the original ids from the input files, rank starts at 1, score is the
    ranking score 0–1 with 4 decimals. Pairs that fail a hard constraint are left
    out, so a candidate may get fewer than `top` lines (or none). `today` (default:
    the current date) decides which vacancies are still open and candidates' ages.
    """
    today = today or date.today()
    vacancy_ids, candidate_ids = IdMap(), IdMap()
    vacancies: list[Vacancy] = _load(vacancies_path, parse_vacancy, vacancy_ids)
    candidates: list[Candidate] = _load(candidates_path, parse_candidate, candidate_ids)
    engine = MatchEngine(encoder, taxonomy)
    engine.index_vacancies(vacancies)
    engine.index_candidates(candidates)
    lines = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for candidate in candidates:
            found = engine.match_vacancies(candidate, top=top, today=today).suggestions
            for rank, s in enumerate(found, 1):
                c_ref = candidate_ids.to_ref(s.candidate_id)
                v_ref = vacancy_ids.to_ref(s.vacancy_id)
                out.write(f"{c_ref}\t{v_ref}\t{rank}\t{s.score:.4f}\n")
                lines += 1
    return lines
