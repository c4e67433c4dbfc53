"""Small groups are not shown: a figure about fewer than MIN_GROUP people reads "< 5",
and no hidden figure can be worked out from the shown ones. Where the cells of a table
add up to a whole that is shown (here or elsewhere), more cells are hidden until what
the hidden cells add up to is 0 or at least MIN_GROUP; such a cell is not small, so it
reads "verborgen" instead. The rule for the municipality's reports (outcomes; the
fairness monitor may use it too)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

MIN_GROUP = 5


class Hidden(Enum):
    SMALL = "< 5"  # fewer than MIN_GROUP people
    GUARD = "verborgen"  # would let a small group be worked out


Figure = int | Hidden


def shown(n: int) -> Figure:
    return n if n >= MIN_GROUP else Hidden.SMALL


def is_shown(value: Figure) -> bool:
    return not isinstance(value, Hidden)


def hide_small(
    values: list[int], *, also: Iterable[int] = (), public: Iterable[int] = ()
) -> tuple[list[Figure], bool]:
    """The cells of one whole: those under MIN_GROUP (and the indexes in `also`) hidden,
    then the next smallest that is not `public` (shown elsewhere) until the hidden cells
    add up to 0 or to MIN_GROUP or more. Returns the figures and whether the whole may
    be shown beside them (False: it would give the hidden cells away)."""
    small = {i for i, v in enumerate(values) if v < MIN_GROUP}
    hidden = small | set(also)
    fixed = set(public) - small
    while 0 < sum(values[i] for i in hidden) < MIN_GROUP:
        free = [i for i in range(len(values)) if i not in hidden and i not in fixed]
        if not free:
            break
        hidden.add(min(free, key=lambda i: values[i]))
    whole_ok = not 0 < sum(values[i] for i in hidden) < MIN_GROUP
    figures: list[Figure] = [
        Hidden.SMALL if i in small else Hidden.GUARD if i in hidden else v
        for i, v in enumerate(values)
    ]
    return figures, whole_ok


def share(part: Figure, whole: Figure) -> float | None:
    """`part` as a percentage of `whole` (0–100), only when both are shown."""
    if isinstance(part, Hidden) or isinstance(whole, Hidden) or not whole:
        return None
    return 100 * part / whole
