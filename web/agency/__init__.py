"""The agency side: answering proposals, and the request guards of its uploads."""
