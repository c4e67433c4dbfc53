"""Skill suggestions while a jobcoach types: ESCO skills when loaded, and skills that
vacancies already ask for (so the words agencies use are offered too)."""

from __future__ import annotations

from typing import Any

import asyncpg

KNOWN_SKILLS = """
SELECT DISTINCT skill FROM vacancies, unnest(skills) AS skill
WHERE skill ILIKE '%' || $1 || '%' ORDER BY skill LIMIT $2
"""


async def suggest(
    conn: asyncpg.Connection, *, phrase: str, matching: Any, limit: int = 6
) -> list[str]:
    if len(phrase) < 2:
        return []
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    options = [r["skill"] for r in await conn.fetch(KNOWN_SKILLS, escaped, limit)]
    taxonomy = getattr(getattr(matching, "engine", None), "taxonomy", None)
    if taxonomy is not None:
        options += [m.label for m in taxonomy.skills_for(phrase, k=limit)]
    return list(dict.fromkeys(options))[: limit * 2]
