"""Which weights rank a municipality's suggestions: the active learned version, or the
hand-set weights of the settings; and how a card names them."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from matcher.ranking import Weights
from web.formatting import day


@dataclass(frozen=True)
class Ranking:
    """The weights that rank, with where they come from (version None: hand-set)."""

    weights: Weights
    version: int | None = None
    accepted_at: datetime | None = None

    @property
    def label(self) -> str:
        """For the card: "gewichten: versie 3, geleerd, aangenomen op 1 december 2026"."""
        if self.version is None:
            return "vaste gewichten"
        accepted = f", aangenomen op {day(self.accepted_at)}" if self.accepted_at else ""
        return f"gewichten: versie {self.version}, geleerd{accepted}"


COMPONENTS = tuple(f.name for f in fields(Weights))


def weights_of(values: dict[str, float]) -> Weights:
    """Weights from a stored mapping (a missing component weighs 0)."""
    return Weights(**{name: float(values.get(name, 0.0)) for name in COMPONENTS})
