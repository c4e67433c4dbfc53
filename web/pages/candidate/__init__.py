"""Candidate pages: suggested jobs in plain Dutch, consent, own data."""
