"""Does the matcher see two skill phrases as the same skill?

bench/skill_pairs.csv holds hand-labelled pairs of Dutch skill phrases as agencies and
young people write them: a skill a vacancy asks for, a skill a candidate has, and
whether having the second means having the first (1) or not (0). The matcher decides
"same" when a candidate with only the held skill has the requested skill in full
(`matcher.fit.skill_overlap` = 1). Prints precision and recall of "same", text only and
with the ESCO taxonomy (as the product runs), and the pairs it gets wrong.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/skill_pairs.py [--no-esco] [--no-model]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.fit import skill_overlap  # noqa: E402
from matcher.models import Candidate, Vacancy  # noqa: E402
from matcher.taxonomy_lookups import TaxonomyLike  # noqa: E402

PAIRS = Path(__file__).with_name("skill_pairs.csv")
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CACHE = Path.home() / ".cache" / "perspectief" / "taxonomy"


def read_pairs() -> list[tuple[str, str, bool]]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        return [(r["requested"], r["held"], r["same"] == "1") for r in csv.DictReader(handle)]


def same(requested: str, held: str, taxonomy: TaxonomyLike | None) -> bool:
    candidate = Candidate(id=1, skills=[held])
    value, _ = skill_overlap(candidate, Vacancy(id=1, title="", skills=[requested]), taxonomy)
    return value == 1.0


def report(name: str, pairs: list[tuple[str, str, bool]], taxonomy: TaxonomyLike | None) -> None:
    said = [same(requested, held, taxonomy) for requested, held, _ in pairs]
    hits = sum(s and truth for s, (_, _, truth) in zip(said, pairs, strict=True))
    precision = hits / max(1, sum(said))
    recall = hits / max(1, sum(truth for _, _, truth in pairs))
    print(f"{name}: precision {precision:.2f}  recall {recall:.2f}  ({len(pairs)} pairs)")
    for s, (requested, held, truth) in zip(said, pairs, strict=True):
        if s != truth:
            kind = "missed" if truth else "wrongly same"
            print(f"    {kind}: {requested!r} <- {held!r}")


def load_taxonomy(with_model: bool) -> TaxonomyLike:
    from matcher.embedding import Encoder
    from matcher.taxonomy import Taxonomy

    start = time.perf_counter()
    encoder = Encoder() if with_model else None
    taxonomy = Taxonomy.load(DATA / "esco", encoder=encoder, cache_dir=CACHE)
    print(f"(taxonomy loaded in {time.perf_counter() - start:.0f} s)")
    return taxonomy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-esco", action="store_true", help="text only")
    parser.add_argument("--no-model", action="store_true", help="ESCO without the embedding")
    args = parser.parse_args()
    pairs = read_pairs()
    report("text only", pairs, None)
    if args.no_esco or not (DATA / "esco" / "occupations_nl.csv").is_file():
        return
    name = "with ESCO" + (" (no model)" if args.no_model else "")
    report(name, pairs, load_taxonomy(not args.no_model))


if __name__ == "__main__":
    main()
