"""Erasing candidates (GDPR art. 17) and the retention job that does it by itself."""
