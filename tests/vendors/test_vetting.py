"""Vetting of vendors over HTTP and the database (SQLite and PostgreSQL): registration with documents,
the officer's decisions (audited, told to the vendor's members in the app and by mail), the vendor's
corrections, and the rule that a vendor submits no listing before its documents are approved."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from accounts.models import User
from catalog import services as catalog
from catalog.models import Listing
from core.audit import AuditEntry
from core.db import utcnow
from core.domain import InvalidTransition
from core.mail import OutboxMail
from interchange.sections import import_document
from notifications.models import Notification
from tests.conftest import csrf_token, form_post, login
from tests.contracts.test_pages import Browser
from vendors import vetting
from vendors.models import Vendor, VendorVetting

TAX_CODE = "0108123456"
PASSWORD = "Mat-khau-moi-2026"


def _documents(**over) -> dict:
    return {
        "business_registration_no": TAX_CODE, "contact_name": "Trần Thị Mai",
        "contact_position": "Giám đốc kinh doanh", "contact_phone": "0912 345 678",
        "contact_email": "Mai.Tran@sonha-soft.vn",
        "ref1_customer": "Công ty TNHH Gốm Bát Tràng", "ref1_contact": "Anh Hùng, 0987 654 321",
        "ref1_uses": "Hóa đơn điện tử",
        "ref2_customer": "HTX Chè Tân Cương", "ref2_contact": "chị Lan, lan@chetancuong.vn",
        "ref2_uses": "Phần mềm bán hàng",
        **over,
    }


def _register(client, email: str = "duc@sonha-soft.vn", tax_code: str = TAX_CODE, **documents):
    return form_post(client, "/register/vendor", {
        "vendor_name": "Công ty TNHH Phần mềm Sơn Hà", "tax_code": tax_code, "province": "Hà Nội",
        "full_name": "Phạm Minh Đức", "email": email, "password": PASSWORD, "confirm": PASSWORD,
        **_documents(**documents),
    }, page="/register/vendor")


def _registered(session) -> tuple[Vendor, User]:
    session.expire_all()
    user = session.scalar(select(User).where(User.email == "duc@sonha-soft.vn"))
    return session.get(Vendor, user.vendor_id), user


def _as_registered(app, user) -> Browser:
    """The registered member's browser (logged in with the password they chose)."""
    browser = Browser(app)
    browser._run(login, user, PASSWORD)
    return browser


def _actions(session, vendor_id: str) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).where(
        AuditEntry.entity_type == "vendor", AuditEntry.entity_id == vendor_id).order_by(AuditEntry.id)))


def test_registration_hands_in_the_documents_for_an_officer(client, session):
    answer = _register(client)
    assert answer.status_code == 302 and answer.headers["Location"] == "/register/check-email"
    vendor, user = _registered(session)
    record = vendor.vetting
    assert (record.status, record.source, record.business_registration_no) == ("submitted", "registration",
                                                                               TAX_CODE)
    assert (record.contact_name, record.contact_position) == ("Trần Thị Mai", "Giám đốc kinh doanh")
    assert (record.contact_phone, record.contact_email) == ("0912 345 678", "mai.tran@sonha-soft.vn")
    assert record.customer_references == [
        {"customer": "Công ty TNHH Gốm Bát Tràng", "contact": "Anh Hùng, 0987 654 321",
         "uses": "Hóa đơn điện tử"},
        {"customer": "HTX Chè Tân Cương", "contact": "chị Lan, lan@chetancuong.vn",
         "uses": "Phần mềm bán hàng"}]
    assert record.submitted_at is not None and record.decided_at is None
    assert _actions(session, vendor.id) == ["vendor.registered", "vendor.vetting_submitted"]
    assert vetting.submission_refusal(session, vendor.id) is not None


