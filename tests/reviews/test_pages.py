"""Reviews over HTTP: the SME writes from its dashboard, the officer publishes, the product and vendor
pages show the summary and the review with its badge, the vendor replies; refusals change nothing."""

from sqlalchemy import select

from reviews.models import Review
from tests.contracts.test_pages import Browser
from tests.reviews.builders import deal

FORM = {
    "rating": "4",
    "ease_of_use": "5",
    "support": "",
    "value_for_money": "4",
    "sector_fit": "",
    "title": "Hóa đơn nhanh hơn",
    "body": "Xuất hóa đơn trong vài giây, nhân viên quen sau một tuần.",
    "work_change": "Kế toán bớt hai ngày nhập liệu mỗi tháng.",
}


def test_the_journey_from_writing_to_the_vendors_reply(app, session, factory):
    d = deal(session, factory)
    officer = factory.user("officer")
    session.commit()
    sme = Browser(app, d.sme_user)
    dashboard = sme.get("/sme/").get_data(as_text=True)
    assert f"/reviews/new/{d.contract.id}" in dashboard
    url = f"/reviews/new/{d.contract.id}"
    assert "Hợp đồng đã xác thực" in sme.get(url).get_data(as_text=True)
    answer = sme.post(url, FORM, url)
    assert answer.status_code == 302
    review = session.scalars(select(Review)).one()
    assert (review.rating, review.ease_of_use, review.support, review.status) == (4, 5, None, "pending")
    product = f"/products/{d.listing.id}"
    assert "Hóa đơn nhanh hơn" not in sme.get(product).get_data(as_text=True)

    moderation = Browser(app, officer)
    assert "Hóa đơn nhanh hơn" in moderation.get("/officer/reviews").get_data(as_text=True)
    assert (
        moderation.post(
            f"/officer/reviews/{review.id}/approve", {"reason": "", "note": ""}, "/officer/reviews"
        ).status_code
        == 302
    )
    page = Browser(app).get(product).get_data(as_text=True)
    assert "Hóa đơn nhanh hơn" in page and "Hợp đồng đã xác thực" in page
    assert "1 đánh giá" in page and "Dễ sử dụng" in page and "Kế toán bớt hai ngày" in page
    assert "Hóa đơn nhanh hơn" in Browser(app).get(f"/vendors/{d.listing.vendor_id}").get_data(as_text=True)

    vendor = Browser(app, d.vendor_user)
    assert (
        vendor.post(
            f"/reviews/{review.id}/reply", {"reply": "Cảm ơn anh chị."}, "/vendor/reviews"
        ).status_code
        == 302
    )
    assert "Cảm ơn anh chị." in Browser(app).get(product).get_data(as_text=True)
    assert "Đăng trả lời" not in vendor.get("/vendor/reviews").get_data(as_text=True)  # once


def test_a_bad_form_names_the_fields_and_saves_nothing(app, session, factory):
    d = deal(session, factory)
    session.commit()
    url = f"/reviews/new/{d.contract.id}"
    answer = Browser(app, d.sme_user).post(url, {**FORM, "rating": "7", "body": "ok"}, url)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Từ 20 đến 5.000 ký tự." in page
    assert session.scalar(select(Review.id)) is None


def test_a_contract_too_recent_is_refused_with_the_day_it_may_be_reviewed(app, session, factory):
    d = deal(session, factory, days_ago=3)
    session.commit()
    sme = Browser(app, d.sme_user)
    assert "30 ngày sau khi hợp đồng được ghi nhận" in sme.get("/sme/").get_data(as_text=True)
    url = f"/reviews/new/{d.contract.id}"
    assert sme.post(url, FORM, "/sme/").status_code == 302
    assert session.scalar(select(Review.id)) is None


def test_the_product_page_in_english(app, session, factory):
    d = deal(session, factory)
    session.commit()
    reader = Browser(app)
    reader.post("/lang/en", {"next": "/"}, page="/")
    page = reader.get(f"/products/{d.listing.id}").get_data(as_text=True)
    assert "No reviews yet." in page
