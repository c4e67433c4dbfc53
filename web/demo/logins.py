"""What `make run` prints for the demo world: the logins and the shared second factor."""

from __future__ import annotations


def print_logins(rows: list[tuple[str, str]], password: str) -> None:
    print(f"\nDemo logins (wachtwoord voor allemaal: {password})")
    for role, email in rows:
        print(f"  {role:<10} {email}")


def print_second_factor(secret: str) -> None:
    """Staff log in with a code from an app: the demo staff share one known secret."""
    from web.accounts import totp

    print("\nTweede stap voor jobcoach, agency en admin (de demo-medewerkers delen één sleutel):")
    print(f"  sleutel voor een app (Google Authenticator, FreeOTP…): {totp.grouped(secret)}")
    print(f"  of deze link in de app: {totp.provisioning_uri(secret, 'demo')}")
    now = f"import pyotp; print(pyotp.TOTP('{secret}').now())"
    print(f'  of de code van nu: .venv/bin/python -c "{now}"')
