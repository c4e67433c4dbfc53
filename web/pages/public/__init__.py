"""Pages for everyone: home, login, a candidate's welcome, and the health check."""