BAD_DOCUMENTS = [
    ({"business_registration_no": ""}, "business_registration_no", "Cần nhập số Giấy chứng nhận đăng ký"),
    ({"business_registration_no": "ABC"}, "business_registration_no",
     "Số Giấy chứng nhận đăng ký doanh nghiệp không hợp lệ"),
    ({"contact_name": " "}, "contact_name", "Cần nhập họ và tên người liên hệ"),
    ({"contact_position": ""}, "contact_position", "Cần nhập chức vụ của người liên hệ"),
    ({"contact_phone": ""}, "contact_phone", "Cần nhập số điện thoại của người liên hệ"),
    ({"contact_phone": "12345"}, "contact_phone", "Số điện thoại người liên hệ không hợp lệ"),
    ({"contact_phone": "０９１２３４５６７８"}, "contact_phone", "Số điện thoại người liên hệ không hợp lệ"),
    ({"contact_email": "mai@"}, "contact_email", "Email người liên hệ không hợp lệ"),
    ({"contact_email": "mai tran@sonha.vn"}, "contact_email", "Email người liên hệ không hợp lệ"),
    ({"ref2_customer": "", "ref2_contact": "", "ref2_uses": ""}, "ref2_customer",
     "Cần ít nhất 2 khách hàng tham chiếu"),
    ({"ref2_uses": ""}, "ref2_uses", "Cần ghi khách hàng tham chiếu đang dùng giải pháp nào"),
    ({"ref3_contact": "Ông Tư 0909000111"}, "ref3_customer",
     "Cần nhập tên doanh nghiệp khách hàng tham chiếu"),
    ({"contact_name": "x" * 201}, "contact_name", "Họ và tên người liên hệ: tối đa 200 ký tự"),
    ({"tax_code": "01234"}, "tax_code", "Mã số thuế gồm 10 chữ số"),
]


@pytest.mark.parametrize(("bad", "field", "message"), BAD_DOCUMENTS, ids=[b[1] for b in BAD_DOCUMENTS])
def test_missing_or_malformed_documents_are_named_and_change_nothing(client, session, bad, field, message):
    answer = _register(client, **bad)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422, page[:300]
    assert message in page
    # The message sits under the field it names, tied to it for screen readers.
    assert f'id="{field}-error"' in page
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error"|'
                     rf'aria-describedby="[^"]*{field}-error"[^>]*id="{field}"', page)
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Vendor)) == 0
    assert session.scalar(select(func.count()).select_from(User)) == 0
    assert session.scalar(select(func.count()).select_from(VendorVetting)) == 0


def test_every_problem_of_a_registration_is_named_at_once(client, session):
    page = _register(client, contact_phone="abc", contact_email="", ref1_uses="").get_data(as_text=True)
    for message in ("Số điện thoại người liên hệ không hợp lệ", "Cần nhập email của người liên hệ",
                    "Cần ghi khách hàng tham chiếu đang dùng giải pháp nào"):
        assert message in page
    assert 'value="Trần Thị Mai"' in page  # what was typed stays in the form


def test_joining_an_existing_vendor_asks_no_documents(client, factory, session):
    factory.vendor(tax_code=TAX_CODE)
    session.commit()
    answer = form_post(client, "/register/vendor", {
        "vendor_name": "Sơn Hà", "tax_code": TAX_CODE, "full_name": "Lê Văn Hải", "email": "hai@sonha.vn",
        "password": PASSWORD, "confirm": PASSWORD, "province": "Hà Nội"}, page="/register/vendor")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(VendorVetting)) == 1  # the existing vendor's


def _draft_of(factory, session, vendor_id: str) -> Listing:
    listing = factory.listing("draft", vendor_id=vendor_id)
    session.commit()
    return listing


def test_an_unvetted_vendor_keeps_drafts_but_the_server_refuses_its_submission(app, client, factory, session):
    _register(client)
    vendor, user = _registered(session)
    listing = _draft_of(factory, session, vendor.id)
    browser = _as_registered(app, user)

    dashboard = browser.get("/vendor/").get_data(as_text=True)
    assert 'id="vetting-notice"' in dashboard and "đang chờ cán bộ Sở duyệt" in dashboard
    detail = browser.get(f"/vendor/listings/{listing.id}").get_data(as_text=True)
    assert "/vendor/vetting" in detail and "đang chờ cán bộ Sở duyệt" in detail
    assert f'action="/vendor/listings/{listing.id}/submit"' not in detail  # no submit button...

    # ...and a submission posted anyway (a stale page, a hand-made request) is refused by the server.
    answer = browser.post(f"/vendor/listings/{listing.id}/submit", {}, f"/vendor/listings/{listing.id}")
    assert answer.status_code == 302
    assert "đang chờ cán bộ Sở duyệt" in browser.get(f"/vendor/listings/{listing.id}").get_data(as_text=True)
    api = browser._run(lambda c: c.post(f"/api/v1/vendor/listings/{listing.id}/submit",
                                        headers={"X-CSRFToken": csrf_token(c, "/vendor/")}))
    assert api.status_code == 409 and api.get_json()["error"]["code"] == "invalid_transition"
    session.expire_all()
    assert session.get(Listing, listing.id).status == "draft"


