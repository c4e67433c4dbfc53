"""What a coach would choose: the top 5 of `perspectief match rank` for 26 Utrecht-style
young people (bench/coach_choice_world.py), judged by hand 0/1/2 (irrelevant /
plausible / good) in bench/coach_choice_judgements.csv.

    bench/coach_choice.py rank --app-dir DIR --out RUN.tsv [--floor F] [--top N]
        runs `perspectief match rank` of the checkout in DIR (a `git worktree` of an
        older commit gives "before") on the world, with the ESCO cache of ~/.cache
    bench/coach_choice.py pool RUN.tsv …  [--depth 5]
        adds every pair in the first `depth` ranks of the runs to the judgement file,
        in a fixed shuffled order and without saying which run it came from (judge blind)
    bench/coach_choice.py score RUN.tsv …
        per run: mean relevance of the top 5 (and per rank), candidates with at least
        one irrelevant suggestion, suggestions shown, pairs not judged yet
    bench/coach_choice.py floor
        this checkout's relevance (matcher.ranking.relevance) of every judged pair, and
        per candidate floor how many irrelevant / plausible / good pairs it would drop
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.coach_choice_world import CANDIDATES, VACANCIES, candidate_rows, vacancy_rows

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "coach_choice_judgements.csv"
COLUMNS = ["pair", "candidate", "wish", "experience", "born", "vacancy", "title", "wage", "bbl",
           "relevance"]  # fmt: skip
FLOORS = [x / 100 for x in range(0, 50, 2)]  # relevance floors the table tries
ESCO_CACHE = Path.home() / ".cache" / "perspectief" / "taxonomy"


def rank(app_dir: Path, out: Path, top: int, floor: float | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, rows in (("v", vacancy_rows()), ("c", candidate_rows())):
            (folder / f"{name}.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
        (folder / "data" / "cache").mkdir(parents=True)
        for f in ESCO_CACHE.glob("*.npz"):
            shutil.copy(f, folder / "data" / "cache" / f.name)
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "PERSPECTIEF_DATA_DIR": str(folder / "data")}
        if floor is not None:
            env["PERSPECTIEF_RELEVANCE_FLOOR"] = str(floor)
        files = ["--vacancies", str(folder / "v.jsonl"), "--candidates", str(folder / "c.jsonl")]
        args = ["match", "rank", *files, "--top", str(top), "--out", str(out.resolve())]
        code = f"import sys; from web.cli import main; sys.exit(main({args!r}))"
        subprocess.run([sys.executable, "-c", code], cwd=app_dir, env=env, check=True)


def read_run(path: Path) -> dict[str, list[str]]:
    ranked: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        c, v, _rank, _score = line.split("\t")
        ranked[c].append(v)
    return ranked


def read_judgements() -> dict[tuple[str, str], str]:
    if not JUDGEMENTS.exists():
        return {}
    with open(JUDGEMENTS, encoding="utf-8") as f:
        return {(r["candidate"], r["vacancy"]): r["relevance"] for r in csv.DictReader(f)}


def pool(runs: list[Path], depth: int) -> None:
    judged = read_judgements()
    pairs = set(judged)
    for run in runs:
        for c, vs in read_run(run).items():
            pairs.update((c, v) for v in vs[:depth])
    # A fixed shuffle: the order says nothing about the run or the rank a pair came from.
    order = sorted(pairs, key=lambda p: hashlib.sha256(f"{p[0]}|{p[1]}".encode()).hexdigest())
    cands = {c[0]: c for c in CANDIDATES}
    vacs = {v[0]: v for v in VACANCIES}
    with open(JUDGEMENTS, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for n, (c, v) in enumerate(order, 1):
            cand, vac = cands[c], vacs[v]
            extra = vac[6]
            out.writerow([n, c, cand[4], cand[5], cand[1], v, vac[1], extra.get("hourly_wage", ""),
                          extra.get("bbl", ""), judged.get((c, v), "")])  # fmt: skip
    todo = sum(1 for p in order if not judged.get(p))
    print(f"{len(order)} pairs in {JUDGEMENTS.name}, {todo} to judge")


def score(runs: list[Path], top: int = 5) -> None:
    judged = read_judgements()
    for run in runs:
        ranked = read_run(run)
        values, per_rank, bad, missing = [], defaultdict(list), 0, 0
        for c, *_ in CANDIDATES:
            labels = [judged.get((c, v), "") for v in ranked.get(c, [])[:top]]
            missing += sum(1 for x in labels if x == "")
            known = [int(x) for x in labels if x != ""]
            values += known
            for r, x in enumerate(known, 1):
                per_rank[r].append(x)
            bad += any(x == 0 for x in known)
        mean = sum(values) / len(values) if values else float("nan")
        ranks = " ".join(f"@{r} {sum(xs) / len(xs):.2f}" for r, xs in sorted(per_rank.items()))
        short = sum(len(ranked.get(c[0], [])[:top]) < top for c in CANDIDATES)
        print(f"{run.name}: mean {mean:.2f} over {len(values)} suggestions ({ranks}); "
              f"{bad} of {len(CANDIDATES)} candidates get an irrelevant one; "
              f"{short} get fewer than {top}; {missing} not judged")  # fmt: skip


def judged_relevance(encoder, taxonomy, calibration=None) -> list[tuple[str, float, int]]:
    """(candidate, relevance, judgement) of every judged pair that passes the hard
    constraints, scored by this checkout's engine (with `calibration`, else the model's)."""
    from datetime import date

    from matcher.engine import MatchEngine
    from matcher.ranking import Suggestion, Weights, relevance
    from matcher.records import IdMap, parse_candidate, parse_vacancy

    vids, cids = IdMap(), IdMap()
    vacancies = {r["id"]: parse_vacancy(r, ids=vids) for r in vacancy_rows()}
    candidates = {r["id"]: parse_candidate(r, ids=cids) for r in candidate_rows()}
    engine = MatchEngine(encoder, taxonomy, calibration=calibration)
    engine.index_vacancies(vacancies.values())
    rows = []
    for (c, v), label in read_judgements().items():
        found = engine.explain_pair(candidates[c], vacancies[v], today=date.today())
        if label and isinstance(found, Suggestion):
            rows.append((c, relevance(found.breakdown, Weights()), int(label)))
    return rows


def held_out(text: str) -> bool:
    """bench/calibrate.py's split in halves (titles, skill phrases, and judged pairs by
    the candidate's id): fixed by a hash, so a refit uses the same split."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 1


