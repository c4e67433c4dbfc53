"""Learning the weights of the score components from decisions, so they stay explainable.

The score stays the transparent weighted mean of `ranking.combine`; only its weights are
learned. A decision is one logged (candidate, vacancy) pair with its component values
(0–1) and a graded gain: rejected 0, approved 1, candidate interested 2, hired 3, still
working at 3 months 4. The fit is pairwise (RankNet): within one candidate's decisions,
for every pair with different gains,

    loss = Σ |g_i − g_j| · log(1 + exp(−τ · w·(x_i − x_j))) / Σ |g_i − g_j|
           + (PRIOR_PAIRS / n_pairs) · Σ_c ((w_c − w0_c) / w0_c)²

with w on the simplex (Σ w = 1, each LOW–HIGH, so no component takes everything or
vanishes), τ > 0 a free scale, and w0 the hand-set weights: the penalty pulls toward
them, strongly with few decisions and weakly with many (a prior worth PRIOR_PAIRS pairs),
in relative terms, so a small weight is not moved more freely than a large one.

Evaluation is NDCG@k per candidate over held-out decisions (a later period: `split`).
Plain numbers in, plain numbers out; scipy does the constrained minimisation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
from scipy.optimize import minimize

from matcher.ranking import Weights

COMPONENTS = tuple(f.name for f in fields(Weights))
LOW, HIGH = 0.02, 0.5  # bounds of each learned weight (weights sum to 1)
PRIOR_PAIRS = 100.0  # how many decision pairs the hand-set weights are worth
MAX_PAIRS_PER_GROUP = 2_000  # a candidate with very many decisions does not dominate
K = 10


@dataclass(frozen=True)
class Decision:
    """One decided pair: whose list it was in (`group`, a candidate), when (seconds,
    any epoch), the component values (0–1) in COMPONENTS order, and the gain (0–4)."""

    group: int
    at: float
    values: tuple[float, ...]
    gain: int


@dataclass(frozen=True)
class Fit:
    weights: Weights
    scale: float  # τ: how sharply the learned score separates the grades
    pairs: int  # pairs it was trained on
    converged: bool


def normalised(weights: Weights) -> np.ndarray:
    """The weights as a vector in COMPONENTS order that sums to 1."""
    w = np.array([getattr(weights, c) for c in COMPONENTS], dtype=float)
    return w / w.sum()


def as_weights(vector: np.ndarray) -> Weights:
    return Weights(**{c: round(float(v), 4) for c, v in zip(COMPONENTS, vector, strict=True)})


def split(decisions: Sequence[Decision], *, test_share: float = 0.25) -> tuple[list, list]:
    """Older decisions to train on, the newest `test_share` to test on (by time)."""
    ordered = sorted(decisions, key=lambda d: d.at)
    cut = len(ordered) - max(1, round(len(ordered) * test_share)) if ordered else 0
    return ordered[:cut], ordered[cut:]


def pairs(decisions: Sequence[Decision], *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Differences x_i − x_j (n, components) for pairs in one group with g_i > g_j, and
    their weights g_i − g_j; at most MAX_PAIRS_PER_GROUP per group (a fixed sample)."""
    rng = np.random.default_rng(seed)
    diffs, sizes = [], []
    for members in _by_group(decisions).values():
        x = np.array([d.values for d in members], dtype=float)
        g = np.array([d.gain for d in members], dtype=float)
        i, j = np.nonzero(g[:, None] > g[None, :])
        if len(i) > MAX_PAIRS_PER_GROUP:
            keep = rng.choice(len(i), MAX_PAIRS_PER_GROUP, replace=False)
            i, j = i[keep], j[keep]
        diffs.append(x[i] - x[j])
        sizes.append(g[i] - g[j])
    if not diffs:
        return np.zeros((0, len(COMPONENTS))), np.zeros(0)
    return np.concatenate(diffs), np.concatenate(sizes)


