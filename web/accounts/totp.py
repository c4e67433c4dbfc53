"""Time-based one-time codes (RFC 6238, via pyotp) and recovery codes: plain functions,
no database.

A code belongs to a 30-second step (unix time // 30). One step either side of now is
accepted, for a phone clock that is a little off; the caller keeps the last step it
accepted per person and takes only later ones, so a code never works twice.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

import pyotp
import segno

ISSUER = "Perspectief"
STEP_SECONDS = 30
DRIFT_STEPS = 1  # steps either side of now that still count
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_TOTP_CODE = re.compile(r"^\d{6}$")


def new_secret() -> str:
    """A random base32 secret of 160 bits (RFC 4226's recommended length)."""
    return pyotp.random_base32(length=32)


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    """The 6-digit code of `step` (for the tests, the demo and the benches as well)."""
    return pyotp.TOTP(secret).at(step * STEP_SECONDS)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The step whose code `code` is (now, or one step either side), or None."""
    code = tidy(code)
    if not _TOTP_CODE.match(code):
        return None
    step = current_step(now)
    found = None
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        # compare_digest on every step: the time taken says nothing about which matched.
        if hmac.compare_digest(code_at(secret, candidate), code):
            found = candidate
    return found


def tidy(code: str) -> str:
    """A typed code without spaces and dashes, lower case ('123 456' → '123456')."""
    return re.sub(r"[\s-]+", "", code).lower()


def looks_like_totp(code: str) -> bool:
    return bool(_TOTP_CODE.match(tidy(code)))


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads (from the QR code or pasted)."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The URI as an inline SVG QR code (paths only: no script, no style, CSP-safe)."""
    qr = segno.make(uri, error="m")
    return str(qr.svg_inline(scale=4, dark="#000", light="#fff", title="QR-code voor je app"))


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def new_recovery_codes() -> list[str]:
    """Ten one-time codes like 'k7fm2-qp9xd' (50 bits each)."""
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def recovery_hash(code: str) -> bytes:
    """Random codes of 50 bits need no slow hash: sha256 of the tidied code."""
    return hashlib.sha256(tidy(code).encode("ascii", "replace")).digest()
