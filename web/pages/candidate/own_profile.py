"""The signed-in candidate's own profile, as a dependency of their pages: absent (404, in
plain Dutch) until their jobcoach has set it up."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends

from web.accounts.repositories.users import User
from web.candidates.repositories import candidates
from web.candidates.repositories.candidates import CandidateRecord
from web.deps import Conn, CurrentCandidate
from web.errors import NotFound

NO_PROFILE = "Je jobcoach heeft je profiel nog niet klaargezet."


async def profile_of(conn: asyncpg.Connection, me: User) -> CandidateRecord | None:
    return await candidates.for_user(conn, user_id=me.id)


async def my_profile(conn: Conn, me: CurrentCandidate) -> CandidateRecord:
    profile = await profile_of(conn, me)
    if profile is None:
        raise NotFound(NO_PROFILE)
    return profile


MyProfile = Annotated[CandidateRecord, Depends(my_profile)]
