"""Vendor members create, edit, submit and withdraw listings through the forms; they add members."""

from sqlalchemy import select

from catalog.models import Listing
from catalog.queries import public_product
from tests.conftest import form_post

FORM = {
    "name": "Phần mềm quản lý homestay Mây Trắng",
    "summary": "Quản lý đặt phòng, kênh OTA và hóa đơn cho homestay.",
    "description": "Đồng bộ lịch phòng với Booking, Agoda; nhận thanh toán VietQR.",
    "categories": ["booking", "sales_pos"],
    "sectors": ["tourism"],
    "readiness_min": "1",
    "readiness_max": "3",
    "company_sizes": ["micro"],
    "regions": "Huế, Đà Nẵng",
    "deployment": "cloud",
    "price_monthly_vnd": "250.000",
    "setup_fee_vnd": "1.000.000 ₫",
    "pricing_models-0-type": "subscription",
    "pricing_models-1-type": "use_first_pay_later",
    "pricing_models-1-free_months": "2",
    "pricing_models-2-type": "revenue_sharing",
    "pricing_models-2-revenue_share_pct": "2,5",
    "pricing_models-2-monthly_cap_vnd": "3.000.000",
    "pricing_models-3-type": "one_time",
    "pricing_models-3-price_vnd": "",
    "languages": "vi, en",
    "integrations": "zalo, vietqr, booking",
}


def test_create_listing_with_every_product_field(client, logged_in, factory, session):
    member = factory.user("vendor")
    logged_in(member)
    form = {**FORM, "pricing_models-3-price_vnd": "5.000.000"}
    response = form_post(client, "/vendor/listings/new", form, page="/vendor/listings/new")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    listing = session.scalars(select(Listing).where(Listing.vendor_id == member.vendor_id)).one()
    product = listing.working_revision.to_product(listing.vendor_id).to_dict()
    assert product == {
        "id": listing.id,
        "vendor_id": member.vendor_id,
        "name": FORM["name"],
        "summary": FORM["summary"],
        "description": FORM["description"],
        "categories": ["booking", "sales_pos"],
        "sectors": ["tourism"],
        "readiness_min": 1,
        "readiness_max": 3,
        "company_sizes": ["micro"],
        "regions": ["Huế", "Đà Nẵng"],
        "deployment": "cloud",
        "price_monthly_vnd": 250_000,
        "setup_fee_vnd": 1_000_000,
        "pricing_models": [
            {"type": "subscription"},
            {"type": "use_first_pay_later", "free_months": 2},
            {"type": "revenue_sharing", "revenue_share_pct": 2.5, "monthly_cap_vnd": 3_000_000},
            {"type": "one_time", "price_vnd": 5_000_000},
        ],
        "languages": ["vi", "en"],
        "integrations": ["zalo", "vietqr", "booking"],
    }
    assert listing.status == "draft"
    page = f"/vendor/listings/{listing.id}"
    assert form_post(client, f"{page}/submit", page=page).status_code == 302
    session.refresh(listing)
    assert listing.status == "submitted"


def test_form_errors_name_each_problem_and_save_nothing(client, logged_in, factory, session):
    member = factory.user("vendor")
    logged_in(member)
    bad = {
        **FORM,
        "categories": [],
        "sectors": [],
        "readiness_min": "4",
        "readiness_max": "2",
        "price_monthly_vnd": "",
        "pricing_models-2-revenue_share_pct": "",
        "setup_fee_vnd": "nhiều tiền",
        "pricing_models-3-price_vnd": "",
        "pricing_models-4-type": "subscription",
    }
    response = form_post(client, "/vendor/listings/new", bad, page="/vendor/listings/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for message in (
        "Chọn ít nhất một lĩnh vực.",
        "Phù hợp mọi ngành nghề",
        "Mức cao nhất phải lớn hơn hoặc bằng mức thấp nhất.",
        "Cần giá hằng tháng cho hình thức Thuê bao",
        "Cần nhập cho hình thức Chia sẻ doanh thu.",
        "Cần nhập cho hình thức Mua đứt.",
        "Mỗi hình thức chỉ khai báo một lần.",
        "Nhập một số nguyên không âm",
    ):
        assert message in html, message
    assert session.scalars(select(Listing)).all() == []


def test_amounts_too_large_for_the_database_are_refused_naming_the_field(client, logged_in, factory, session):
    logged_in(factory.user("vendor"))
    huge = "99999999999999999999999"
    bad = {**FORM, "price_monthly_vnd": huge, "pricing_models-2-monthly_cap_vnd": huge}
    response = form_post(client, "/vendor/listings/new", bad, page="/vendor/listings/new")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Giá niêm yết hằng tháng (₫): tối đa 1.000.000.000.000.000." in page
    assert "Mức trần chia sẻ doanh thu mỗi tháng (₫, không bắt buộc): tối đa 1.000.000.000.000.000." in page
    assert session.scalars(select(Listing)).all() == []


def test_a_choice_not_offered_is_refused_in_vietnamese(client, logged_in, factory, session):
    logged_in(factory.user("vendor"))
    bad = {**FORM, "deployment": "on_the_moon", "pricing_models-4-type": "barter"}
    response = form_post(client, "/vendor/listings/new", bad, page="/vendor/listings/new")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Lựa chọn không hợp lệ.") == 2 and "Not a valid choice." not in page
    assert session.scalars(select(Listing)).all() == []


def test_editing_a_published_listing_keeps_the_public_version(client, logged_in, factory, session):
    member = factory.user("vendor")
    listing = factory.listing("published", vendor_id=member.vendor_id, price_monthly_vnd=150_000)
    session.commit()
    logged_in(member)
    edit_page = f"/vendor/listings/{listing.id}/edit"
    html = client.get(edit_page).get_data(as_text=True)
    assert "150.000" in html and "phiên bản mới" in html
    response = form_post(client, edit_page, {**FORM, "pricing_models-3-type": ""}, page=edit_page)
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    assert public_product(session, listing.id).price_monthly_vnd == 150_000
    session.refresh(listing)
    assert listing.working_revision.name == FORM["name"] and listing.status == "published"
    html = client.get(f"/vendor/listings/{listing.id}").get_data(as_text=True)
    assert "Thay đổi so với phiên bản đang công bố" in html and "250.000 ₫" in html

    withdraw = form_post(
        client, f"/vendor/listings/{listing.id}/withdraw", page=f"/vendor/listings/{listing.id}"
    )
    assert withdraw.status_code == 302
    session.refresh(listing)
    assert listing.status == "withdrawn" and public_product(session, listing.id) is None
    assert client.get(edit_page, follow_redirects=True).status_code == 200
    assert "đã được rút khỏi sàn" in client.get(edit_page, follow_redirects=True).get_data(as_text=True)