def fit(decisions: Sequence[Decision], prior: Weights) -> Fit:
    """Weights learned from `decisions`, pulled toward `prior` (see the module's loss)."""
    diff, size = pairs(decisions)
    w0 = normalised(prior)
    if not len(size):
        return Fit(as_weights(w0), 1.0, 0, True)
    strength = PRIOR_PAIRS / len(size)
    start = np.append(np.clip(w0, LOW, HIGH), math.log(10.0))
    found = minimize(
        _loss,
        start,
        args=(diff, size / size.sum(), w0, strength),
        jac=True,
        method="SLSQP",
        bounds=[(LOW, HIGH)] * len(COMPONENTS) + [(math.log(0.1), math.log(1000.0))],
        constraints=[{"type": "eq", "fun": lambda p: p[:-1].sum() - 1.0}],
        options={"maxiter": 300, "ftol": 1e-10},
    )
    w = np.clip(found.x[:-1], LOW, HIGH)
    return Fit(as_weights(w / w.sum()), float(math.exp(found.x[-1])), len(size), found.success)


def _loss(
    p: np.ndarray, diff: np.ndarray, share: np.ndarray, w0: np.ndarray, strength: float
) -> tuple[float, np.ndarray]:
    """The loss and its gradient in (w, log τ)."""
    w, tau = p[:-1], math.exp(p[-1])
    margin = tau * (diff @ w)
    loss = float(share @ np.logaddexp(0.0, -margin))
    slope = -share / (1.0 + np.exp(margin))  # d loss / d margin
    rel = (w - w0) / w0
    grad_w = tau * (slope @ diff) + strength * 2 * rel / w0
    grad_tau = float(slope @ (margin))  # d/d log τ = τ · d/dτ
    return loss + strength * float(rel @ rel), np.append(grad_w, grad_tau)


def scores(decisions: Sequence[Decision], weights: Weights) -> np.ndarray:
    """The weighted mean of each decision's components (as `ranking.combine`), 0–1."""
    x = np.array([d.values for d in decisions], dtype=float).reshape(-1, len(COMPONENTS))
    return x @ normalised(weights)


def ndcg(
    gains: Sequence[float], order_scores: Sequence[float] | np.ndarray, *, k: int = K
) -> float | None:
    """NDCG@k of one list ranked by `order_scores` (ties: the lower gain first, so a tie
    never flatters); None when every gain is equal (nothing to rank)."""
    g = np.asarray(gains, dtype=float)
    if len(g) < 2 or g.max() == g.min():
        return None
    order = np.lexsort((g, -np.asarray(order_scores, dtype=float)))[:k]
    discount = 1.0 / np.log2(np.arange(2, min(k, len(g)) + 2))
    dcg = float(((2 ** g[order] - 1) * discount[: len(order)]).sum())
    ideal = float(((2 ** np.sort(g)[::-1][:k] - 1) * discount[: min(k, len(g))]).sum())
    return dcg / ideal


def ndcg_per_group(
    decisions: Sequence[Decision], weights: Weights, *, k: int = K
) -> dict[int, float]:
    """NDCG@k of each group's decisions ranked by these weights (groups with one grade
    only are left out)."""
    found = {}
    for group, members in _by_group(decisions).items():
        value = ndcg([d.gain for d in members], scores(members, weights), k=k)
        if value is not None:
            found[group] = value
    return found


def best_first(decisions: Sequence[Decision], weights: Weights) -> dict[int, bool]:
    """Per group with more than one grade: is a decision of the highest gain ranked first?"""
    found = {}
    for group, members in _by_group(decisions).items():
        gains = np.array([d.gain for d in members])
        if gains.max() == gains.min():
            continue
        order = np.lexsort((gains, -scores(members, weights)))
        found[group] = bool(gains[order[0]] == gains.max())
    return found


def paired_interval(
    before: Sequence[float], after: Sequence[float], *, rounds: int = 2_000, seed: int = 0
) -> tuple[float, float]:
    """95% bootstrap interval of mean(after − before), resampling the groups."""
    d = np.asarray(after, dtype=float) - np.asarray(before, dtype=float)
    if len(d) < 2:
        return (float(d.mean()), float(d.mean())) if len(d) else (0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = d[rng.integers(0, len(d), size=(rounds, len(d)))].mean(axis=1)
    return float(np.quantile(means, 0.025)), float(np.quantile(means, 0.975))


def _by_group(decisions: Sequence[Decision]) -> dict[int, list[Decision]]:
    groups: dict[int, list[Decision]] = {}
    for d in decisions:
        groups.setdefault(d.group, []).append(d)
    return groups
