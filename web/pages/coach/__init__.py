"""Jobcoach pages: the caseload, a candidate's fit for a vacancy, skill lookup."""
