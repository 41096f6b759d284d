"""Demo data for trying the marketplace: the dev catalog, demo contracts, an account per role (a tool,
not on the request path)."""
