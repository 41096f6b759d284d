"""The catalog's review decisions and the SME's payments tell the people who wait on them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from catalog import services as catalog
from core import jobs, transaction
from notifications.models import Notification
from payments.billing import run_billing
from payments.gateway import StripeGateway
from payments.models import Instalment
from payments.services import ensure_schedule
from tests.factories import Factory
from tests.payments.builders import signed_contract


def _told(session, user) -> list[tuple[str, dict]]:
    return [(n.event, n.context) for n in session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))]


def test_each_review_decision_tells_the_vendors_members(mail_session, mail_app, people, mailbox):
    factory = Factory(mail_session, mail_app.extensions["passwords"])
    vendor = factory.vendor()
    member, other_member = people("vendor", vendor_id=vendor.id), people("vendor", vendor_id=vendor.id)
    outsider = people("vendor")
    officer = people("officer")
    decisions = [("approve", None), ("request_changes", "Bổ sung bảng giá theo tháng."),
                 ("reject", "Không phải giải pháp chuyển đổi số.")]
    for action, reason in decisions:
        listing = factory.listing("submitted", vendor_id=vendor.id, name=f"Phần mềm {action}")
        catalog.act(mail_session, officer, listing, action, reason)
    transaction.commit(mail_session)

    told = _told(mail_session, member)
    assert [event for event, _ in told] == ["catalog.listing_approved", "catalog.listing_changes_requested",
                                            "catalog.listing_rejected"]
    assert told[1][1] == {"product": "Phần mềm request_changes", "reason": "Bổ sung bảng giá theo tháng."}
    assert len(_told(mail_session, other_member)) == 3 and _told(mail_session, outsider) == []
    subjects = [mailbox.subject(m) for m in mailbox.for_(member.email)]
    assert subjects == ["Phần mềm approve đã được duyệt và đăng trên danh mục",
                        "Phần mềm request_changes cần chỉnh sửa trước khi được duyệt",
                        "Phần mềm reject không được duyệt"]
    assert "Không phải giải pháp chuyển đổi số." in mailbox.text(mailbox.for_(member.email)[2])


def test_a_charge_that_fails_and_an_instalment_falling_due_tell_the_sme(mail_session, mail_app, people,
                                                                        mailbox):
    factory = Factory(mail_session, mail_app.extensions["passwords"])
    buyer = people("sme")
    listing = factory.listing("published")
    failing = signed_contract(mail_session, buyer.sme_id, listing.id, listing.vendor_id,
                              {"type": "one_time"}, value_vnd=500_000)
    ensure_schedule(mail_session, failing)
    later = signed_contract(mail_session, buyer.sme_id, listing.id, listing.vendor_id, {"type": "one_time"},
                            value_vnd=700_000, start_date=date(2026, 9, 1))
    [instalment] = ensure_schedule(mail_session, later)
    transaction.commit(mail_session)

    # No card saved: the run records a failed charge without calling Stripe.
    report = run_billing(mail_session, StripeGateway(None, "whsec"), date(2026, 8, 1))
    assert report.failed and report.failed[0][2] == "no_card"
    [(event, context)] = _told(mail_session, buyer)
    assert event == "payments.failed" and context["amount"] == "500.000 ₫"
    assert mailbox.subject(mailbox.for_(buyer.email)[0]) == (
        f"Thanh toán kỳ 1 của {failing.id} không thành công")

    before = instalment.due_date - timedelta(days=3)
    jobs.run("payments.due_notices", f"payments.due_notices:{before}", None, {"on": before.isoformat()})
    jobs.run("payments.due_notices", f"payments.due_notices:{before}", None, {"on": before.isoformat()})
    due = [c for e, c in _told(mail_session, buyer) if e == "payments.due"]
    assert due == [{"contract": later.id, "seq": 1, "due": instalment.due_date.strftime("%d/%m/%Y"),
                    "amount": "700.000 ₫"}]
    assert mail_session.get(Instalment, instalment.id).status == "scheduled"


def test_the_daily_billing_job_runs_once_a_day(mail_session, mail_app, people):
    factory = Factory(mail_session, mail_app.extensions["passwords"])
    buyer = people("sme")
    listing = factory.listing("published")
    ensure_schedule(mail_session, signed_contract(mail_session, buyer.sme_id, listing.id, listing.vendor_id,
                                                  {"type": "one_time"}, value_vnd=500_000))
    transaction.commit(mail_session)
    first = jobs.run("payments.billing", "payments.billing:2026-08-01", None, {"on": "2026-08-01"})
    again = jobs.run("payments.billing", "payments.billing:2026-08-01", None, {"on": "2026-08-01"})
    assert [f["code"] for f in first["failed"]] == ["no_card"] and again is None
    assert mail_session.get(jobs.JobRun, "payments.billing:2026-08-01").result["failed"] == first["failed"]
    assert [e for e, _ in _told(mail_session, buyer)] == ["payments.failed"]  # told once


def test_a_suspension_for_cause_and_the_reinstatement_tell_the_vendors_members(mail_session, mail_app, people,
                                                                                mailbox):
    """A published listing suspended (a complaint upheld, a fraud flag confirmed, a lapse) leaves the
    catalog: its vendor is told so, apart from other notices, with the reason; and again when an officer
    publishes it again."""
    factory = Factory(mail_session, mail_app.extensions["passwords"])
    vendor = factory.vendor()
    member = people("vendor", vendor_id=vendor.id)
    officer = people("officer")
    listing = factory.listing("published", vendor_id=vendor.id, name="Sổ bán hàng Hoa Mai")
    catalog.act(mail_session, officer, listing, "suspend", "Khiếu nại số 7 đúng: không hỗ trợ như cam kết.")
    catalog.act(mail_session, officer, listing, "republish", "Đã khắc phục, hỗ trợ trong ngày.")
    transaction.commit(mail_session)

    told = _told(mail_session, member)
    assert told == [
        ("catalog.listing_suspended", {"product": "Sổ bán hàng Hoa Mai",
                                       "reason": "Khiếu nại số 7 đúng: không hỗ trợ như cam kết."}),
        ("catalog.listing_republished", {"product": "Sổ bán hàng Hoa Mai",
                                         "reason": "Đã khắc phục, hỗ trợ trong ngày."})]
    mails = mailbox.for_(member.email)
    assert [mailbox.subject(m) for m in mails] == ["Sổ bán hàng Hoa Mai bị tạm ngừng trên danh mục",
                                                   "Sổ bán hàng Hoa Mai được công bố lại trên danh mục"]
    assert "Khiếu nại số 7 đúng" in mailbox.text(mails[0])
    assert _told(mail_session, officer) == []
