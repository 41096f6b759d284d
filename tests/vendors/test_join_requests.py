"""A tax code belongs to one vendor: registering with an existing vendor's tax code asks to join it.

The attack: POST /register/vendor with the name and tax code of dv-01 (0109326867) created a second
vendor with the same identity.
"""

from sqlalchemy import func, select

from accounts.models import User
from core.audit import AuditEntry
from tests.conftest import form_post, login
from tests.contracts.test_pages import Browser
from vendors.models import Vendor, VendorJoinRequest

TAX_CODE = "0109326867"


def _register(client, email: str, tax_code: str = TAX_CODE, name: str = "Công ty Cổ phần MISA"):
    return form_post(client, "/register/vendor", {
        "vendor_name": name, "tax_code": tax_code, "full_name": "Trần Văn Mạo", "email": email,
        "password": "Mat-khau-moi-2026", "confirm": "Mat-khau-moi-2026", "province": "Hà Nội",
    }, page="/register/vendor")


def _vendors_with(session, tax_code: str = TAX_CODE) -> int:
    return session.scalar(select(func.count()).select_from(Vendor).where(Vendor.tax_code == tax_code))


def test_a_second_registration_with_a_vendors_tax_code_becomes_a_request_to_join(client, factory, session):
    vendor = factory.vendor(id="dv-01", name="Công ty Cổ phần MISA", tax_code=TAX_CODE)
    session.commit()
    answer = _register(client, "mao@clone.vn")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert "yêu cầu gia nhập của bạn đã được gửi" in page
    assert client.get("/vendor/").status_code == 302  # nobody is logged in
    session.expire_all()
    assert _vendors_with(session) == 1
    assert session.scalar(select(User).where(User.email == "mao@clone.vn")) is None
    request = session.scalars(select(VendorJoinRequest)).one()
    assert (request.vendor_id, request.status, request.email) == (vendor.id, "pending", "mao@clone.vn")
    assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity_id == vendor.id)) == \
        "vendor.join_requested"
    again = _register(client, "mao@clone.vn")
    assert again.status_code == 422 and "yêu cầu gia nhập đang chờ duyệt" in again.get_data(as_text=True)
    for odd in ("０１０９３２６８６７", "0109326867\n0", "٠١٠٩٣٢٦٨٦٧"):
        assert _register(client, "other@clone.vn", odd).status_code == 422, odd
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Vendor)) == 1


def test_the_vendors_first_member_approves_and_the_new_member_logs_in(app, client, factory, session):
    vendor = factory.vendor(tax_code=TAX_CODE)
    admin = factory.user("vendor", vendor_id=vendor.id)
    second = factory.user("vendor", vendor_id=vendor.id)
    stranger = factory.user("vendor")
    session.commit()
    _register(client, "new@member.vn")
    _register(client, "spam@member.vn")
    session.expire_all()
    first_id, spam_id = session.scalars(select(VendorJoinRequest.id).order_by(VendorJoinRequest.id)).all()

    other = Browser(app, stranger)
    assert other.post(f"/join-requests/{first_id}/approve", {}, "/vendor/").status_code == 404
    member = Browser(app, second)
    assert "Yêu cầu gia nhập" not in member.get("/vendor/members").get_data(as_text=True)
    assert member.post(f"/join-requests/{first_id}/approve", {}, "/vendor/").status_code == 403

    owner = Browser(app, admin)
    page = owner.get("/vendor/members").get_data(as_text=True)
    assert "new@member.vn" in page and "spam@member.vn" in page
    approved = owner.post(f"/join-requests/{first_id}/approve", {}, "/vendor/members")
    assert approved.status_code == 302 and approved.headers["Location"].endswith("/vendor/members")
    assert owner.post(f"/join-requests/{spam_id}/refuse", {}, "/vendor/members").status_code == 302
    twice = owner.post(f"/join-requests/{first_id}/refuse", {}, "/vendor/members")
    assert twice.status_code == 302 and "đã được xử lý" in owner.get("/vendor/members").get_data(as_text=True)

    session.expire_all()
    joined = session.scalar(select(User).where(User.email == "new@member.vn"))
    assert (joined.role, joined.vendor_id) == ("vendor", vendor.id)
    assert session.scalar(select(User).where(User.email == "spam@member.vn")) is None
    assert [r.password_hash for r in session.scalars(select(VendorJoinRequest))] == ["", ""]
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == vendor.id)
                              .order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["vendor.join_approved", "vendor.join_refused"]
    login(app.test_client(), joined, "Mat-khau-moi-2026")
    assert _vendors_with(session) == 1


def test_officers_decide_from_their_page(app, factory, session, client):
    vendor = factory.vendor(name="Công ty Sao Mai", tax_code=TAX_CODE)
    factory.user("vendor", vendor_id=vendor.id)
    officer = factory.user("officer")
    session.commit()
    _register(client, "join@saomai.vn")
    session.expire_all()
    request_id = session.scalars(select(VendorJoinRequest.id)).one()
    staff = Browser(app, officer)
    page = staff.get("/officer/vendor-join-requests").get_data(as_text=True)
    assert "join@saomai.vn" in page and "Công ty Sao Mai" in page and TAX_CODE in page
    answer = staff.post(f"/join-requests/{request_id}/approve", {}, "/officer/vendor-join-requests")
    assert answer.headers["Location"].endswith("/officer/vendor-join-requests")
    session.expire_all()
    assert session.get(VendorJoinRequest, request_id).decided_by_id == officer.id
    assert session.scalar(select(User.vendor_id).where(User.email == "join@saomai.vn")) == vendor.id


def test_an_import_may_not_give_a_vendors_tax_code_to_another_vendor(factory, session):
    from interchange.sections import problems_of

    factory.vendor(id="dv-01", tax_code=TAX_CODE)
    session.commit()
    document = {"format": "sme-catalog/1", "vendors": [
        {"id": "dv-01", "name": "MISA", "tax_code": TAX_CODE},  # the same vendor again: fine
        {"id": "dv-99", "name": "Bản sao", "tax_code": TAX_CODE},
        {"id": "dv-98", "name": "A", "tax_code": "0101234567"},
        {"id": "dv-97", "name": "B", "tax_code": "0101234567"},
    ]}
    problems = {(p.record_id, p.field) for p in problems_of(session, document)}
    assert problems == {("dv-99", "tax_code"), ("dv-97", "tax_code")}
    assert len(problems_of(session, document)) == 2
