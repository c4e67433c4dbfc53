"""Reviews, proposals and placements: the human decision and what follows from it."""
