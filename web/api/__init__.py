"""The agencies' REST API: key authentication and the request/response schemas."""
