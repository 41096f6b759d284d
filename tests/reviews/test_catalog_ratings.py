"""Ratings in the catalog: the Bayesian sort, the minimum-rating filter (embedded engine over SQLite and
PostgreSQL; what the Meilisearch adapter sends), the page and the API; and matching's small signal."""

import dataclasses

from catalog.facets import CatalogFilters
from catalog.product import Product
from catalog.ratings import store
from catalog.search.meili import MeilisearchBackend
from catalog.search.model import SearchRequest
from matching.engine import OfferIndex
from matching.model import Offer, Profile
from tests.search.conftest import doc
from tests.search.fake_meili import FakeMeilisearch


def _rated_catalog(session, factory):
    """Four accounting products: one 5-star review, thirty averaging 4.6, none, one 1-star review."""
    listings = {
        key: factory.listing("published", name=f"Kế toán {key}", categories=["accounting"])
        for key in ("one_five", "thirty", "none", "one_poor")
    }
    store(session, listings["one_five"].id, 1, 5)
    store(session, listings["thirty"].id, 30, 138)
    store(session, listings["one_poor"].id, 1, 1)
    session.commit()
    return {key: listing.id for key, listing in listings.items()}


def _ids(app, session, **kw):
    return [h.product_id for h in app.extensions["search"].search(session, SearchRequest(**kw)).hits]


def test_sorting_by_rating_uses_the_bayesian_average(app, session, factory):
    ids = _rated_catalog(session, factory)
    assert _ids(app, session, q="ke toan", sort="rating") == [
        ids["thirty"],
        ids["one_five"],
        ids["none"],
        ids["one_poor"],
    ]


def test_the_minimum_rating_filter_reads_the_plain_average(app, session, factory):
    ids = _rated_catalog(session, factory)
    found = _ids(app, session, q="", filters=CatalogFilters(rating_min=4), sort="rating")
    assert found == [ids["thirty"], ids["one_five"]]
    assert _ids(app, session, q="", filters=CatalogFilters(rating_min=5)) == [ids["one_five"]]


def test_the_catalog_page_shows_ratings_sorts_and_filters(client, session, factory):
    ids = _rated_catalog(session, factory)
    page = client.get("/?q=ke+toan&sort=rating&rating_min=4").get_data(as_text=True)
    assert page.index(f'href="/products/{ids["thirty"]}"') < page.index(f'href="/products/{ids["one_five"]}"')
    assert f'href="/products/{ids["none"]}"' not in page
    assert '4,6<span class="sr-only"> / 5</span> · 30 đánh giá' in page
    assert '<option value="rating" selected>' in page and 'name="rating_min" value="4" checked' in page
    page = client.get("/?rating_min=9").get_data(as_text=True)
    assert "Đã bỏ qua rating_min=9: Chọn từ 1 đến 5 sao." in page


def test_the_api_sorts_by_rating_and_names_a_bad_minimum(client, session, factory):
    ids = _rated_catalog(session, factory)
    body = client.get("/api/v1/search?q=ke+toan&sort=rating").get_json()
    assert [h["product_id"] for h in body["hits"]][:2] == [ids["thirty"], ids["one_five"]]
    assert body["hits"][0]["rating"] == {"mean": 4.6, "count": 30, "score": 155.5 / 35}
    answer = client.get("/api/v1/search?rating_min=0")
    assert answer.status_code == 422 and "rating_min" in answer.get_json()["error"]["fields"]


def test_meilisearch_gets_the_rating_to_sort_and_filter_by():
    documents = [
        dataclasses.replace(doc("a", "Kế toán A"), rating_count=30, rating_total=138),
        doc("b", "Kế toán B"),
    ]
    with FakeMeilisearch() as server:
        meili = MeilisearchBackend(server.url, "master-key", index="listings")
        meili.replace_all(documents)
        stored = {d["listing_id"]: d for d in server.documents.values()}
        assert (stored["a"]["rating_mean"], stored["b"]["rating_mean"]) == (4.6, 0.0)
        assert (
            round(stored["a"]["rating_score"], 3) == round(155.5 / 35, 3)
            and stored["b"]["rating_score"] == 3.5
        )
        meili.search(
            SearchRequest(q="ke toan", filters=CatalogFilters(rating_min=4), sort="rating", facets=False)
        )
        main = server.sent("POST", "/multi-search")[-1]["body"]["queries"][0]
    assert main["sort"] == ["rating_score:desc"] and main["filter"] == ["public = true", "rating_mean >= 4"]


def _offer(pid: str, rating: float | None, **over) -> Offer:
    data = {
        "id": pid,
        "vendor_id": f"v-{pid}",
        "name": "Phần mềm kế toán",
        "summary": "Sổ sách, báo cáo thuế.",
        "categories": ["accounting"],
        "sectors": ["*"],
        "readiness_min": 0,
        "readiness_max": 5,
        "pricing_models": [{"type": "subscription"}],
        "price_monthly_vnd": 200_000,
        **over,
    }
    return Offer(Product.from_dict(data), rating=rating)


def test_matching_breaks_near_ties_by_rating_but_never_lifts_a_worse_fit():
    profile = Profile(
        id="s", name="Cửa hàng", sector="trade", province="Hà Nội", size="micro", needs=("accounting",)
    )
    offers = [_offer("unrated", None), _offer("liked", 4.6), _offer("disliked", 1.5)]
    assert [m.offer.id for m in OfferIndex(offers).rank(profile)] == ["liked", "unrated", "disliked"]
    fits_better = _offer("fits", 1.0)
    fits_worse = _offer("other", 5.0, sectors=["healthcare"])  # built for another sector
    assert [m.offer.id for m in OfferIndex([fits_worse, fits_better]).rank(profile)][0] == "fits"
