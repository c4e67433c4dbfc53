"""Learning from decisions: per municipality, weights of the explained score components
learned from coaches' decisions and placement outcomes, active only after an admin
accepts the evaluation report (issue 15)."""
