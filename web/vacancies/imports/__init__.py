"""Vacancy imports: files (CSV, XLSX, JSON-LD) and API bodies → validated vacancies."""
