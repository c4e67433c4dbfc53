"""The active ranker version per municipality, as one web process knows it.

The matching service looks every `CHECK_SECONDS` (one small query); an accepted version
or a rollback therefore reaches every process within seconds, without a restart."""

from __future__ import annotations

import time

import asyncpg

from matcher.ranking import Weights
from web.ranker.repositories import versions
from web.ranker.weights import Ranking, weights_of

CHECK_SECONDS = 5.0


class ActiveWeights:
    def __init__(self, hand_set: Weights) -> None:
        self.hand_set = Ranking(hand_set)
        self._by_organisation: dict[int, Ranking] = {}
        self._checked_at = -CHECK_SECONDS

    def for_organisation(self, organisation_id: int | None) -> Ranking:
        """The active version of this municipality, else the hand-set weights."""
        if organisation_id is None:
            return self.hand_set
        return self._by_organisation.get(organisation_id, self.hand_set)

    @property
    def due(self) -> bool:
        return time.monotonic() - self._checked_at >= CHECK_SECONDS

    async def refresh(self, conn: asyncpg.Connection) -> bool:
        """Read the active versions; True when a municipality's weights changed."""
        found = {
            v.organisation_id: Ranking(weights_of(v.weights), v.version, v.accepted_at)
            for v in await versions.all_active(conn)
        }
        self._checked_at = time.monotonic()
        changed = found != self._by_organisation
        self._by_organisation = found
        return changed