@pytest.mark.parametrize("status", [None, "submitted", "changes_requested", "rejected"])
def test_the_catalog_refuses_a_submission_until_the_documents_are_approved(factory, session, status):
    vendor = factory.vendor(vetting=status)
    member = factory.user("vendor", vendor_id=vendor.id)
    listing = factory.listing("draft", vendor_id=vendor.id)
    with pytest.raises(InvalidTransition) as refused:
        catalog.act(session, member, listing, "submit")
    assert "thẩm định" in refused.value.message
    assert listing.status == "draft"
    # Drafts are kept and made: only the submission waits for the documents.
    draft = catalog.create_listing(session, member, factory.product(vendor_id=vendor.id))
    assert draft.status == "draft"
    approved = factory.vendor()
    mine = factory.listing("draft", vendor_id=approved.id)
    catalog.act(session, factory.user("vendor", vendor_id=approved.id), mine, "submit")
    assert mine.status == "submitted"


def _officer_decides(app, officer, vendor_id: str, decision: str, reason: str = ""):
    staff = Browser(app, officer)
    return staff.post(f"/officer/vendor-vetting/{vendor_id}/{decision}", {"reason": reason},
                      f"/officer/vendor-vetting/{vendor_id}")


def _told(session, user_id: int) -> list[tuple[str, dict]]:
    return [(n.event, n.context) for n in session.scalars(
        select(Notification).where(Notification.user_id == user_id).order_by(Notification.id))]


def test_an_officer_approves_from_the_queue_audited_and_told_then_the_first_listing_is_submitted(
        app, client, factory, session):
    _register(client)
    vendor, user = _registered(session)
    user.email_verified_at = utcnow()
    second = factory.user("vendor", vendor_id=vendor.id, email_verified_at=utcnow())
    officer = factory.user("officer")
    listing = _draft_of(factory, session, vendor.id)

    staff = Browser(app, officer)
    queue = staff.get("/officer/vendor-vetting").get_data(as_text=True)
    assert "Công ty TNHH Phần mềm Sơn Hà" in queue and f"/officer/vendor-vetting/{vendor.id}" in queue
    page = staff.get(f"/officer/vendor-vetting/{vendor.id}").get_data(as_text=True)
    for shown in ("Trần Thị Mai", "0912 345 678", "HTX Chè Tân Cương", "Phần mềm bán hàng", TAX_CODE):
        assert shown in page
    answer = _officer_decides(app, officer, vendor.id, "approve", "Đã gọi hai khách hàng tham chiếu.")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/officer/vendor-vetting")

    session.expire_all()
    record = session.get(VendorVetting, vendor.id)
    assert (record.status, record.decided_by_id, record.reason) == ("approved", officer.id,
                                                                    "Đã gọi hai khách hàng tham chiếu.")
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "vendor.vetting_approved")).one()
    assert (entry.actor_id, entry.entity_id, entry.from_state, entry.to_state) == (officer.id, vendor.id,
                                                                                   "submitted", "approved")
    for member in (user, second):
        [(event, context)] = _told(session, member.id)
        assert event == "vendors.vetting_approved" and context["vendor"] == "Công ty TNHH Phần mềm Sơn Hà"
    mails = session.scalars(select(OutboxMail).where(OutboxMail.kind == "vendors.vetting_approved")).all()
    assert sorted(m.recipient for m in mails) == sorted([user.email, second.email])

    # The vendor's first listing can be submitted now.
    vendor_browser = _as_registered(app, user)
    assert 'id="vetting-notice"' not in vendor_browser.get("/vendor/").get_data(as_text=True)
    vendor_browser.post(f"/vendor/listings/{listing.id}/submit", {}, f"/vendor/listings/{listing.id}")
    session.expire_all()
    assert session.get(Listing, listing.id).status == "submitted"
    # Decided documents are not decided again.
    again = _officer_decides(app, officer, vendor.id, "reject", "Nhầm.")
    assert again.status_code == 302
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "approved"


