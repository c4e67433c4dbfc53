"""Candidates: profiles (the coach writes them), consents and correction requests."""
