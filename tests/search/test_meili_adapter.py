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
        "In hóa đơn tại quầy.",
        categories=("sales_pos", "e_invoice"),
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
    # sector phrases make a product a result without ranking it: the last searchable attribute
    assert settings["searchableAttributes"][-1] == "sector_terms"
    # the need (or an explicit sort) decides right after the words
    assert settings["rankingRules"][:5] == ["words", "sort", "typo", "proximity", "attribute"]
    assert settings["rankingRules"][-2:] == ["official_rank:desc", "timestamp:desc"]
    assert {"need_e_invoice", "need_sales_pos", "sector_tourism", "price_monthly_vnd", "timestamp"} <= set(
        settings["sortableAttributes"]
    )
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
    assert "hợp tác xã" in settings["synonyms"]["htx"]  # the needs lexicon's abbreviations
    assert server.sent("DELETE", "/indexes/listings/documents")
    sent = server.sent("POST", "/indexes/listings/documents")[0]
    assert sent["query"] == "primaryKey=id"
    inv = next(d for d in sent["body"] if d["listing_id"] == "inv")
    assert inv["name_folded"] == "hoa don dien tu" and inv["levels"] == [1, 2, 3]
    assert inv["region_keys"] == ["*"] and inv["sizes"] == ["*"] and inv["price_band"] == "under_200k"
    assert inv["need_e_invoice"] == 1.0 and "need_sales_pos" not in inv
    assert inv["sector_terms"] == [] and inv["sector_tourism"] == inv["sector_trade"] == 0.5  # any sector
    pos = next(d for d in sent["body"] if d["listing_id"] == "pos")
    assert pos["region_keys"] == ["hue"] and pos["sizes"] == ["micro"]
    assert pos["need_sales_pos"] == 1.0 and pos["need_e_invoice"] == 0.8  # its second category
    assert pos["sector_tourism"] == 1.0 and "sector_trade" not in pos
    assert {"quan ca phe", "homestay", "nha hang"} <= set(pos["sector_terms"])
    assert all(r["authorization"] == "Bearer master-key" for r in server.requests)
    assert len(server.sent("GET", "/tasks/*")) == server.tasks  # every write is awaited


def test_search_sends_scope_filters_and_disjunctive_facets(server, meili):
    meili.replace_all(DOCS)
    filters = CatalogFilters(category=("e_invoice", "sales_pos"), level=2, region=("Huế",), price_max=500_000)
    result = meili.search(SearchRequest(q="hoas ddonw", filters=filters, limit=5))
    # two results hold both words: too few, so the same queries ran again with matchingStrategy
    # "frequency", which found no more
    strict, wider = (r["body"]["queries"] for r in server.sent("POST", "/multi-search"))
    assert [q["matchingStrategy"] for q in wider] == ["frequency"] * len(wider) and not result.relaxed
    queries = strict
    main = queries[0]
    assert main["q"] == "hóa dơn" and main["limit"] == 5 and main["showRankingScore"] is True
    assert main["matchingStrategy"] == "all" and main["sort"] == ["need_e_invoice:desc"]
    assert main["filter"] == [
        "public = true",
        ['categories = "e_invoice"', 'categories = "sales_pos"'],
        "levels = 2",
        ['region_keys = "hue"', 'region_keys = "*"'],
        "price_monthly_vnd <= 500000",
    ]
    assert main["facets"] == ["sectors", "pricing_types", "sizes"]
    by_facet = {q["facets"][0]: q for q in queries[1:] if "facets" in q}
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


def test_a_need_query_sends_its_need_words_and_sorts_by_the_need(server, meili):
    meili.replace_all(DOCS)
    result = meili.search(SearchRequest(q="phan mem ban hang cho quan ca phe", facets=False))
    main = server.sent("POST", "/multi-search")[0]["body"]["queries"][0]
    # fillers and generic words ("phan mem", "cho") are left out; every other word must be held
    assert main["q"] == "ban hang quan ca phe" and main["matchingStrategy"] == "all"
    assert main["sort"] == ["need_sales_pos:desc", "sector_tourism:desc"]
    # "pos" holds "bán hàng" and is built for tourism: "quán cà phê" is among its sector_terms
    assert [h.product_id for h in result.hits] == ["pos"] and not result.relaxed
    why = [(n.kind, n.code) for n in result.hits[0].why]
    assert why == [("category", "sales_pos"), ("sector", "tourism")]
    # an explicit sort replaces the need's
    meili.search(SearchRequest(q="hoa don", sort="price_asc", facets=False))
    assert server.sent("POST", "/multi-search")[-1]["body"]["queries"][0]["sort"] == ["price_monthly_vnd:asc"]


def test_too_few_holding_every_word_relaxes_and_says_so(server, meili):
    meili.replace_all(DOCS)
    result = meili.search(SearchRequest(q="hoa don quay thuoc"))
    first, second = (r["body"]["queries"] for r in server.sent("POST", "/multi-search")[-2:])
    assert first[0]["matchingStrategy"] == "all"
    # how many exact results answer a need the query names (quầy thuốc, hóa đơn) is asked at once
    assert ['sectors = "healthcare"', 'categories = "e_invoice"'] in first[1]["filter"]
    assert first[1]["limit"] == 0
    assert second[0]["matchingStrategy"] == "frequency"
    assert all(q["matchingStrategy"] == "frequency" for q in second)  # facet counts follow
    assert result.relaxed and result.exact_total == 0 and result.total == 2
