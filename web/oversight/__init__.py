"""Oversight: the audit log, erasing candidates (GDPR art. 17) and retention."""
