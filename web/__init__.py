"""The Perspectief web service: HTTP, templates, database and background work."""
