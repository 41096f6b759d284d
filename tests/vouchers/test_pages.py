"""The programme and voucher pages over HTTP: create and publish, apply with explained refusals, approve
from the queue, the voucher with its QR code, the dashboard's budget, disbursement and reports."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from core.audit import AuditEntry
from tests.contracts.test_pages import Browser
from vouchers.models import Programme, Voucher, VoucherApplication


def test_an_officer_creates_and_publishes_a_programme_with_decree_80_defaults(app, session, factory):
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    page = browser.get("/officer/programmes/new").get_data(as_text=True)
    assert 'value="20.000.000"' in page and 'value="50"' in page
    answer = browser.post("/officer/programmes/new", {
        "name": "Hỗ trợ DNNVV Hải Phòng", "province": "Hải Phòng", "opens_on": "2026-01-01",
        "closes_on": "2027-12-31", "budget_vnd": "2.000.000.000", "max_share_pct": "50",
        "cap_micro": "20.000.000", "cap_small": "50.000.000", "cap_medium": "100.000.000",
        "categories": ["e_invoice", "accounting"]}, page="/officer/programmes/new")
    assert answer.status_code == 302
    programme = session.scalar(select(Programme))
    assert (programme.budget_vnd, programme.status, programme.categories) == (
        2_000_000_000, "draft", ["e_invoice", "accounting"])
    url = f"/officer/programmes/{programme.id}"
    browser.post(f"{url}/publish", {}, page=url)
    session.refresh(programme)
    assert programme.status == "published"
    public = Browser(app).get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "Hỗ trợ tối đa 50% giá trị hợp đồng" in public and "Chỉ doanh nghiệp ở Hải Phòng." in public


def test_bad_programme_input_names_the_field_and_stores_nothing(app, session, factory):
    officer = factory.user("officer")
    session.commit()
    answer = Browser(app, officer).post("/officer/programmes/new", {
        "name": "X", "opens_on": "2027-05-01", "closes_on": "2027-04-01", "budget_vnd": "mười tỷ",
        "max_share_pct": "50", "cap_micro": "0", "cap_small": "0", "cap_medium": "0"},
        page="/officer/programmes/new")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Ngân sách (₫)" in page and "budget_vnd-error" in page
    assert session.scalar(select(Programme.id)) is None


def test_apply_approve_and_see_the_voucher(app, session, scheme):
    sme = Browser(app, scheme.sme_user)
    product = sme.get(f"/products/{scheme.listing.id}").get_data(as_text=True)
    assert "Xin phiếu hỗ trợ" in product
    url = f"/vouchers/apply/{scheme.listing.id}"
    form = {"programme_id": scheme.programme.id, "product_id": scheme.listing.id,
            "pricing_type": "subscription", "value_vnd": "24.000.000", "months": "12"}
    answer = sme.post(url, form, page=url)
    assert answer.status_code == 302
    application = session.scalar(select(VoucherApplication))
    officer = Browser(app, scheme.officer)
    queue = officer.get("/officer/vouchers/applications").get_data(as_text=True)
    assert "12.000.000 ₫" in queue and "Sản phẩm có trong danh mục chính thức hiện hành." in queue
    officer.post(f"/officer/vouchers/applications/{application.id}/approve", {"reason": ""},
                 page="/officer/vouchers/applications")
    voucher = session.scalar(select(Voucher))
    page = sme.get(f"/vouchers/{voucher.id}").get_data(as_text=True)
    assert voucher.code in page and "<svg" in page and "12.000.000 ₫" in page
    dashboard = officer.get(f"/officer/programmes/{scheme.programme.id}").get_data(as_text=True)
    assert 'id="budget-reserved">12.000.000 ₫' in dashboard and 'id="budget-left">988.000.000 ₫' in dashboard
    assert session.scalar(select(AuditEntry.id).where(AuditEntry.action == "voucher.approved"))


def test_an_ineligible_sme_is_told_why_and_nothing_is_stored(app, session, scheme, factory):
    outsider = factory.user("sme", sme_id=factory.sme(size="small", readiness_level=None, province="Huế").id)
    session.commit()
    url = f"/vouchers/apply/{scheme.listing.id}"
    page = Browser(app, outsider).post(url, {
        "programme_id": scheme.programme.id, "product_id": scheme.listing.id, "pricing_type": "subscription",
        "value_vnd": "24.000.000", "months": "12"}, page=url).get_data(as_text=True)
    assert "Chương trình chỉ dành cho doanh nghiệp ở Hà Nội." in page
    assert "Cần có kết quả đánh giá mức độ sẵn sàng" in page
    assert session.scalar(select(VoucherApplication.id)) is None


def test_rejection_needs_a_reason(app, session, scheme):
    from tests.vouchers.conftest import today
    from vouchers import services

    application = services.apply(session, scheme.sme_user, scheme.programme.id, scheme.listing.id,
                                 "subscription", 24_000_000, 12, today())
    session.commit()
    officer = Browser(app, scheme.officer)
    page = officer.post(f"/officer/vouchers/applications/{application.id}/reject", {"reason": ""},
                        page="/officer/vouchers/applications")
    assert page.status_code == 302
    session.refresh(application)
    assert application.status == "pending"
    officer.post(f"/officer/vouchers/applications/{application.id}/reject", {"reason": "Trùng hồ sơ"},
                 page="/officer/vouchers/applications")
    session.refresh(application)
    assert (application.status, application.reason) == ("rejected", "Trùng hồ sơ")


def test_reports_by_each_dimension(app, session, scheme, voucher_for):
    voucher_for(24_000_000, 12)
    session.commit()
    officer = Browser(app, scheme.officer)
    for by in ("programme", "province", "sector", "size", "category", "vendor", "month"):
        sheet = load_workbook(io.BytesIO(officer.get(f"/officer/vouchers/report.xlsx?by={by}").data)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        assert rows[1][1:3] == [1, 12_000_000], by
    text = officer.get("/officer/vouchers/report.csv?by=category").data.decode("utf-8-sig")
    assert "Hóa đơn điện tử,1,12000000,0,0,0,0" in text


def test_an_officer_revokes_a_voucher_with_a_reason(app, session, scheme, voucher_for):
    voucher = voucher_for(24_000_000, 12)
    session.commit()
    officer = Browser(app, scheme.officer)
    url = f"/officer/programmes/{scheme.programme.id}"
    assert voucher.code in officer.get(url).get_data(as_text=True)
    officer.post(f"/officer/vouchers/{voucher.id}/revoke", {"reason": ""}, page=url)
    session.refresh(voucher)
    assert voucher.status == "issued"
    officer.post(f"/officer/vouchers/{voucher.id}/revoke", {"reason": "Khai sai số lao động"}, page=url)
    session.refresh(voucher)
    session.refresh(scheme.programme)
    assert voucher.status == "revoked" and scheme.programme.reserved_vnd == 0
