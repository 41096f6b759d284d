"""Catalog search: one interface, an embedded backend by default, Meilisearch when configured.

Placeholder until issue 3 lands: `build_search(config)` returns the backend stored in
app.extensions["search"]; views call `.refresh(session, listing_ids)` after each committed
listing change so that the index (derived data) follows the database.
"""

from __future__ import annotations

from collections.abc import Iterable


class NoSearch:
    def refresh(self, session, listing_ids: Iterable[str]) -> None:
        """Nothing to update yet."""


def build_search(config) -> NoSearch:
    return NoSearch()
