"""Public catalog pages, exports of the current edition, and the public JSON API."""

import csv
import io
from datetime import date

import pytest
from flask import g
from openpyxl import load_workbook
from sqlalchemy import select

from catalog import services
from catalog.models import Listing
from tests.conftest import form_post


@pytest.fixture
def catalog(factory, session):
    """Three public listings in edition 1, one draft, one suspended."""
    vendor = factory.vendor(name="Công ty CP Giải pháp số An Phát")
    hotel = factory.listing(
        vendor_id=vendor.id,
        name="Quản lý khách sạn Sen Vàng",
        categories=["booking"],
        sectors=["tourism"],
        readiness_min=1,
        readiness_max=3,
        regions=["Huế", "Đà Nẵng"],
        price_monthly_vnd=350_000,
        company_sizes=["micro", "small"],
        pricing_models=[{"type": "subscription"}, {"type": "use_first_pay_later", "free_months": 3}],
    )
    invoice = factory.listing(
        vendor_id=vendor.id,
        name="Hóa đơn điện tử An Phát",
        categories=["e_invoice"],
        price_monthly_vnd=99_000,
        pricing_models=[{"type": "subscription"}, {"type": "one_time", "price_vnd": 1_100_000}],
    )
    erp = factory.listing(
        name="ERP Kim Sơn",
        categories=["digital_management", "production_management"],
        sectors=["manufacturing"],
        readiness_min=3,
        readiness_max=5,
        price_monthly_vnd=4_500_000,
        pricing_models=[
            {"type": "co_investment", "vendor_share_pct": 40},
            {"type": "revenue_sharing", "revenue_share_pct": 2.5, "monthly_cap_vnd": 5_000_000},
        ],
    )
    factory.listing("draft", name="Bản nháp bí mật")
    factory.listing("suspended", name="Sản phẩm tạm ngừng")
    services.publish_edition(session, factory.user("officer"), "12/QĐ-SKHCN", date(2026, 7, 15), "Đợt 1")
    session.commit()
    return {"hotel": hotel, "invoice": invoice, "erp": erp, "vendor": vendor}


def test_catalog_lists_public_listings_only(client, catalog):
    html = client.get("/").get_data(as_text=True)
    for name in ("Quản lý khách sạn Sen Vàng", "Hóa đơn điện tử An Phát", "ERP Kim Sơn"):
        assert name in html
    assert "Bản nháp bí mật" not in html and "Sản phẩm tạm ngừng" not in html
    assert "ấn bản số 1" in html and "12/QĐ-SKHCN" in html and "15/07/2026" in html
    assert "350.000 ₫" in html and "Danh mục chính thức" in html


def test_filters_and_counts_work_with_a_plain_get_form(client, catalog):
    html = client.get("/?level=2&sector=tourism").get_data(as_text=True)
    assert "Quản lý khách sạn Sen Vàng" in html and "Hóa đơn điện tử An Phát" in html
    assert "ERP Kim Sơn" not in html  # readiness 3-5 and built for manufacturing
    assert "2 sản phẩm" in html
    html = client.get("/?pricing=use_first_pay_later&region=Huế&size=micro&price=200k_500k").get_data(
        as_text=True
    )
    assert "Quản lý khách sạn Sen Vàng" in html and "1 sản phẩm" in html
    html = client.get("/?category=e_invoice&price_min=100000").get_data(as_text=True)
    assert "0 sản phẩm" in html and "Không có sản phẩm nào khớp" in html
    assert client.get("/?level=abc&category=unknown&page=99").status_code == 200


def test_product_page_explains_pricing_in_plain_vietnamese(client, catalog):
    html = client.get(f"/products/{catalog['erp'].id}").get_data(as_text=True)
    assert "Đồng đầu tư" in html and "nhà cung cấp chịu 40% chi phí" in html
    assert "2,5% doanh thu do giải pháp mang lại, tối đa 5.000.000 ₫/tháng" in html
    assert "Mức 3 (Hình thành) – mức 5 (Dẫn dắt)" in html
    html = client.get(f"/products/{catalog['hotel'].id}").get_data(as_text=True)
    assert "miễn phí 3 tháng đầu, sau đó 350.000 ₫/tháng" in html


def test_unpublished_products_and_unknown_vendors_are_not_found(client, catalog, session):
    hidden = session.scalars(select(Listing).where(Listing.status.in_(("draft", "suspended")))).all()
    for listing in hidden:
        assert client.get(f"/products/{listing.id}").status_code == 404
    assert client.get("/vendors/no-such-vendor").status_code == 404


def test_vendor_page_lists_its_public_products(client, catalog):
    html = client.get(f"/vendors/{catalog['vendor'].id}").get_data(as_text=True)
    assert "Công ty CP Giải pháp số An Phát" in html
    assert "Quản lý khách sạn Sen Vàng" in html and "ERP Kim Sơn" not in html


def test_exports_of_the_current_edition(client, catalog):
    response = client.get("/editions/1/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"  # the charset once
    for kind, content_type in (("json", "application/json; charset=utf-8"),
                               ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        assert client.get(f"/editions/1/export.{kind}").headers["Content-Type"] == content_type
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Mã sản phẩm", "Tên sản phẩm", "Nhà cung cấp"] and len(rows) == 4
    hotel = next(r for r in rows if r[1] == "Quản lý khách sạn Sen Vàng")
    assert "Dùng trước - trả sau: miễn phí 3 tháng đầu" in hotel[12] and hotel[10] == "350000"

    book = load_workbook(io.BytesIO(client.get("/api/v1/catalog?format=xlsx").data))
    sheet = book.active
    assert "Ấn bản số 1" in sheet["A1"].value and sheet["B2"].value == "Tên sản phẩm"
    assert sheet.max_row == 5

    document = client.get("/api/v1/catalog").get_json()
    assert document["format"] == "sme-catalog/1" and document["edition"]["decision_number"] == "12/QĐ-SKHCN"
    assert {p["id"] for p in document["products"]} == {catalog[k].id for k in ("hotel", "invoice", "erp")}
    assert len(document["vendors"]) == 2


def test_api_errors_are_json(client, catalog):
    bad = client.get("/api/v1/catalog?format=pdf")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "bad_format"
    missing = client.get("/api/v1/catalog?edition=7")
    assert missing.status_code == 404 and "error" in missing.get_json()
    listing = client.get(f"/api/v1/listings/{catalog['hotel'].id}").get_json()
    assert listing["official"] is True and listing["edition"]["number"] == 1
    assert listing["vendor_name"] == "Công ty CP Giải pháp số An Phát"


def test_no_edition_yet(client, factory):
    factory.listing()
    assert client.get("/api/v1/catalog").status_code == 404
    assert "Chưa có ấn bản danh mục chính thức" in client.get("/").get_data(as_text=True)


def test_pages_switch_to_english(client, catalog):
    assert form_post(client, "/lang/en", {"next": "/"}, page="/").status_code == 302
    g.pop("_flask_babel", None)  # requests share the test's app context, where Flask-Babel caches the locale
    html = client.get(f"/products/{catalog['hotel'].id}").get_data(as_text=True)
    assert "Use first, pay later" in html and "free for the first 3 months, then 350.000 ₫/month" in html
    assert "Level 1 (Starting) – level 3 (Forming)" in html
    assert client.get("/?level=2").status_code == 200