def test_changes_requested_then_corrected_and_handed_in_again(app, client, factory, session):
    _register(client)
    vendor, user = _registered(session)
    officer = factory.user("officer")
    session.commit()

    # A request for changes needs its reason: refused naming it, nothing changes.
    refused = _officer_decides(app, officer, vendor.id, "request_changes", "  ")
    assert refused.status_code == 422 and "Cần ghi rõ nhà cung cấp phải bổ sung gì" in refused.get_data(
        as_text=True)
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "submitted"

    reason = "Số giấy chứng nhận không khớp; bổ sung khách hàng tham chiếu thứ ba."
    _officer_decides(app, officer, vendor.id, "request_changes", reason)
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "changes_requested"
    [(event, context)] = _told(session, user.id)
    assert (event, context["reason"]) == ("vendors.vetting_changes_requested", reason)

    mine = _as_registered(app, user)
    page = mine.get("/vendor/vetting").get_data(as_text=True)
    assert reason in page and 'value="Trần Thị Mai"' in page and "Gửi lại hồ sơ" in page
    bad = mine.post("/vendor/vetting", _documents(contact_phone="09-12"), "/vendor/vetting")
    assert bad.status_code == 422 and "Số điện thoại người liên hệ không hợp lệ" in bad.get_data(as_text=True)
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).contact_phone == "0912 345 678"

    fixed = mine.post("/vendor/vetting", _documents(
        business_registration_no="0108123456", ref3_customer="Nhà thuốc Minh Châu",
        ref3_contact="DS. Châu 0243 826 1234", ref3_uses="Quản lý nhà thuốc"), "/vendor/vetting")
    assert fixed.status_code == 302
    session.expire_all()
    record = session.get(VendorVetting, vendor.id)
    assert record.status == "submitted" and len(record.customer_references) == 3
    [(event, context)] = _told(session, officer.id)  # officers hear of documents handed in again
    assert (event, context["vendor"]) == ("vendors.vetting_submitted", vendor.name)
    assert _actions(session, vendor.id)[-3:] == [
        "vendor.vetting_submitted", "vendor.vetting_changes_requested", "vendor.vetting_resubmitted"]
    # Handed in again, the documents wait for the officer: the vendor cannot change them meanwhile.
    meanwhile = mine.post("/vendor/vetting", _documents(contact_name="Ai đó"), "/vendor/vetting")
    assert meanwhile.status_code == 302
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).contact_name == "Trần Thị Mai"
    _officer_decides(app, officer, vendor.id, "approve")
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "approved"


def test_a_rejection_needs_its_reason_and_is_final_for_the_vendor(app, client, factory, session):
    _register(client)
    vendor, user = _registered(session)
    officer = factory.user("officer")
    listing = _draft_of(factory, session, vendor.id)
    assert _officer_decides(app, officer, vendor.id, "reject").status_code == 422
    _officer_decides(app, officer, vendor.id, "reject", "Không phải doanh nghiệp công nghệ số.")
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "rejected"
    [(event, context)] = _told(session, user.id)
    assert (event, context["reason"]) == ("vendors.vetting_rejected", "Không phải doanh nghiệp công nghệ số.")
    mine = _as_registered(app, user)
    assert "Không phải doanh nghiệp công nghệ số." in mine.get("/vendor/vetting").get_data(as_text=True)
    assert mine.post("/vendor/vetting", _documents(), "/vendor/vetting").status_code == 302
    mine.post(f"/vendor/listings/{listing.id}/submit", {}, f"/vendor/listings/{listing.id}")
    session.expire_all()
    assert session.get(VendorVetting, vendor.id).status == "rejected"
    assert session.get(Listing, listing.id).status == "draft"
    assert "vendor.vetting_rejected" in _actions(session, vendor.id)


def test_unknown_vendors_and_decisions_are_not_found(app, factory, session):
    officer = factory.user("officer")
    pending = factory.vendor(vetting="submitted")
    session.commit()
    staff = Browser(app, officer)
    assert staff.get("/officer/vendor-vetting/no-such-vendor").status_code == 404
    assert _officer_decides(app, officer, "no-such-vendor", "approve").status_code == 404
    assert _officer_decides(app, officer, pending.id, "promote").status_code == 404
    assert staff.get("/officer/vendor-vetting?status=nonsense").status_code == 200


def test_the_officer_is_shown_another_vendor_of_the_same_tax_code_root(factory, session):
    factory.vendor(name="Công ty mẹ", tax_code="0108123456")
    branch = factory.vendor(vetting="submitted", name="Chi nhánh", tax_code="0108123456-001")
    record = session.get(VendorVetting, branch.id)
    texts = [(h.text, h.params) for h in vetting.hints(session, record)]
    assert any(params.get("name") == "Công ty mẹ" for _, params in texts)


