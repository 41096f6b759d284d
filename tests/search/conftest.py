"""Search test helpers: documents built from products, and the engines the behaviour suite runs on."""

from __future__ import annotations

import json
import os
import uuid

import pytest

from catalog.product import Product
from catalog.search.documents import SearchDocument
from catalog.search.model import SearchRequest
from interchange.format import DEV_CATALOG


def doc(
    pid: str,
    name: str,
    summary: str = "Giải pháp cho doanh nghiệp nhỏ.",
    *,
    description: str = "",
    categories=("digital_management",),
    sectors=("*",),
    vendor_name: str = "Công ty Mẫu",
    vendor_id: str = "v-1",
    official: bool = False,
    timestamp: float = 1_700_000_000.0,
    public: bool = True,
    latest: bool = True,
    revision_status: str = "approved",
    listing_status: str = "published",
    **product,
) -> SearchDocument:
    """A search document from a valid product; keyword arguments override PRODUCT fields."""
    data = {
        "id": pid,
        "vendor_id": vendor_id,
        "name": name,
        "summary": summary,
        "description": description or None,
        "categories": list(categories),
        "sectors": list(sectors),
        "readiness_min": 0,
        "readiness_max": 5,
        "pricing_models": [{"type": "subscription"}],
        **product,
    }
    return SearchDocument.from_product(
        Product.from_dict(data),
        doc_id=f"d-{pid}-{revision_status}",
        vendor_name=vendor_name,
        public=public,
        latest=latest,
        listing_status=listing_status,
        revision_status=revision_status,
        official=official,
        timestamp=timestamp,
    )


def ids(result) -> list[str]:
    return [hit.product_id for hit in result.hits]


def find(engine, q: str = "", **request) -> list[str]:
    return ids(engine.search(SearchRequest(q=q, **request)))


@pytest.fixture(params=["embedded", pytest.param("meilisearch", marks=pytest.mark.meili)])
def engine(request):
    """Each search backend available here, empty."""
    if request.param == "embedded":
        from catalog.search.embedded import EmbeddedIndex

        yield EmbeddedIndex()
        return
    url = os.environ.get("MEILISEARCH_URL")
    if not url:
        pytest.skip(
            "MEILISEARCH_URL is not set: no Meilisearch server on this machine, so the behaviour "
            "suite runs on the embedded backend only (the adapter is tested against a fake server)"
        )
    from catalog.search.meili import MeilisearchBackend

    backend = MeilisearchBackend(
        url, os.environ.get("MEILISEARCH_API_KEY"), index=f"test-{uuid.uuid4().hex[:12]}"
    )
    yield backend
    backend.client.index(backend.uid).delete()


@pytest.fixture(scope="session")
def dev_catalog() -> dict:
    return json.loads(DEV_CATALOG.read_text(encoding="utf-8"))
