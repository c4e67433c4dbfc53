"""Numbers in the Dutch reasons the engine writes ("37,5 uur", "32–40 uur"): a decimal
comma and an en dash, as the web's formatting layer writes them (the engine cannot use
Babel's web module, and needs nothing more than this)."""

from __future__ import annotations


def number(value: float) -> str:
    """37.5 → "37,5"; 38.0 → "38"."""
    return f"{value:g}".replace(".", ",")


def number_range(low: float, high: float) -> str:
    """32, 40 → "32–40"; 38, 38 → "38"."""
    return number(low) if low == high else f"{number(low)}–{number(high)}"
