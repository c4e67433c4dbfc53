"""MELO job-title normalisation benchmark (Dutch development half), and our own
product title set beside it.

Prints MRR, Success@10 and Recall@10 per dataset for a character TF-IDF baseline, a
MiniLM baseline and the product normaliser (through `rank_titles`, the function
behind `perspectief taxonomy rank-titles`), beside the MELO paper's figures, which are
on the full query set. The annotations are read here, for scoring only. Then the
hand-labelled agency titles of `bench/product_titles.py` (MRR, Success@1/@10).

`--ablate` instead switches off each title rule that came from a benchmark or from
agency writing habits (`matcher.taxonomy.text.RULES`), one at a time, and prints MELO
nl dev and the product titles for each: a rule that hurts the product titles goes.

`--robustness` instead prints the robustness table of `bench/robustness.py`: MRR on
the titles each agency-style perturbation (typo, "mdw", English title, suffixes, case)
changed, before and after it, on MELO nl dev and on the product titles.

    .venv/bin/python bench/melo.py [--datasets nld_q_nl_c_nl_dev ...] [--no-esco]
    .venv/bin/python bench/melo.py --ablate
    .venv/bin/python bench/melo.py --robustness
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import product_titles  # noqa: E402  (bench/, beside this script)
import robustness  # noqa: E402

from matcher.embedding import Encoder  # noqa: E402
from matcher.taxonomy import rank_titles  # noqa: E402
from matcher.taxonomy.esco import EscoData, read_esco  # noqa: E402
from matcher.taxonomy.normaliser import ConceptIndex  # noqa: E402
from matcher.taxonomy.ranking import corpus_index, group_corpus  # noqa: E402
from matcher.taxonomy.text import RULES  # noqa: E402
from matcher.taxonomy.vectors import encode_cached  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
DATASETS = ("nld_q_nl_c_nl_dev", "nld_q_nl_c_en_dev")
# What the algorithm register (/algoritme) shows as the last evaluation.
RECORD = Path(__file__).resolve().parent / "results" / "evaluation.json"
CACHE = Path.home() / ".cache" / "perspectief" / "taxonomy"
TOP = 100

Ranking = dict[str, list[str]]  # qid -> corpus ids, best first


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def metrics(ranking: Ranking, relevant: dict[str, set[str]]) -> tuple[float, float, float]:
    """MRR, Success@10, Recall@10 over the queries that have annotations."""
    rr, success, recall = [], [], []
    for qid, wanted in relevant.items():
        ranked = ranking.get(qid, [])
        first = next((i for i, cid in enumerate(ranked, 1) if cid in wanted), None)
        rr.append(1.0 / first if first else 0.0)
        success.append(first is not None and first <= 10)
        recall.append(len(wanted.intersection(ranked[:10])) / len(wanted))
    return float(np.mean(rr)), float(np.mean(success)), float(np.mean(recall))


def top_ids(scores: np.ndarray, qids: list[str], cids: list[str]) -> Ranking:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :TOP]
    return {qid: [cids[j] for j in row] for qid, row in zip(qids, order, strict=True)}


def char_tfidf(corpus: list[list[str]], queries: list[list[str]]) -> Ranking:
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True)
    c = vectoriser.fit_transform([t for _, t in corpus])
    q = vectoriser.transform([t for _, t in queries])
    scores = (q @ c.T).toarray()
    return top_ids(scores, [i for i, _ in queries], [i for i, _ in corpus])


def minilm(corpus: list[list[str]], queries: list[list[str]], encoder: Encoder) -> Ranking:
    c = encode_cached(encoder, [t for _, t in corpus], CACHE)
    q = encoder.encode([t for _, t in queries])
    return top_ids(q @ c.T, [i for i, _ in queries], [i for i, _ in corpus])


def product(
    folder: Path,
    encoder: Encoder,
    esco_dir: Path | None,
    rules_off: Collection[str] = frozenset(),
) -> Ranking:
    corpus = [(r[0], r[1]) for r in read_tsv(folder / "corpus_elements.tsv")]
    queries = [(r[0], r[1]) for r in read_tsv(folder / "queries.tsv")]
    concepts = {r[0]: r[1] for r in read_tsv(folder / "concept_mapping.tsv")}
    rows = rank_titles(
        corpus,
        queries,
        concepts=concepts,
        top=TOP,
        encoder=encoder,
        esco_dir=esco_dir,
        cache_dir=CACHE,
        rules_off=rules_off,
    )
    ranking: Ranking = {}
    for qid, cid, _, _ in sorted(rows, key=lambda r: (r[0], r[2])):
        ranking.setdefault(qid, []).append(cid)
    return ranking


def halves(relevant: dict[str, set[str]], seed: int = 7) -> dict[str, dict[str, set[str]]]:
    """The queries split in two by a seeded shuffle of their ids: a choice made on the
    development set should help on both halves, not just on average."""
    qids = sorted(relevant)
    random.Random(seed).shuffle(qids)
    first = set(qids[: len(qids) // 2])
    return {
        "A": {q: r for q, r in relevant.items() if q in first},
        "B": {q: r for q, r in relevant.items() if q not in first},
    }


def published(dataset: str) -> list[tuple[str, float, float, float]]:
    name = dataset.removesuffix("_dev")
    rows = read_tsv(DATA / "melo" / "published_baselines_nl.tsv")[1:]
    return [(r[0], float(r[2]), float(r[3]), float(r[4])) for r in rows if r[1] == name]


def annotations(folder: Path) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    for qid, _, cid, grade in read_tsv(folder / "annotations.tsv"):
        if int(grade) > 0:
            relevant.setdefault(qid, set()).add(cid)
    return relevant


def run(dataset: str, encoder: Encoder, esco_dir: Path | None) -> dict[str, float]:
    folder = DATA / "melo" / dataset
    corpus = read_tsv(folder / "corpus_elements.tsv")
    queries = read_tsv(folder / "queries.tsv")
    relevant = annotations(folder)
    figures: dict[str, float] = {}
    print(f"\n{dataset}: {len(queries)} queries, {len(corpus)} corpus elements")
    print(f"  {'system':<34} {'MRR':>6} {'S@10':>6} {'R@10':>6}")
    for name, build in (
        ("char 2-4-gram TF-IDF (ours)", lambda: char_tfidf(corpus, queries)),
        ("MiniLM alone (ours)", lambda: minilm(corpus, queries, encoder)),
        ("product normaliser (rank_titles)", lambda: product(folder, encoder, esco_dir)),
    ):
        start = time.perf_counter()
        ranking = build()
        mrr, s10, r10 = metrics(ranking, relevant)
        took = time.perf_counter() - start
        print(f"  {name:<34} {mrr:6.3f} {s10:6.3f} {r10:6.3f}   ({took:.0f} s)")
        if name.startswith("product normaliser"):
            figures = {f"MELO {dataset} MRR": round(mrr, 3), f"MELO {dataset} S@10": round(s10, 3)}
        for half, part in halves(relevant).items():  # does it hold on both halves?
            mrr, s10, r10 = metrics(ranking, part)
            label = f"half {half} ({len(part)} queries)"
            print(f"    {label:<32} {mrr:6.3f} {s10:6.3f} {r10:6.3f}")
    for model, mrr, s10, r10 in published(dataset):
        print(f"  {'paper, full set: ' + model:<34} {mrr:6.3f} {s10:6.3f} {r10:6.3f}")
    return figures


def run_product_titles(encoder: Encoder) -> dict[str, float]:
    esco = read_esco(DATA / "esco")
    titles = product_titles.read_titles()
    ranks, index, uris = product_titles.evaluate(esco, encoder, titles)
    product_titles.report(titles, ranks)
    teachers = product_titles.teachers_first(esco, index, uris)
    print(f"  issue 12's instructor titles with a teacher first: {teachers}")
    scored = [1.0 / r if r else 0.0 for r in ranks]
    return {"productfuncties MRR": round(sum(scored) / len(scored), 3)}


def ablate(encoder: Encoder, dataset: str = DATASETS[0]) -> None:
    """MELO and the product titles with each benchmark rule switched off in turn."""
    folder = DATA / "melo" / dataset
    relevant = annotations(folder)
    esco = read_esco(DATA / "esco")
    titles = product_titles.read_titles()
    print(f"\nablation: {dataset} (MRR, S@10) | product titles (MRR, S@1, S@10) | issue 12's")
    print("  instructor titles with a teacher first | change of each figure from all rules on")
    heads = ("MRR", "S@10", "MRR", "S@1", "S@10")
    print(f"  {'switched off':<26} " + " ".join(f"{h:>6}" for h in heads))
    base: tuple[float, ...] = ()
    switchable = [name for name, rule in RULES.items() if getattr(rule, "switchable", False)]
    for off in ["", *(switchable or [n for n, r in RULES.items() if r.from_benchmark])]:
        rules_off = {off} if off else set()
        mrr, s10, _ = metrics(product(folder, encoder, DATA / "esco", rules_off), relevant)
        ranks, index, uris = product_titles.evaluate(esco, encoder, titles, rules_off=rules_off)
        fig = product_titles.figures(ranks)
        row = (mrr, s10, fig.mrr, fig.s1, fig.s10)
        base = base or row
        deltas = " ".join(f"{v - b:+.3f}" for v, b in zip(row, base, strict=True))
        shown = " ".join(f"{v:6.3f}" for v in row)
        teachers = product_titles.teachers_first(esco, index, uris)
        print(f"  {off or '(none: all rules on)':<26} {shown}  {teachers}  {deltas}")


def robustness_melo(encoder: Encoder, esco: EscoData, dataset: str = DATASETS[0]) -> None:
    """The robustness table on MELO's annotated queries (see bench/robustness.py)."""
    folder = DATA / "melo" / dataset
    corpus = [(r[0], r[1]) for r in read_tsv(folder / "corpus_elements.tsv")]
    concepts = {r[0]: r[1] for r in read_tsv(folder / "concept_mapping.tsv")}
    relevant = annotations(folder)
    titles_of = {r[0]: r[1] for r in read_tsv(folder / "queries.tsv")}
    qids = [q for q in titles_of if q in relevant]
    titles = [titles_of[q] for q in qids]
    english = [
        robustness.english_title(esco, sorted({concepts[c] for c in relevant[q] if c in concepts}))
        for q in qids
    ]
    keys, members = group_corpus(corpus, concepts)
    wanted = [relevant[q] for q in qids]

    def reciprocal_for(esco_used: EscoData) -> Callable[[list[int], list[str]], list[float]]:
        index = corpus_index(
            corpus, keys, members, encoder=encoder, esco=esco_used, cache_dir=CACHE
        )
        return robustness.melo_reciprocal(index, corpus, members, wanted, TOP)

    rows = robustness_rows(esco, qids, titles, english, reciprocal_for)
    print_robustness(f"{dataset} ({len(qids)} queries)", rows)


