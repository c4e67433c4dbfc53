"""Fine-tune the sentence encoder on Dutch pairs taken from ESCO itself (no MELO data).

Pairs are surface forms of one ESCO concept: a Dutch alternative label with the Dutch
preferred label, two Dutch labels, a Dutch label with the English preferred label, a
Dutch label with the first sentence of the Dutch description, and ISCO group labels.
The loss is multiple-negatives ranking (in-batch negatives, both directions, cosine x
scale), with pairs of the same concept masked out as negatives. Plain torch loop: no
`datasets` / `accelerate` needed. Deterministic for a given seed on CPU.

    .venv/bin/python bench/finetune_esco.py --out /tmp/melo_ft/model-v3
        # defaults = the reported recipe: 16,000 sampled pairs (no descriptions), one
        # epoch, batch 64, lr 5e-5, scale 20, seed 13, lowest 3 layers + embeddings frozen
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ESCO = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "esco"

Pair = tuple[str, str, int]  # (anchor, positive, concept id)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _lines(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").splitlines() if s.strip()]


def _first_sentence(text: str, limit: int = 300) -> str:
    head = text.strip().split("\n", 1)[0]
    end = head.find(". ")
    return (head[: end + 1] if end > 0 else head)[:limit]


def esco_pairs(
    esco_dir: Path,
    *,
    seed: int = 13,
    max_label_pairs: int = 4,
    english: bool = True,
    descriptions: bool = True,
    groups: bool = True,
) -> list[Pair]:
    """Training pairs from ESCO occupations and ISCO groups, each tagged with its concept."""
    rng = random.Random(seed)
    nl = {r["conceptUri"]: r for r in _rows(esco_dir / "occupations_nl.csv")}
    en_path = esco_dir / "occupations_en.csv"
    en = {r["conceptUri"]: r for r in _rows(en_path)} if english and en_path.is_file() else {}
    pairs: list[Pair] = []
    concept_ids: dict[str, int] = {}

    def cid(uri: str) -> int:
        return concept_ids.setdefault(uri, len(concept_ids))

    for uri in sorted(nl):
        row = nl[uri]
        pref = row["preferredLabel"].strip()
        alts = [a for a in _lines(row.get("altLabels")) + _lines(row.get("hiddenLabels"))]
        alts = list(dict.fromkeys(a for a in alts if a.lower() != pref.lower()))
        c = cid(uri)
        labels = [pref] + alts
        for alt in alts:
            pairs.append((alt, pref, c))
        # A few label-label pairs among the alternatives (gender forms, synonyms).
        if len(alts) >= 2:
            for _ in range(min(max_label_pairs, len(alts) // 2)):
                a, b = rng.sample(alts, 2)
                pairs.append((a, b, c))
        if uri in en:
            en_row = en[uri]
            en_labels = [en_row["preferredLabel"].strip()] + _lines(en_row.get("altLabels"))
            for label in rng.sample(labels, min(3, len(labels))):
                pairs.append((label, rng.choice(en_labels[:3]), c))
        if descriptions and row.get("description"):
            sentence = _first_sentence(row["description"])
            for label in rng.sample(labels, min(2, len(labels))):
                pairs.append((label, sentence, c))
    if groups:
        for row in _rows(esco_dir / "ISCOGroups_nl.csv"):
            labels = [row["preferredLabel"].strip()] + _lines(row.get("altLabels"))
            c = cid(row["conceptUri"])
            for alt in labels[1:]:
                pairs.append((alt, labels[0], c))
            if descriptions and row.get("description"):
                pairs.append((labels[0], _first_sentence(row["description"]), c))
    return [(a, b, c) for a, b, c in pairs if a and b and a != b]


def fine_tune(
    esco_dir: Path,
    base_model_path: str,
    out_dir: Path,
    *,
    epochs: int = 1,
    batch_size: int = 64,
    lr: float = 3e-5,
    scale: float = 20.0,
    warmup: float = 0.1,
    seed: int = 13,
    max_length: int = 32,
    threads: int = 2,
    freeze_layers: int = 3,
    max_pairs: int | None = None,
    pair_options: dict | None = None,
    log=print,
) -> dict:
    """Train a copy of the base model on ESCO pairs and save it to out_dir."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from sentence_transformers import SentenceTransformer

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    pairs = esco_pairs(esco_dir, seed=seed, **(pair_options or {}))
    if max_pairs is not None and len(pairs) > max_pairs:
        pairs = random.Random(seed).sample(pairs, max_pairs)
    model = SentenceTransformer(base_model_path, device="cpu")
    model.max_seq_length = max_length
    model.train()
    # The token embeddings and the lowest `freeze_layers` transformer layers stay fixed:
    # a two-core CPU budget, and less drift from what the base model knows.
    frozen = ["embeddings."] + [f"encoder.layer.{i}." for i in range(freeze_layers)]
    for name, param in model.named_parameters():
        if any(part in name for part in frozen):
            param.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    steps_per_epoch = math.ceil(len(pairs) / batch_size)
    total = steps_per_epoch * epochs
    # foreach=False: the multi-tensor AdamW path is ~40x slower on this CPU build.
    optimizer = torch.optim.AdamW(params, lr=lr, weight_decay=0.01, foreach=False)
    n_warm = max(1, int(total * warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / n_warm, max(0.0, (total - s) / (total - n_warm)))
    )
    rng = random.Random(seed)
    start = time.perf_counter()
    step = 0
    losses: list[float] = []

    def embed(texts: list[str]) -> torch.Tensor:
        features = (
            model.preprocess(texts) if hasattr(model, "preprocess") else model.tokenize(texts)
        )
        out = model(features)["sentence_embedding"]
        return torch.nn.functional.normalize(out, dim=-1)

    for epoch in range(epochs):
        order = pairs[:]
        rng.shuffle(order)
        for i in range(0, len(order), batch_size):
            batch = order[i : i + batch_size]
            a = embed([p[0] for p in batch])
            b = embed([p[1] for p in batch])
            concept = torch.tensor([p[2] for p in batch])
            same = concept[:, None] == concept[None, :]
            mask = same & ~torch.eye(len(batch), dtype=torch.bool)
            logits = (a @ b.T) * scale
            logits = logits.masked_fill(mask, float("-inf"))
            target = torch.arange(len(batch))
            loss = (
                torch.nn.functional.cross_entropy(logits, target)
                + torch.nn.functional.cross_entropy(logits.T, target)
            ) / 2
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            optimizer.step()
            schedule.step()
            step += 1
            losses.append(float(loss.detach()))
            if step % 20 == 0 or step == total:
                log(
                    f"epoch {epoch + 1} step {step}/{total} loss {np.mean(losses[-50:]):.3f} "
                    f"({time.perf_counter() - start:.0f} s)"
                )
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save(str(out_dir))
    took = time.perf_counter() - start
    log(f"{len(pairs)} pairs, {total} steps, {took:.0f} s -> {out_dir}")
    return {"pairs": len(pairs), "steps": total, "seconds": took}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=ESCO)
    parser.add_argument("--base", default=None, help="base model path (default: packaged MiniLM)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--scale", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--freeze-layers", type=int, default=3)
    parser.add_argument("--max-pairs", type=int, default=16000, help="0: all pairs")
    parser.add_argument("--max-length", type=int, default=32)
    parser.add_argument("--no-english", action="store_true")
    parser.add_argument("--descriptions", action="store_true", help="add label-description pairs")
    parser.add_argument("--no-groups", action="store_true")
    parser.add_argument("--pairs-only", action="store_true", help="print pair stats and exit")
    args = parser.parse_args()
    options = {
        "english": not args.no_english,
        "descriptions": args.descriptions,
        "groups": not args.no_groups,
    }
    if args.pairs_only:
        pairs = esco_pairs(args.esco, seed=args.seed, **options)
        print(len(pairs), "pairs")
        for p in random.Random(0).sample(pairs, 15):
            print("  ", p)
        return
    base = args.base
    if base is None:
        from matcher.embedding import DEFAULT_MODEL, resolve_model_path

        base = resolve_model_path(DEFAULT_MODEL)
    fine_tune(
        args.esco,
        base,
        args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        scale=args.scale,
        seed=args.seed,
        freeze_layers=args.freeze_layers,
        max_pairs=args.max_pairs or None,
        max_length=args.max_length,
        pair_options=options,
    )


if __name__ == "__main__":
    main()
