"""Interchange import and export on a real database: all or nothing, idempotent, round trip."""

import copy
import json

import pytest
from sqlalchemy import func, select

from catalog.cli import export_command
from catalog.models import CatalogEdition, Listing, ListingRevision
from catalog.queries import current_edition, official_listing_ids, public_products
from core.audit import AuditEntry
from interchange.cli import import_command
from interchange.format import DEV_CATALOG as DEV_FILE
from interchange.sections import ImportRefused, export_document, import_document
from smes.models import Sme
from vendors.models import Vendor


@pytest.fixture(scope="module")
def dev_document():
    return json.loads(DEV_FILE.read_text(encoding="utf-8"))


def _counts(session):
    return tuple(
        session.scalar(select(func.count()).select_from(model))
        for model in (Vendor, Listing, ListingRevision, Sme, CatalogEdition, AuditEntry)
    )


def _by_id(records):
    return {r["id"]: r for r in records}


def test_import_export_round_trip_and_a_second_import_changes_nothing(session, dev_document):
    report = import_document(session, dev_document, publish=True)
    session.commit()
    edition = current_edition(session)
    assert edition.number == 1 and edition.decision_number.startswith("IMPORT-")
    assert report.notes == [f"Đã công bố ấn bản danh mục số 1 (quyết định {edition.decision_number})."]
    assert len(public_products(session)) == len(dev_document["products"])
    assert len(official_listing_ids(session)) == len(dev_document["products"])
    exported = export_document(session)
    for section in ("vendors", "products", "smes"):
        assert _by_id(exported[section]) == _by_id(dev_document[section]), section

    before = _counts(session)
    again = import_document(session, dev_document, publish=True)
    session.commit()
    assert _counts(session) == before
    assert again.notes == [] and not again.changed and current_edition(session).number == 1
    assert {name: again.results[name].unchanged for name in ("vendors", "products", "smes")} == {
        "vendors": len(dev_document["vendors"]),
        "products": len(dev_document["products"]),
        "smes": len(dev_document["smes"]),
    }
    assert export_document(session) == exported


def test_without_publish_products_await_review_and_a_changed_product_gets_one_new_revision(session, factory):
    vendor = factory.vendor()
    product = factory.product(vendor_id=vendor.id).to_dict()
    document = {"format": "sme-catalog/1", "products": [product]}
    import_document(session, document)
    listing = session.get(Listing, product["id"])
    assert (listing.status, listing.working_revision.status) == ("submitted", "submitted")
    import_document(session, document, publish=True)
    assert listing.status == "published" and current_edition(session).number == 1

    changed = {**product, "price_monthly_vnd": 1}
    report = import_document(session, {"format": "sme-catalog/1", "products": [changed]})
    assert report.results["products"].updated == 1
    assert [r.status for r in listing.revisions] == ["approved", "submitted"]
    assert public_products(session)[0].price_monthly_vnd == product["price_monthly_vnd"]


def test_unknown_fields_are_kept_and_exported_back(session, factory):
    vendor = {"id": "v-x", "name": "Công ty X", "founded": 2019}
    product = {**factory.product(vendor_id="v-x").to_dict(), "certifications": ["ISO 27001"]}
    product["pricing_models"] = [{"type": "subscription", "note": "theo năm"}]
    sme = {"id": "s-x", "name": "Hộ kinh doanh Y", "sector": "trade", "zalo_oa": True}
    import_document(
        session,
        {
            "format": "sme-catalog/1",
            "vendors": [vendor],
            "products": [product],
            "smes": [sme],
            "judgments": [],
        },
        publish=True,
    )
    exported = export_document(session)
    assert _by_id(exported["vendors"])["v-x"] == vendor
    assert _by_id(exported["smes"])["s-x"] == sme
    assert _by_id(exported["products"])[product["id"]] == product


def _malformed(document):
    bad = copy.deepcopy(document)
    bad["products"][0]["readiness_min"] = "2"  # wrong type
    bad["products"][1]["categories"] = ["e_invoice", "blockchain"]  # unknown category
    bad["products"][2]["vendor_id"] = "dv-none"  # dangling vendor_id
    bad["products"][3]["readiness_min"], bad["products"][3]["readiness_max"] = 4, 1
    bad["products"][4]["id"] = bad["products"][5]["id"]  # duplicate id
    return bad


