"""E-mail notifications: who is told about what, and how.

An event (a proposal reaching an agency, an agency's answer, a new job card, a check-in
that is due) writes one outbox row per person in its own transaction (`service.py`); the
worker sends what is due through SMTP (`sender.py`), with retries, one mail per event or
one digest a day as each person chose. Mails are written when they are sent (`mails.py`),
from what is true then, and never read the justice-related table.
"""
