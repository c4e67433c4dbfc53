"""Admin pages: organisations, the kill switch and erasure."""
