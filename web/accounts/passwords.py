"""argon2id password hashes, and the rule a new password must pass."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the e-mail address is unknown, so both answers take as long.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))
MIN_LENGTH = 10
# zxcvbn's scale is 0-4; 3 = "safely unguessable: moderate protection from offline attacks".
MIN_STRENGTH = 3
_ESTIMATE_CHARS = 72  # zxcvbn refuses longer input; the start of a password tells enough
SITE_WORDS = ("perspectief",)
_LOOKS_LIKE = {
    "email": "je e-mailadres",
    "name": "je naam",
    "site": "de naam van deze site",
}
# Why zxcvbn found a password easy, by the kind of its longest weak part.
_WEAK_BECAUSE = {
    "repeat": "het herhaalt steeds dezelfde tekens",
    "sequence": "het is een reeks, zoals abc of 123",
    "spatial": "het zijn toetsen naast elkaar op het toetsenbord",
    "date": "het is een datum of jaartal",
    "dictionary": "het is een veelgebruikt woord of wachtwoord",
}


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def generate_password() -> str:
    """A random password people can type: 4 groups of 4 characters."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    groups = ["".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4)]
    return "-".join(groups)


def password_problem(password: str, *, email: str = "", names: Iterable[str] = ()) -> str | None:
    """A Dutch explanation of why a new password is refused, or None.

    Refused: shorter than MIN_LENGTH, guessable by zxcvbn (score below MIN_STRENGTH), or
    made mostly of the person's own e-mail address or name (or the site's name), which
    an attacker who knows who they are tries first. Takes a few ms: call it off the loop.
    """
    if len(password) < MIN_LENGTH:
        return f"Het wachtwoord moet minstens {MIN_LENGTH} tekens hebben."
    personal = personal_words(email=email, names=names)
    estimate = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=list(personal))
    own = [m for m in estimate["sequence"] if m.get("dictionary_name") == "user_inputs"]
    weak = estimate["score"] < MIN_STRENGTH
    if own and (weak or _share(own, password) >= 0.5):
        source = personal[own[0]["matched_word"]]
        return f"Het wachtwoord lijkt op {_LOOKS_LIKE[source]}. Kies iets wat een ander niet weet."
    if weak:
        return (
            f"Het wachtwoord is te makkelijk te raden: {_weak_reason(estimate['sequence'])}. "
            "Tip: een zin van een paar woorden is sterk en makkelijk te onthouden."
        )
    return None


def personal_words(*, email: str, names: Iterable[str]) -> dict[str, str]:
    """Words a guesser who knows the person tries first, each with its source."""
    words: dict[str, str] = {word: "site" for word in SITE_WORDS}
    for name in names:
        for part in re.split(r"[\s\-']+", name.strip().lower()):
            if len(part) >= 3:
                words.setdefault(part, "name")
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    for part in [email, local, *re.split(r"[^\w]+", local), *domain.split(".")[:-1]]:
        if len(part) >= 3:
            words.setdefault(part, "email")
    return words


def _share(matches: Sequence[dict[str, Any]], password: str) -> float:
    """Which part of the (estimated) password the matches cover, 0-1."""
    covered = sum(m["j"] - m["i"] + 1 for m in matches)
    return covered / min(len(password), _ESTIMATE_CHARS)


def _weak_reason(sequence: Sequence[dict[str, Any]]) -> str:
    known = [m for m in sequence if m["pattern"] in _WEAK_BECAUSE]
    if not known:
        return "het is te kort of te voorspelbaar"
    longest = max(known, key=lambda m: m["j"] - m["i"])
    return _WEAK_BECAUSE[longest["pattern"]]


def new_invitation_code() -> str:
    """A one-time code a person can read out or type: 12 characters, ~60 bits."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
