"""Glue between PostgreSQL and the matcher: loading, keeping current, logging."""
