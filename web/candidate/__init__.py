"""The candidate's side: invitation, suggested jobs in plain Dutch, consent, own data."""
