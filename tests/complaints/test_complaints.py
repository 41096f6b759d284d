"""Complaints over the database (SQLite and PostgreSQL) and HTTP: filing about one's own signed contract,
the answer deadline in working days, the vendor's answer, an officer's closing, the reports."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from complaints import services
from complaints.models import Complaint
from core.audit import AuditEntry
from core.domain import InvalidTransition, NotFound, ValidationFailed
from tests.contracts.test_pages import Browser
from tests.reviews.builders import deal

TEXT = "Hóa đơn xuất sai mã số thuế ba lần, nhà cung cấp chưa sửa sau hai tuần."
# Wednesday 11 February 2026, 10:00 in Hà Nội: ten working days later skips Tết (16-20 February).
FILED = datetime(2026, 2, 11, 3, tzinfo=UTC)


def test_an_sme_files_about_its_own_signed_contract_with_the_deadline_in_working_days(session, factory):
    d = deal(session, factory)
    complaint = services.file(session, d.sme_user, d.contract.id, "billing", TEXT, "HĐ 0001234", now=FILED)
    assert (complaint.status, complaint.answer_due_on) == ("awaiting_vendor", date(2026, 3, 4))
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "complaint.filed")).one()
    assert entry.data["answer_due_on"] == "2026-03-04"
    other = deal(session, factory)
    with pytest.raises(NotFound):
        services.file(session, other.sme_user, d.contract.id, "billing", TEXT)
    unsigned = deal(session, factory, days_ago=None)
    with pytest.raises(NotFound):
        services.file(session, unsigned.sme_user, unsigned.contract.id, "billing", TEXT)


def test_bad_input_names_the_field(session, factory):
    d = deal(session, factory)
    with pytest.raises(ValidationFailed) as refused:
        services.file(session, d.sme_user, d.contract.id, "weather", TEXT)
    assert set(refused.value.fields) == {"category"}
    with pytest.raises(ValidationFailed) as refused:
        services.file(session, d.sme_user, d.contract.id, "quality", "ngắn")
    assert set(refused.value.fields) == {"description"}
    assert session.scalar(select(Complaint.id)) is None


def test_the_vendor_answers_the_officer_mediates_and_closes(session, factory):
    d = deal(session, factory)
    complaint = services.file(session, d.sme_user, d.contract.id, "quality", TEXT, now=FILED)
    stranger = factory.user("vendor")
    with pytest.raises(NotFound):
        services.post(session, stranger, complaint.id, "Không phải của chúng tôi.")
    services.post(session, d.vendor_user, complaint.id, "Đã sửa mẫu hóa đơn, gửi lại bản đúng.")
    assert complaint.status == "answered"
    officer = factory.user("officer")
    services.post(session, officer, complaint.id, "Đề nghị hai bên đối chiếu ba hóa đơn.")
    with pytest.raises(ValidationFailed):
        services.close(session, officer, complaint.id, "maybe", "Xem xét")
    services.close(session, officer, complaint.id, "upheld", "Hóa đơn sai do lỗi phần mềm.")
    assert (complaint.status, complaint.outcome) == ("closed", "upheld")
    assert [m.side for m in complaint.messages] == ["vendor", "officer"]
    with pytest.raises(InvalidTransition):
        services.post(session, d.sme_user, complaint.id, "Cảm ơn.")
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "complaint")).all()
    assert actions == ["complaint.filed", "complaint.answered", "complaint.message", "complaint.closed"]


def test_an_upheld_complaint_may_suspend_the_product_for_cause(session, factory):
    d = deal(session, factory)
    officer = factory.user("officer")
    first = services.file(session, d.sme_user, d.contract.id, "quality", TEXT, now=FILED)
    with pytest.raises(ValidationFailed) as refused:
        services.close(session, officer, first.id, "not_upheld", "Không đúng.", suspend=True)
    assert set(refused.value.fields) == {"suspend"} and d.listing.status == "published"
    services.close(session, officer, first.id, "upheld", "Phần mềm mất dữ liệu hai lần.", suspend=True)
    session.refresh(d.listing)
    assert d.listing.status == "suspended"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "listing.suspend")).one()
    assert entry.reason == f"Khiếu nại số {first.id} đúng: Phần mềm mất dữ liệu hai lần."


def test_reports_by_vendor_and_category_count_unresolved_overdue_and_outcomes(session, factory):
    first, second = deal(session, factory), deal(session, factory)
    officer = factory.user("officer")
    a = services.file(session, first.sme_user, first.contract.id, "billing", TEXT, now=FILED)
    services.file(session, first.sme_user, first.contract.id, "support", TEXT, now=FILED)
    b = services.file(session, second.sme_user, second.contract.id, "billing", TEXT, now=FILED)
    services.close(session, officer, a.id, "upheld", "Đúng.")
    services.close(session, officer, b.id, "not_upheld", "Không đúng.")
    today = date(2026, 3, 10)  # after the answer was due
    by_vendor = {r.key: r for r in services.report(session, "vendor", today)}
    row = by_vendor[first.listing.vendor_id]
    assert (row.total, row.unresolved, row.overdue, row.upheld, row.not_upheld) == (2, 1, 1, 1, 0)
    by_category = {
        r.key: (r.total, r.upheld, r.not_upheld) for r in services.report(session, "category", today)
    }
    assert by_category == {"billing": (2, 1, 1), "support": (1, 0, 0)}
    assert services.report(session, "category", today, date(2026, 3, 1), date(2026, 3, 31)) == []
    assert services.unresolved(session, first.listing.id) == 1


def test_the_pages_from_filing_to_closing(app, session, factory):
    d = deal(session, factory)
    officer, stranger = factory.user("officer"), factory.user("sme")
    session.commit()
    sme = Browser(app, d.sme_user)
    assert f"/complaints/new/{d.contract.id}" in sme.get("/complaints/").get_data(as_text=True)
    url = f"/complaints/new/{d.contract.id}"
    answer = sme.post(url, {"category": "quality", "description": "ngắn", "attachments": ""}, url)
    assert answer.status_code == 422 and "Từ 20 đến 5.000 ký tự." in answer.get_data(as_text=True)
    answer = sme.post(url, {"category": "quality", "description": TEXT, "attachments": ""}, url)
    assert answer.status_code == 302
    complaint = session.scalars(select(Complaint)).one()
    page = f"/complaints/{complaint.id}"
    vendor = Browser(app, d.vendor_user)
    assert TEXT in vendor.get(page).get_data(as_text=True)
    vendor.post(f"{page}/message", {"text": "Đã cử kỹ thuật viên đến sửa."}, page)
    staff = Browser(app, officer)
    assert f"Khiếu nại số {complaint.id}" in staff.get("/officer/complaints/").get_data(as_text=True)
    staff.post(
        f"/officer/complaints/{complaint.id}/close", {"outcome": "not_upheld", "reason": "Đã sửa kịp."}, page
    )
    shown = sme.get(page).get_data(as_text=True)
    assert "Khiếu nại không đúng" in shown and "Đã cử kỹ thuật viên đến sửa." in shown
    report = staff.get("/officer/complaints/report?by=category").get_data(as_text=True)
    assert "Chất lượng, lỗi sản phẩm" in report
    assert Browser(app, stranger).get(page).status_code == 404


def test_the_parties_are_told_at_each_step(session, factory):
    from notifications.models import Notification

    d = deal(session, factory)
    complaint = services.file(session, d.sme_user, d.contract.id, "billing", TEXT, now=FILED)
    services.post(session, d.vendor_user, complaint.id, "Đã xuất lại hóa đơn đúng mã số thuế.")
    services.close(session, factory.user("officer"), complaint.id, "not_upheld", "Đã khắc phục.")
    told = [(n.user_id, n.event) for n in session.scalars(select(Notification).order_by(Notification.id))]
    assert told[:2] == [(d.vendor_user.id, "complaints.filed"), (d.sme_user.id, "complaints.answered")]
    assert set(told[2:]) == {(d.sme_user.id, "complaints.closed"), (d.vendor_user.id, "complaints.closed")}
