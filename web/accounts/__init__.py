"""Accounts: users, organisations, API keys, invitations; passwords, sessions, welcome."""
