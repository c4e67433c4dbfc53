"""Learning the component weights from graded decisions: a hidden preference is found
again from noisy decisions, ranks held-out decisions better than the hand-set weights,
and the learned weights stay within their bounds and near the hand-set ones."""

from __future__ import annotations

import numpy as np
import pytest

from matcher import learning
from matcher.learning import Decision
from matcher.ranking import Weights

HAND_SET = Weights()
# Coaches who value the kind of work and the job's perspective more than the hand-set
# weights do, the text likeness and the skills less.
HIDDEN = Weights(semantic=0.15, occupation=0.30, skills=0.10, perspective=0.35, distance=0.10)
DAY = 86_400.0


def history(*, candidates: int = 60, per_candidate: int = 24, seed: int = 1) -> list[Decision]:
    """Decisions over 180 days: gain by the hidden liking plus noise (0 rejected … 4 still
    working after 3 months)."""
    rng = np.random.default_rng(seed)
    hidden = learning.normalised(HIDDEN)
    found = []
    for c in range(candidates):
        for _ in range(per_candidate):
            x = rng.uniform(0, 1, len(learning.COMPONENTS))
            liking = x @ hidden + rng.normal(0, 0.05)
            gain = int(np.searchsorted([0.45, 0.55, 0.62, 0.68], liking))
            found.append(Decision(c, rng.uniform(0, 180 * DAY), tuple(x), gain))
    return found


def test_the_hidden_preference_is_found_again_and_ranks_held_out_decisions_better() -> None:
    train, test = learning.split(history())
    fitted = learning.fit(train, HAND_SET)
    hand, hidden = learning.normalised(HAND_SET), learning.normalised(HIDDEN)
    learned = learning.normalised(fitted.weights)
    # Every weight moved toward the hidden preference, and the whole vector is closer.
    assert np.all(np.sign(learned - hand) == np.sign(hidden - hand))
    assert np.linalg.norm(learned - hidden) < 0.6 * np.linalg.norm(hand - hidden)
    before = learning.ndcg_per_group(test, HAND_SET)
    after = learning.ndcg_per_group(test, fitted.weights)
    lists = sorted(before)
    low, _high = learning.paired_interval([before[c] for c in lists], [after[c] for c in lists])
    assert np.mean(list(after.values())) > np.mean(list(before.values())) + 0.02 and low > 0


def test_the_test_part_is_the_newest_quarter() -> None:
    decisions = history(candidates=4)
    train, test = learning.split(decisions)
    assert len(test) == round(len(decisions) / 4)
    assert max(d.at for d in train) <= min(d.at for d in test)


def test_weights_stay_within_bounds_even_when_one_component_explains_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(learning, "PRIOR_PAIRS", 0.0)  # no pull toward the hand-set weights
    rng = np.random.default_rng(2)
    decisions = []
    for c in range(80):
        for _ in range(20):
            x = rng.uniform(0, 1, len(learning.COMPONENTS))
            decisions.append(Decision(c, 0.0, tuple(x), int(x[4] > 0.5) * 3))  # distance only
    learned = learning.fit(decisions, HAND_SET).weights.as_dict()
    assert learned["distance"] == pytest.approx(learning.HIGH, abs=1e-3)
    assert all(learning.LOW - 1e-6 <= w <= learning.HIGH + 1e-6 for w in learned.values())
    assert sum(learned.values()) == pytest.approx(1.0, abs=1e-3)


def test_few_decisions_stay_close_to_the_hand_set_weights() -> None:
    few = learning.fit(history(candidates=3, per_candidate=6), HAND_SET)
    many = learning.fit(history(), HAND_SET)
    hand = learning.normalised(HAND_SET)
    moved_few = np.abs(learning.normalised(few.weights) - hand).sum()
    moved_many = np.abs(learning.normalised(many.weights) - hand).sum()
    assert moved_few < 0.5 * moved_many


def test_ndcg() -> None:
    assert learning.ndcg([3, 0, 1], [0.9, 0.5, 0.1]) == pytest.approx(
        (7 + 1 / np.log2(4)) / (7 + 1 / np.log2(3))
    )
    assert learning.ndcg([2, 0], [0.9, 0.1]) == 1.0
    assert learning.ndcg([1, 1], [0.9, 0.1]) is None  # nothing to rank
    assert learning.ndcg([0, 2], [0.5, 0.5]) < 1.0  # a tie never flatters
