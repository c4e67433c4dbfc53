"""Vacancies: stored vacancies and their imports (files and API bodies)."""