def test_a_malformed_file_changes_nothing_and_names_each_bad_record(session, dev_document):
    bad = _malformed(dev_document)
    before = _counts(session)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, bad, publish=True)
    assert _counts(session) == before
    found = {(p.section, p.index, p.record_id, p.field) for p in refused.value.problems}
    p = bad["products"]
    assert found >= {
        ("products", 0, p[0]["id"], "readiness_min"),
        ("products", 1, p[1]["id"], "categories[1]"),
        ("products", 2, p[2]["id"], "vendor_id"),
        ("products", 3, p[3]["id"], "readiness_max"),
        ("products", 5, p[5]["id"], "id"),
    }
    messages = "\n".join(str(problem) for problem in refused.value.problems)
    assert "'blockchain' không có trong danh mục" in messages
    assert "dv-none" in messages and "readiness_min (4) lớn hơn readiness_max (1)" in messages
    assert "id trùng với products[4]" in messages


def test_numbers_too_large_for_the_database_refuse_the_file_naming_record_and_field(session, dev_document):
    bad = copy.deepcopy(dev_document)
    bad["products"][0]["price_monthly_vnd"] = 10**30
    bad["smes"][1]["employees"] = 10**20
    before = _counts(session)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, bad, publish=True)
    assert _counts(session) == before
    found = {(p.section, p.index, p.record_id, p.field) for p in refused.value.problems}
    assert found == {
        ("products", 0, bad["products"][0]["id"], "price_monthly_vnd"),
        ("smes", 1, bad["smes"][1]["id"], "employees"),
    }


def test_a_listing_the_import_may_not_change_is_reported_with_the_format_errors(session, factory):
    withdrawn = factory.listing("withdrawn")
    changed = {**withdrawn.live_revision.to_product(withdrawn.vendor_id).to_dict(), "name": "Tên mới"}
    broken = {**factory.product(vendor_id=withdrawn.vendor_id).to_dict(), "readiness_min": "0"}
    with pytest.raises(ImportRefused) as refused:
        import_document(session, {"format": "sme-catalog/1", "products": [changed, broken]})
    found = {(p.index, p.record_id, p.field) for p in refused.value.problems}
    assert found == {(0, withdrawn.id, None), (1, broken["id"], "readiness_min")}


def test_a_failed_import_of_an_existing_catalog_leaves_it_as_it_was(session, dev_document):
    import_document(session, dev_document, publish=True)
    session.commit()
    before = (_counts(session), export_document(session))
    changed = copy.deepcopy(dev_document)
    changed["products"][0]["name"] = "Tên mới"
    changed["products"][-1]["sectors"] = ["*", "trade"]
    with pytest.raises(ImportRefused):
        import_document(session, changed, publish=True)
    assert (_counts(session), export_document(session)) == before


def test_cli_import_exit_status_and_messages(app, session, tmp_path, dev_document):
    runner = app.test_cli_runner()
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(_malformed(dev_document), ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(import_command, [str(bad_file)])
    assert result.exit_code == 1
    assert "products[1] (id=dp-02), trường categories[1]" in result.output
    assert session.scalar(select(func.count()).select_from(Listing)) == 0

    not_json = tmp_path / "broken.json"
    not_json.write_text("{ không phải json", encoding="utf-8")
    result = runner.invoke(import_command, [str(not_json)])
    assert result.exit_code != 0 and "không phải JSON hợp lệ" in result.output

    good = tmp_path / "dev.json"
    good.write_text(json.dumps(dev_document, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(import_command, [str(good), "--publish"])
    assert result.exit_code == 0, result.output
    assert "ấn bản danh mục số 1" in result.output
    out = tmp_path / "out.json"
    result = runner.invoke(export_command, [str(out), "--edition", "current"])
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["edition"]["number"] == 1
    assert _by_id(exported["products"]) == _by_id(dev_document["products"])
