"""SQL of the notifications: the outbox, the preferences, recipients and mail facts."""
