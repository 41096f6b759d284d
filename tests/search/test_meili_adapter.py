"""The Meilisearch adapter, against a local server that checks what it sends (no Meilisearch needed)."""

import pytest

from catalog.facets import CatalogFilters
from catalog.search.meili import SETTINGS, MeilisearchBackend, SearchUnavailable
from catalog.search.model import Scope, SearchRequest
from tests.search.conftest import doc
from tests.search.fake_meili import FakeMeilisearch


@pytest.fixture
def server():
    with FakeMeilisearch() as fake:
        yield fake


@pytest.fixture
def meili(server):
    return MeilisearchBackend(server.url, "master-key", index="listings")


DOCS = [
    doc(
        "inv",
        "Hóa đơn điện tử",
        categories=("e_invoice",),
        sectors=("*",),
        regions=["*"],
        readiness_min=1,
        readiness_max=3,
        price_monthly_vnd=99_000,
    ),
    doc(
        "pos",
        "Bán hàng Huế",
        categories=("sales_pos",),
        sectors=("tourism",),
        regions=["Huế"],
        company_sizes=["micro"],
    ),
]


def test_reindex_creates_and_configures_the_index_from_code(server, meili):
    assert meili.replace_all(DOCS) == 2
    assert [r["body"] for r in server.sent("POST", "/indexes")] == [{"uid": "listings", "primaryKey": "id"}]
    settings = server.sent("PATCH", "/indexes/listings/settings")[0]["body"]
    assert settings == SETTINGS
    assert settings["searchableAttributes"][:4] == ["name", "name_folded", "labels", "labels_folded"]
    assert (
        settings["searchableAttributes"].index("summary")
        < settings["searchableAttributes"].index("description")
        < settings["searchableAttributes"].index("vendor_name")
    )
    assert settings["rankingRules"][:4] == ["words", "typo", "proximity", "attribute"]
    assert settings["rankingRules"][-2:] == ["official_rank:desc", "timestamp:desc"]
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 4, "twoTypos": 8}
    assert {
        "categories",
        "sectors",
        "levels",
        "pricing_types",
        "region_keys",
        "sizes",
        "price_monthly_vnd",
        "public",
        "latest",
        "vendor_id",
        "revision_status",
    } <= set(settings["filterableAttributes"])
    assert "hóa đơn điện tử" in settings["synonyms"]["hddt"] and "bán hàng" in settings["synonyms"]["pos"]
    assert server.sent("DELETE", "/indexes/listings/documents")
    sent = server.sent("POST", "/indexes/listings/documents")[0]
    assert sent["query"] == "primaryKey=id"
    inv = next(d for d in sent["body"] if d["listing_id"] == "inv")
    assert inv["name_folded"] == "hoa don dien tu" and inv["levels"] == [1, 2, 3]
    assert inv["region_keys"] == ["*"] and inv["sizes"] == ["*"] and inv["price_band"] == "under_200k"
    pos = next(d for d in sent["body"] if d["listing_id"] == "pos")
    assert pos["region_keys"] == ["hue"] and pos["sizes"] == ["micro"]
    assert all(r["authorization"] == "Bearer master-key" for r in server.requests)
    assert len(server.sent("GET", "/tasks/*")) == server.tasks  # every write is awaited


def test_search_sends_scope_filters_and_disjunctive_facets(server, meili):
    meili.replace_all(DOCS)
    filters = CatalogFilters(category=("e_invoice", "sales_pos"), level=2, region=("Huế",), price_max=500_000)
    result = meili.search(SearchRequest(q="hoas ddonw", filters=filters, limit=5))
    queries = server.sent("POST", "/multi-search")[-1]["body"]["queries"]
    main = queries[0]
    assert main["q"] == "hóa dơn" and main["limit"] == 5 and main["showRankingScore"] is True
    assert main["filter"] == [
        "public = true",
        ['categories = "e_invoice"', 'categories = "sales_pos"'],
        "levels = 2",
        ['region_keys = "hue"', 'region_keys = "*"'],
        "price_monthly_vnd <= 500000",
    ]
    assert main["facets"] == ["sectors", "pricing_types", "sizes"]
    by_facet = {q["facets"][0]: q for q in queries[1:]}
    assert set(by_facet) == {"categories", "levels", "regions", "price_band"}
    assert ['categories = "e_invoice"', 'categories = "sales_pos"'] not in by_facet["categories"]["filter"]
    assert "levels = 2" in by_facet["categories"]["filter"] and by_facet["categories"]["limit"] == 0
    # answers in Meilisearch's shape become hits, scores, highlights and catalog.facets counts
    assert [h.product_id for h in result.hits] == ["inv", "pos"] and result.total == 2
    assert result.hits[0].score == 0.9
    assert result.hits[0].highlights["name"].startswith("<mark>Hóa</mark> <mark>đơn</mark>")
    sectors = {v.code: v.count for v in result.facets["sector"]}
    assert sectors == {"tourism": 2}  # the "*" listing counts under every sector
    assert {v.code: v.count for v in result.facets["region"]} == {"Huế": 2}
    assert [v.code for v in result.facets["region"] if v.selected] == ["Huế"]


def test_vendor_and_review_scopes_become_filters(server, meili):
    meili.replace_all(DOCS)
    meili.search(SearchRequest(q="kho", scope=Scope("vendor", 'v-"1'), facets=False))
    meili.search(SearchRequest(q="kho", scope=Scope("review"), facets=False))
    vendor, review = (r["body"]["queries"][0] for r in server.sent("POST", "/multi-search")[-2:])
    assert vendor["filter"] == ["latest = true", 'vendor_id = "v-\\"1"'] and "facets" not in vendor
    assert review["filter"] == ["latest = true", 'revision_status = "submitted"']


def test_refresh_replaces_a_listings_documents(server, meili):
    meili.upsert(["inv", "gone"], DOCS[:1])
    deleted = server.sent("POST", "/indexes/listings/documents/delete")[0]["body"]
    assert deleted == {"filter": 'listing_id IN ["gone", "inv"]'}
    assert [d["listing_id"] for d in server.sent("POST", "/indexes/listings/documents")[0]["body"]] == ["inv"]


def test_server_errors_become_a_clear_503(server, meili):
    meili.replace_all(DOCS)
    server.fail_with = 500
    with pytest.raises(SearchUnavailable) as raised:
        meili.search(SearchRequest(q="hoa don"))
    assert raised.value.status == 503 and "thử lại" in raised.value.message
