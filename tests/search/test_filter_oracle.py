"""The search engine filters and counts exactly as the reference reading of the catalog filters
(catalog.facets: CatalogFilters.matches, facet_counts), over the development catalog."""

from __future__ import annotations

import json

import pytest

from catalog.facets import CatalogFilters
from catalog.product import Product
from catalog.search.documents import SearchDocument
from catalog.search.model import SearchRequest
from interchange.format import DEV_CATALOG
from tests.search.reference_filters import facet_counts, filter_products

QUERIES = [
    {},
    {"category": ["accounting"]},
    {"category": ["e_invoice", "sales_pos"], "sector": ["tourism"]},
    {"level": ["1"]},
    {"level": ["4"], "size": ["medium"]},
    {"pricing": ["use_first_pay_later", "co_investment"]},
    {"region": ["Huế"]},
    {"region": ["Hà Nội"], "price": ["free"]},
    {"price_min": ["100.000"], "price_max": ["500000"]},
    {"sector": ["agriculture"], "pricing": ["revenue_sharing"], "level": ["2"]},
]


def _document(product: Product) -> SearchDocument:
    return SearchDocument.from_product(product, doc_id=f"d-{product.id}", vendor_name=product.vendor_id,
                                       public=True, latest=True, listing_status="published",
                                       revision_status="approved", official=False, timestamp=0.0)


@pytest.fixture(scope="module", params=["one segment", "two segments"])
def dev_catalog(request):
    """The dev catalog indexed at once, or half of it and then the rest as an update (a second
    segment: counts must merge across segments)."""
    from catalog.search.embedded import EmbeddedIndex

    products = [Product.from_dict(p) for p in json.loads(DEV_CATALOG.read_text(encoding="utf-8"))["products"]]
    index = EmbeddedIndex()
    if request.param == "one segment":
        index.replace_all([_document(p) for p in products])
    else:
        half = len(products) // 2
        index.replace_all([_document(p) for p in products[:half]])
        index.upsert([p.id for p in products[half:]], [_document(p) for p in products[half:]])
    return products, index


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: ",".join(q) or "none")
def test_the_engine_agrees_with_the_reference_filters(dev_catalog, query):
    products, index = dev_catalog
    filters = CatalogFilters.from_query(lambda name: query.get(name, []))
    result = index.search(SearchRequest(filters=filters, limit=len(products)))
    expected = {p.id for p in filter_products(products, filters)}
    assert {hit.product_id for hit in result.hits} == expected and result.total == len(expected)
    reference = facet_counts(products, filters)
    for facet, values in reference.items():
        got = {v.code: (v.count, v.selected) for v in result.facets[facet]}
        assert got == {v.code: (v.count, v.selected) for v in values}, facet
