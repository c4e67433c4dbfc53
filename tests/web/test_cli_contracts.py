"""The command-line contracts external evaluations call (exact arguments and formats)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from web import cli
from web.settings import get_settings


@pytest.fixture
def no_esco(monkeypatch, tmp_path):
    # Text-only engine here; the ESCO-backed normaliser has its own tests and benchmark.
    monkeypatch.setenv("PERSPECTIEF_ESCO_DIR", str(tmp_path / "no-esco"))
    monkeypatch.setenv("PERSPECTIEF_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def test_rank_titles_writes_qid_cid_rank_score(no_esco, tmp_path):
    (tmp_path / "corpus.tsv").write_text("c1\theftruckchauffeur\nc2\tkok\nc3\tschoonmaker\n")
    (tmp_path / "queries.tsv").write_text("q1\tchauffeur heftruck\nq2\tleerling-kok\n")
    code = cli.main(
        [
            "taxonomy",
            "rank-titles",
            "--corpus",
            str(tmp_path / "corpus.tsv"),
            "--queries",
            str(tmp_path / "queries.tsv"),
            "--top",
            "2",
            "--out",
            str(tmp_path / "out.tsv"),
        ]
    )
    assert code == 0
    rows = _rows(tmp_path / "out.tsv")
    assert [r[:3] for r in rows] == [
        ["q1", "c1", "1"],
        ["q1", rows[1][1], "2"],
        ["q2", "c2", "1"],
        ["q2", rows[3][1], "2"],
    ]
    assert all(0.0 <= float(r[3]) <= 1.0 for r in rows)


def test_match_rank_writes_candidate_vacancy_rank_score(no_esco, tmp_path):
    vacancies = [
        {
            "id": "V1",
            "title": "Heftruckchauffeur",
            "skills": ["heftruck rijden"],
            "postcode": "3542",
        },
        {"id": "V2", "title": "Afwasser", "skills": ["afwassen"], "postcode": "3542"},
        {
            "id": "V3",
            "title": "Heftruckchauffeur Groningen",
            "skills": ["heftruck rijden"],
            "postcode": "9711",
        },
        {"id": "V4", "title": "Orderpicker", "status": "gesloten", "postcode": "3542"},
    ]
    candidates = [
        {
            "id": "K1",
            "desired_work": "heftruck rijden",
            "skills": ["heftruck rijden"],
            "postcode": "3562",
            "max_travel_km": 20,
        },
    ]
    (tmp_path / "v.jsonl").write_text("\n".join(json.dumps(v) for v in vacancies))
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(c) for c in candidates))
    code = cli.main(
        [
            "match",
            "rank",
            "--vacancies",
            str(tmp_path / "v.jsonl"),
            "--candidates",
            str(tmp_path / "c.jsonl"),
            "--top",
            "10",
            "--out",
            str(tmp_path / "out.tsv"),
        ]
    )
    assert code == 0
    rows = _rows(tmp_path / "out.tsv")
    # Far and closed ones never; the dish-washing job is under the relevance floor.
    assert [r[:3] for r in rows] == [["K1", "V1", "1"]]
    assert 0.0 < float(rows[0][3]) <= 1.0


def _rank(tmp_path: Path, *extra: str) -> list[list[str]]:
    vacancies = [
        {
            "id": "V1",
            "title": "Heftruckchauffeur",
            "skills": ["heftruck rijden"],
            "postcode": "3542",
        },
        {"id": "V2", "title": "Afwasser", "skills": ["afwassen"], "postcode": "3562"},
    ]
    candidate = {"id": "K1", "desired_work": "heftruck rijden", "skills": ["heftruck rijden"],
                 "postcode": "3562", "max_travel_km": 20}  # fmt: skip
    (tmp_path / "v.jsonl").write_text("\n".join(json.dumps(v) for v in vacancies))
    (tmp_path / "c.jsonl").write_text(json.dumps(candidate))
    files = ["--vacancies", str(tmp_path / "v.jsonl"), "--candidates", str(tmp_path / "c.jsonl")]
    args = ["match", "rank", *files, "--top", "10", "--out", str(tmp_path / "out.tsv"), *extra]
    assert cli.main(args) == 0
    return _rows(tmp_path / "out.tsv")


def test_match_rank_uses_the_weight_settings_of_the_service(no_esco, tmp_path, monkeypatch):
    """Issue 15: with only distance weighted, the job next door comes first."""
    assert [r[1] for r in _rank(tmp_path)] == ["V1"]
    for name in ("SEMANTIC", "OCCUPATION", "SKILLS", "PERSPECTIVE"):
        monkeypatch.setenv(f"PERSPECTIEF_WEIGHT_{name}", "0")
    monkeypatch.setenv("PERSPECTIEF_WEIGHT_DISTANCE", "1")
    get_settings.cache_clear()
    rows = _rank(tmp_path)
    assert [r[1] for r in rows] == ["V2", "V1"] and float(rows[0][3]) > 0.9


def test_match_rank_uses_the_floor_setting_and_says_why(no_esco, tmp_path, monkeypatch, capsys):
    why = tmp_path / "why.tsv"
    assert [r[1] for r in _rank(tmp_path, "--reasons", str(why))] == ["V1"]
    assert _rows(why) == [["K1", "1", "relevance", "1"]]
    assert "pairs left out by reason: relevance 1" in capsys.readouterr().err
    monkeypatch.setenv("PERSPECTIEF_RELEVANCE_FLOOR", "0")
    get_settings.cache_clear()
    assert [r[1] for r in _rank(tmp_path, "--reasons", str(why))] == ["V1", "V2"]
    assert _rows(why) == [["K1", "2", "-", "0"]]