def robustness_rows(
    esco: EscoData,
    keys: list[str],
    titles: list[str],
    english: list[str | None],
    reciprocal_for: Callable[[EscoData], Callable[[list[int], list[str]], list[float]]],
) -> list:
    """The perturbation rows on the full index, then the English row with the English
    preferred labels held out of the index."""
    sets = robustness.perturbed_sets(keys, titles, english)
    rows = robustness.table(titles, sets, reciprocal_for(esco))
    held_out = reciprocal_for(robustness.without_english_preferred(esco))
    return [*rows, robustness.held_out_row(titles, english, held_out)]


def print_robustness(heading: str, rows: list) -> None:
    print(f"\nrobustness: {heading}, MRR on the titles each change changed")
    print(robustness.header())
    for row in rows:
        print(row.line())


def product_reciprocal(
    index: ConceptIndex, uris: list[str], titles: list[product_titles.ProductTitle]
) -> Callable[[list[int], list[str]], list[float]]:
    """1/rank of the first accepted occupation for texts standing for the titles at
    the given positions."""

    def reciprocal(positions: list[int], texts: list[str]) -> list[float]:
        asked = [replace(titles[i], title=t) for i, t in zip(positions, texts, strict=True)]
        return [1.0 / r if r else 0.0 for r in product_titles.first_ranks(index, uris, asked)]

    return reciprocal


