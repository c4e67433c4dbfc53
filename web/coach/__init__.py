"""Jobcoach-side logic that is not a route: the profile form and caseload overview."""
