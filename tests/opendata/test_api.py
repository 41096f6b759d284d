"""The open-data API on SQLite and PostgreSQL: pages and cursors, ETags and 304, CSV, public fields
only, small groups suppressed, the DCAT catalog."""

from __future__ import annotations

import csv
import io

from opendata import cursors

API = "/api/v1/open"


def walk(client, path: str, limit: int) -> list[dict]:
    """Every row of a dataset, page after page, by following next_cursor."""
    rows, cursor, pages = [], None, 0
    while True:
        query = {"limit": limit, **({"cursor": cursor} if cursor else {})}
        answer = client.get(path, query_string=query)
        assert answer.status_code == 200, answer.json
        rows += answer.json["items"]
        pages += 1
        cursor = answer.json["next_cursor"]
        if cursor is None:
            assert "Link" not in answer.headers
            return rows
        assert answer.headers["X-Next-Cursor"] == cursor
        assert f"cursor={cursor}" in answer.headers["Link"] and 'rel="next"' in answer.headers["Link"]
        assert pages < 50


def test_products_walk_page_by_page_each_once_in_id_order(client, open_world):
    rows = walk(client, f"{API}/products", limit=3)
    assert [r["id"] for r in rows] == [f"p-{n:02d}" for n in range(7)]
    assert {r["id"]: r["official"] for r in rows}["p-06"] is False
    assert {r["id"]: r["edition"] for r in rows}["p-05"] == 2
    assert all(r["vendor_name"] == "Công ty Mở" for r in rows)
    assert "p-draft" not in {r["id"] for r in rows}


def test_a_cursor_stays_put_when_rows_are_added_before_it(client, open_world, factory, session):
    first = client.get(f"{API}/products", query_string={"limit": 3}).json
    factory.listing("published", id="p-00a", vendor_id="v-open")  # sorts inside the page already read
    session.commit()
    second = client.get(f"{API}/products", query_string={"limit": 3, "cursor": first["next_cursor"]}).json
    assert [r["id"] for r in second["items"]] == ["p-03", "p-04", "p-05"]


def test_an_answer_carries_an_etag_and_a_matching_if_none_match_gets_304(client, open_world, factory,
                                                                         session):
    answer = client.get(f"{API}/products")
    etag = answer.headers["ETag"]
    assert answer.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(f"{API}/products", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == etag
    assert client.get(f"{API}/products", headers={"If-None-Match": '"other"'}).status_code == 200
    factory.listing("published", id="p-99", vendor_id="v-open")
    session.commit()
    changed = client.get(f"{API}/products", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_editions_and_a_past_edition_that_may_be_kept_for_a_day(client, open_world):
    editions = client.get(f"{API}/editions").json["items"]
    assert [(e["number"], e["products"], e["current"]) for e in editions] == [(1, 5, False), (2, 6, True)]
    past = client.get(f"{API}/editions/1/products")
    assert [r["id"] for r in past.json["items"]] == [f"p-{n:02d}" for n in range(5)]
    assert past.headers["Cache-Control"] == "public, max-age=86400"
    assert client.get(f"{API}/editions/2/products").headers["Cache-Control"] == "public, max-age=300"
    assert client.get(f"{API}/editions/9/products").status_code == 404
    paged = walk(client, f"{API}/editions/2/products", limit=4)
    assert [r["id"] for r in paged] == [f"p-{n:02d}" for n in range(6)]


def test_vendors_show_public_fields_only_and_only_vendors_with_public_products(client, open_world):
    rows = client.get(f"{API}/vendors").json["items"]
    assert rows == [{"id": "v-open", "name": "Công ty Mở", "province": "Hà Nội", "website": "https://mo.vn",
                     "description": "Phần mềm cho DNNVV", "products": 7}]
    text = client.get(f"{API}/vendors", query_string={"format": "csv"}).data.decode("utf-8-sig")
    for private in ("0109999999", "0901234567", "giamdoc@", "Phố Huế"):
        assert private not in text


def test_indicators_never_show_a_group_of_fewer_than_five_smes(client, open_world):
    rows = client.get(f"{API}/indicators", query_string={"by": "province"}).json["items"]
    assert [(r["month"], r["key"], r["smes"], r["contracts"], r["value_vnd"]) for r in rows] == [
        ("2026-03", "Hà Nội", 6, 6, 6_000_000), ("2026-03", "_other", 5, 5, 5_000_000)]
    assert all(r["smes"] >= 5 for r in rows)
    by_size = client.get(f"{API}/indicators", query_string={"by": "size", "to": "2026-03"}).json["items"]
    assert [(r["key"], r["label"], r["smes"]) for r in by_size] == [("small", by_size[0]["label"], 11)]
    assert client.get(f"{API}/indicators", query_string={"from": "2026-04"}).json["items"] == []
    paged = walk(client, f"{API}/indicators", limit=1)
    assert [(r["month"], r["key"]) for r in paged] == [("2026-03", "Hà Nội"), ("2026-03", "_other")]


def test_csv_pages_have_a_header_row_and_the_same_rows(client, open_world):
    answer = client.get(f"{API}/products", query_string={"format": "csv", "limit": 2})
    assert answer.mimetype == "text/csv" and "ETag" in answer.headers and "Link" in answer.headers
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "name", "vendor_id", "vendor_name"]
    assert [r[0] for r in rows[1:]] == ["p-00", "p-01"]
    assert rows[1][rows[0].index("official")] == "true"
    assert rows[1][rows[0].index("pricing_models")] == "type=subscription"


def test_bad_parameters_are_refused_naming_the_field(client, open_world):
    for query, field in (({"limit": "0"}, "limit"), ({"limit": "1001"}, "limit"), ({"limit": "²"}, "limit"),
                         ({"format": "xml"}, "format"), ({"cursor": "garbage!"}, "cursor"),
                         ({"cursor": cursors.encode("vendors", ["v-open"])}, "cursor")):
        answer = client.get(f"{API}/products", query_string=query)
        assert answer.status_code == 422 and field in answer.json["error"]["fields"], (query, answer.json)
    for query, field in (({"by": "vendor"}, "by"), ({"from": "2026-13"}, "from"), ({"to": "26-01"}, "to")):
        answer = client.get(f"{API}/indicators", query_string=query)
        assert answer.status_code == 422 and field in answer.json["error"]["fields"], (query, answer.json)


def test_the_dcat_catalog_describes_every_dataset_with_json_and_csv(client, open_world):
    answer = client.get(f"{API}/catalog.jsonld")
    assert answer.mimetype == "application/ld+json" and "ETag" in answer.headers
    document = answer.get_json(force=True)
    assert document["@type"] == "dcat:Catalog" and "dcat" in document["@context"]
    datasets = {d["dct:identifier"]: d for d in document["dcat:dataset"]}
    assert set(datasets) == {"products", "vendors", "indicators-province", "indicators-sector",
                             "indicators-size", "edition-1", "edition-2"}
    for dataset in datasets.values():
        assert {d["dct:format"] for d in dataset["dcat:distribution"]} == {"JSON", "CSV"}
        assert {t["@language"] for t in dataset["dct:title"]} == {"vi", "en"}
        for distribution in dataset["dcat:distribution"]:
            path = distribution["dcat:downloadURL"].removeprefix("http://localhost")
            assert client.get(path).status_code == 200, path
    assert datasets["edition-1"]["dct:accrualPeriodicity"].endswith("/NEVER")