def test_imported_vendors_are_approved_and_a_registered_one_keeps_its_vetting(factory, session):
    pending = factory.vendor(vetting="submitted", tax_code="0108999999")
    session.commit()
    document = {"format": "sme-catalog/1", "vendors": [
        {"id": "dv-new", "name": "Công ty Nhập Từ Tệp", "tax_code": "0101112223"},
        {"id": pending.id, "name": pending.name, "tax_code": "0108999999", "province": "Huế"}]}
    import_document(session, document, publish=False, actor="import")
    assert session.get(VendorVetting, "dv-new").status == "approved"
    assert session.get(VendorVetting, "dv-new").source == "import"
    assert session.get(VendorVetting, pending.id).status == "submitted"
    again = import_document(session, document, publish=False, actor="import")
    assert not again.changed
    assert session.scalar(select(func.count()).select_from(VendorVetting)) == 2


def test_hostile_input_in_the_corrections_is_refused_never_a_server_error(app, factory, session):
    from tests.security.test_fuzz_forms import HOSTILE_WORDS, _encoded

    vendor = factory.vendor(vetting="changes_requested")
    member = factory.user("vendor", vendor_id=vendor.id)
    session.commit()
    before = session.get(VendorVetting, vendor.id).contact_phone
    browser = Browser(app, member)
    names = list(_documents()) + ["ref3_customer", "ref3_contact", "ref3_uses"]

    def post(client, word: str):
        body = "&".join([f"csrf_token={csrf_token(client, '/vendor/vetting')}"]
                        + [f"{name}={_encoded(word)}" for name in names])
        return client.post("/vendor/vetting", data=body, content_type="application/x-www-form-urlencoded")

    for word in HOSTILE_WORDS:
        answer = browser._run(post, word)
        assert answer.status_code in (400, 422), (word[:20], answer.status_code)
    session.expire_all()
    record = session.get(VendorVetting, vendor.id)
    assert (record.status, record.contact_phone) == ("changes_requested", before)


def test_a_vendor_without_documents_hands_them_in_from_its_page(app, factory, session):
    vendor = factory.vendor(vetting=None)  # e.g. written by a bench or a script, not registered here
    member = factory.user("vendor", vendor_id=vendor.id)
    session.commit()
    browser = Browser(app, member)
    page = browser.get("/vendor/vetting").get_data(as_text=True)
    assert "chưa nộp hồ sơ thẩm định" in page and "Nộp hồ sơ" in page
    assert browser.post("/vendor/vetting", _documents(), "/vendor/vetting").status_code == 302
    session.expire_all()
    record = session.get(VendorVetting, vendor.id)
    assert (record.status, record.source, record.contact_name) == ("submitted", "registration",
                                                                   "Trần Thị Mai")


def test_the_vetting_pages_read_in_english(app, factory, session):
    vendor = factory.vendor(vetting="changes_requested")
    member = factory.user("vendor", vendor_id=vendor.id)
    officer = factory.user("officer")
    session.get(VendorVetting, vendor.id).reason = "Add a third reference."
    session.commit()
    vietnamese = re.compile(r"[À-ỹĐđ]")
    # Only what people typed (names, the sample documents) may be Vietnamese.
    typed = re.compile(r"Công ty Công nghệ Số \d+|Người dùng \d+|Trần Thị Mai|Giám đốc kinh doanh|Hà Nội|"
                       r"Công ty TNHH Gốm Bát Tràng|Anh Hùng|Hóa đơn điện tử|HTX Chè Tân Cương|Chị Lan|"
                       r"Phần mềm bán hàng")
    pages = ((member, "/vendor/vetting"), (member, "/vendor/"), (officer, "/officer/vendor-vetting"),
             (officer, f"/officer/vendor-vetting/{vendor.id}"), (None, "/register/vendor"))
    for user, path in pages:
        browser = Browser(app, user)
        browser._run(lambda c: form_post(c, "/lang/en", {"next": "/"}))
        text = browser.get(path).get_data(as_text=True)
        main = typed.sub("", text[text.index("<main"):text.index("</main>")])
        assert not vietnamese.search(main), (path, vietnamese.findall(main)[:10])
