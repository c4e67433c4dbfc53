"""Skill suggestions while a jobcoach types: skills that vacancies already ask for (so
the words agencies use are offered too), and ESCO skills when loaded.

With the matching service running, both come from its memory (engine thread); without
it (manual mode in tests, a process started without matching) a bounded query over
open vacancies answers.
"""

from __future__ import annotations

import asyncpg

from web.matching.service import MatchingService

KNOWN_SKILLS = """
SELECT DISTINCT skill FROM vacancies, unnest(skills) AS skill
WHERE status = 'open' AND skill ILIKE '%' || $1 || '%' ORDER BY skill LIMIT $2
"""


async def suggest(
    conn: asyncpg.Connection, *, phrase: str, matching: MatchingService | None, limit: int = 6
) -> list[str]:
    phrase = phrase.replace("\x00", "").strip()
    if len(phrase) < 2:
        return []
    if matching is not None and matching.ready:
        return await matching.skill_options(phrase, limit=limit)
    escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return [r["skill"] for r in await conn.fetch(KNOWN_SKILLS, escaped, limit)]
