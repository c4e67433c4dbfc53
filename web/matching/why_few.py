"""Why a candidate's suggestion list is short, in words a jobcoach reads at a glance.

The matcher leaves out pairs under the relevance floor and pairs that fail a hard
constraint (`MatchResult.reason_counts`); a short honest list needs its reasons next to
it, so the coach knows whether to widen the search, adjust the profile or wait.
"""

from __future__ import annotations

from collections.abc import Mapping

# Each hard constraint a left-out vacancy failed, in a few words (Dutch, B1).
LEFT_OUT_NL = {
    "travel": "te ver weg",
    "hours": "andere uren",
    "shifts": "diensten die niet passen",
    "age": "leeftijd",
    "wage": "loon onder het wettelijk minimum voor de leeftijd",
    "driving_licence": "rijbewijs",
    "certificates": "certificaat",
    "language": "taalniveau",
    "start_date": "startdatum",
    "open": "net gesloten",
    "restricted": "voorwaarden die alleen jij ziet",
}


def why_few_text(shown: int, left_out: Mapping[str, int], wish: str) -> str:
    """'3 vacatures passen. 41 andere halen de drempel niet: ze passen te weinig bij 'kok'.
    Verder vallen er 5 af op harde eisen: andere uren (3), te ver weg (2).'"""
    text = [f"{shown} {'vacature past' if shown == 1 else 'vacatures passen'}."]
    if not shown:
        text = ["Geen vacature past."]
    below = left_out.get("relevance", 0)
    if below:
        # "te weinig bij", not "te ver van": far away is a constraint of its own (travel).
        they = "die past" if below == 1 else "ze passen"
        far = f"{they} te weinig bij '{wish}'" if wish.strip() else f"{they} te weinig"
        verb = ("haalt" if below == 1 else "halen") if not shown else ""
        verb = verb or ("andere haalt" if below == 1 else "andere halen")
        text.append(f"{below} {verb} de drempel niet: {far}.")
    others = {name: n for name, n in left_out.items() if name != "relevance" and n}
    if others:
        total = sum(others.values())
        parts = ", ".join(f"{LEFT_OUT_NL.get(name, name)} ({n})" for name, n in others.items())
        verb = "valt er" if total == 1 else "vallen er"
        text.append(f"Verder {verb} {total} af op harde eisen: {parts}.")
    return " ".join(text)
