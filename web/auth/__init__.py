"""Who is asking: passwords, sessions, CSRF, throttling and role dependencies."""
