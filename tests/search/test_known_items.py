"""Known-item queries over the development catalog: the product a person means is in the top 3."""

import json

from catalog.search.cli import KNOWN_ITEMS
from catalog.search.documents import documents_from_interchange
from catalog.search.embedded import EmbeddedIndex
from catalog.search.evaluation import known_item_report


def test_known_item_set_is_varied_and_refers_to_real_products(dev_catalog):
    items = json.loads(KNOWN_ITEMS.read_text(encoding="utf-8"))["queries"]
    products = {p["id"] for p in dev_catalog["products"]}
    assert len(items) >= 60 and {i["product"] for i in items} <= products
    kinds = {i["kind"] for i in items}
    assert {"no_diacritics", "typo", "telex", "abbreviation"} <= kinds
    assert len({i["q"] for i in items}) == len(items)


def test_top3_share_is_at_least_95_percent(dev_catalog):
    engine = EmbeddedIndex()
    engine.replace_all(documents_from_interchange(dev_catalog))
    report = known_item_report(engine.search, json.loads(KNOWN_ITEMS.read_text(encoding="utf-8"))["queries"])
    print(
        f"known-item top-3 share {report['top3']:.1%} (top-1 {report['top1']:.1%}) over {report['queries']} "
        f"queries; by kind {report['by_kind']}"
    )
    assert report["top3"] >= 0.95, report["misses"]
