"""One router per role, plus the public routes (login, health, static)."""
