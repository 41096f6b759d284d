"""Catalog search: one interface, an embedded backend by default, Meilisearch when configured.

`build_search(config)` returns the SearchService kept in app.extensions["search"]:
- `.search(session, SearchRequest)` -> SearchResult (hits with scores and highlights, total,
  facet counts), for the public catalog, a vendor's own listings or the review queue;
- `.refresh(session, listing_ids)` after each committed listing change (views, import, CLI);
- `.reindex(session, progress)` to rebuild the derived index from the database.

Backends: catalog.search.embedded (in-process NumPy index, no server; see its docstring for
why) and catalog.search.meili (the official client; selected when MEILISEARCH_URL is set).
Both read queries the same way (catalog.search.analysis, and catalog.search.intent for what a
need-style query asks for) and share synonyms, highlighting, the "why" of each hit and the offers
of an empty result (catalog.search.suggest); catalog.search.relevance is the embedded engine's
score, which meili.py's docstring maps onto Meilisearch's settings.
"""

from __future__ import annotations

from catalog.search.model import PUBLIC, Scope, SearchHit, SearchRequest, SearchResult

__all__ = [
    "PUBLIC",
    "Scope",
    "SearchHit",
    "SearchRequest",
    "SearchResult",
    "build_backend",
    "build_search",
]


def build_backend(config, index: str | None = None):
    """The configured engine; `index` names a separate Meilisearch index (benchmarks, evaluations)."""
    if config.get("MEILISEARCH_URL"):
        from catalog.search.meili import MeilisearchBackend

        uid = index or config.get("MEILISEARCH_INDEX") or "listings"
        return MeilisearchBackend(config["MEILISEARCH_URL"], config.get("MEILISEARCH_API_KEY"), uid)
    from catalog.search.embedded import EmbeddedIndex

    return EmbeddedIndex()


def build_search(config):
    """The SearchService for app.extensions["search"] (imported here: it needs SQLAlchemy)."""
    from catalog.search.service import SearchService

    backend = build_backend(config)
    # How often a process looks for changes made elsewhere (other workers, scripts): tests see
    # every change at once; in production a one-second lag keeps the check off the hot path.
    sync = config.get("SEARCH_SYNC_SECONDS", 0.0 if config.get("TESTING") else 1.0)
    return SearchService(backend, sync)
