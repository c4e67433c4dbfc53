"""Agency pages: vacancies, imports, proposals and API keys."""
