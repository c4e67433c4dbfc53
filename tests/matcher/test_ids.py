"""IdPositions changed in place agrees with a dict, for dense and sparse ids."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ids import IdPositions


@pytest.mark.parametrize("scale", [1, 10**13])
def test_in_place_changes_agree_with_a_dict(scale: int) -> None:
    rng = np.random.default_rng(scale % 97)
    universe = np.arange(0, 5000, dtype=np.int64) * scale
    positions = IdPositions(universe[:100])
    model = {int(i): n for n, i in enumerate(universe[:100])}
    for _ in range(200):
        ids = np.unique(rng.choice(universe, int(rng.integers(1, 50))))
        if rng.random() < 0.4:
            positions.discard(np.concatenate([ids, ids[:2]]))  # repeats are fine
            for i in ids.tolist():
                model.pop(i, None)
        else:
            values = rng.integers(0, 10**6, len(ids))
            positions.assign(ids, values)
            model.update(zip(ids.tolist(), values.tolist(), strict=True))
    probe = np.concatenate([universe, [-7, 10**18]])
    assert positions.lookup(probe).tolist() == [model.get(int(i), -1) for i in probe]
    assert positions.sorted_ids.tolist() == sorted(model)
    assert positions.sorted_positions.tolist() == [model[i] for i in sorted(model)]
    assert len(positions) == len(model)
    assert positions.get(int(universe[3])) == model.get(int(universe[3]), -1)
    assert positions.ids_at_least(500_000).tolist() == sorted(
        i for i, v in model.items() if v >= 500_000
    )


def test_a_far_id_switches_a_dense_table_to_sorted_arrays() -> None:
    positions = IdPositions(np.array([3, 1, 2]))
    positions.assign(np.array([10**15]), 9)
    assert positions.lookup(np.array([1, 2, 3, 10**15, 4])).tolist() == [1, 2, 0, 9, -1]
    assert IdPositions().lookup(np.array([1])).tolist() == [-1] and IdPositions().get(5) == -1
