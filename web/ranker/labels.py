"""From a coach's decision and the placement's outcome to a graded label (gain 0–4).

Rejected 0, approved 1, candidate interested 2, hired 3, still working at 3 months 4.
A rejection teaches the ranking something only when its reason is about the match
(the kind of work, the distance, the requirements). The other reasons are left out of
learning: hours or shifts are a hard constraint the score has no component for; the
employer or workplace, "veiligheid" (the young person's situation, which may follow
from a justice trajectory) and "anders" say nothing about the components, and reading
"veiligheid" would let restricted information steer the weights."""

from __future__ import annotations

from web.proposals.vocabulary import REJECT_REASONS

MATCH_REJECT_REASONS = ("past_niet_bij_wens", "te_ver", "eisen_niet_gehaald")
LEFT_OUT_REASONS = tuple(code for code in REJECT_REASONS if code not in MATCH_REJECT_REASONS)
GAINS = {
    "candidate_interested": 2,
    "shared_with_agency": 2,
    "interview": 2,
    "declined_by_agency": 2,
    "hired": 3,
    "working_1m": 3,
    "working_3m": 4,
    "working_6m": 4,
}
GAIN_LABELS = {
    0: "afgewezen (om de match)",
    1: "goedgekeurd",
    2: "kandidaat had interesse",
    3: "aangenomen",
    4: "werkt na 3 maanden nog",
}


def gain(decision: str, reached: list[str]) -> int:
    """The label of one decided pair; `reached`: the states its proposal reached."""
    if decision != "approve":
        return 0
    return max([1, *(GAINS.get(state, 1) for state in reached)])