def robustness_product(encoder: Encoder, esco: EscoData) -> None:
    """The robustness table on the product titles (bench/product_titles.csv)."""
    titles = product_titles.read_titles()
    texts = [t.title for t in titles]
    english = [robustness.english_title(esco, sorted(t.uris)) for t in titles]

    def reciprocal_for(esco_used: EscoData) -> Callable[[list[int], list[str]], list[float]]:
        _, index, uris = product_titles.evaluate(esco_used, encoder, titles)
        return product_reciprocal(index, uris, titles)

    rows = robustness_rows(esco, texts, texts, english, reciprocal_for)
    print_robustness(f"product titles ({len(titles)})", rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", nargs="+", default=list(DATASETS))
    parser.add_argument("--no-esco", action="store_true", help="corpus labels only")
    parser.add_argument("--ablate", action="store_true", help="each benchmark rule off in turn")
    parser.add_argument("--robustness", action="store_true", help="agency-style perturbations")
    parser.add_argument(
        "--record",
        action="store_true",
        help=f"write the product normaliser's figures to {RECORD} (shown on /algoritme)",
    )
    args = parser.parse_args()
    if not (DATA / "melo").is_dir():
        sys.exit(f"MELO data not found at {DATA / 'melo'}; this benchmark needs it.")
    esco_dir = None if args.no_esco else DATA / "esco"
    encoder = Encoder()
    if args.ablate:
        ablate(encoder)
        return
    if args.robustness:
        esco = read_esco(DATA / "esco")
        robustness_melo(encoder, esco)
        robustness_product(encoder, esco)
        return
    figures: dict[str, object] = {}
    for dataset in args.datasets:
        figures.update(run(dataset, encoder, esco_dir))
    figures.update(run_product_titles(encoder))
    if args.record:
        figures["gemeten op"] = date.today().isoformat()
        figures["model"] = encoder.model_name
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_text(
            json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"\nrecorded in {RECORD}")


if __name__ == "__main__":
    main()