def drops(rows: list[tuple[float, int]], floor: float) -> str:
    cells = []
    for label, name in ((0, "irrelevant"), (1, "plausible"), (2, "good")):
        total = sum(1 for _, lab in rows if lab == label)
        cells.append(f"{name} {sum(1 for r, lab in rows if lab == label and r < floor)}/{total}")
    return ", ".join(cells)


def floor_table() -> None:
    """Per floor, what it drops on the fit half and on the held-out half of the candidates
    (the split bench/calibrate.py fits the semantic scale on). The suggested floor is the
    highest that keeps every good pair and at least 7/8 of the plausible pairs of the fit
    half: a coach reviews every suggestion, so a plausible one costs a glance, while a
    missing one may cost a young person a job (with 3/4 the floor emptied the list of a
    third of the demo world's candidates, dropping BBL carpentry for "in de bouw
    werken"; with 9/10 it let as many irrelevant pairs through as before the rescaling)."""
    from matcher.embedding import Encoder
    from matcher.taxonomy import load_taxonomy
    from web.settings import get_settings

    settings = get_settings()
    encoder = Encoder(settings.embedding_model)
    taxonomy = load_taxonomy(settings.esco_dir, encoder=encoder, cache_dir=ESCO_CACHE)
    rows = judged_relevance(encoder, taxonomy)
    fit = [(r, lab) for c, r, lab in rows if not held_out(c)]
    test = [(r, lab) for c, r, lab in rows if held_out(c)]
    print(f"{len(rows)} judged pairs that pass the hard constraints ({len(fit)} fit, "
          f"{len(test)} held out)")  # fmt: skip
    for floor in FLOORS:
        print(f"floor {floor:.2f}: fit drops {drops(fit, floor)}; held out {drops(test, floor)}")
    print(f"suggested floor (highest that keeps every good and 7/8 of the plausible pairs of "
          f"the fit half): {suggested_floor(fit):.2f}")  # fmt: skip


def suggested_floor(fit: list[tuple[float, int]]) -> float:
    return max(f for f in FLOORS if keeps_the_good(fit, f))


def keeps_the_good(rows: list[tuple[float, int]], floor: float) -> bool:
    plausible = [r for r, lab in rows if lab == 1]
    kept = sum(1 for r in plausible if r >= floor)
    return all(r >= floor for r, lab in rows if lab == 2) and 8 * kept >= 7 * len(plausible)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("rank")
    r.add_argument("--app-dir", type=Path, default=HERE.parent)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--top", type=int, default=5)
    r.add_argument("--floor", type=float)
    p = sub.add_parser("pool")
    p.add_argument("runs", nargs="+", type=Path)
    p.add_argument("--depth", type=int, default=5)
    s = sub.add_parser("score")
    s.add_argument("runs", nargs="+", type=Path)
    sub.add_parser("floor")
    args = parser.parse_args()
    if args.command == "rank":
        rank(args.app_dir, args.out, args.top, args.floor)
    elif args.command == "pool":
        pool(args.runs, args.depth)
    elif args.command == "score":
        score(args.runs)
    else:
        floor_table()


if __name__ == "__main__":
    main()
