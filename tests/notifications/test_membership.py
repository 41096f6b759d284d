"""Who joins a vendor, by mail: a member invites a colleague (who chooses their own password through a
one-time link), the page never tells whether an address has an account, and a person who asked to join
hears the decision (an approval carries the link that verifies their address)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from accounts.models import User
from core.audit import AuditEntry
from core.extensions import db
from tests.conftest import form_post, login
from vendors.models import Vendor, VendorJoinRequest

NEW_PASSWORD = "Cau-Long-Bien-2026"


def _link(mailbox, address: str, path: str) -> str:
    text = mailbox.text(mailbox.for_(address)[-1])
    return re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]*)", text).group(1)


def _invite(client, email: str, **extra):
    data = {"full_name": "Trần Thị Bích", "email": email, **extra}
    return form_post(client, "/vendor/members", data, page="/vendor/members")


def _users(email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(func.lower(User.email) == email))


def test_an_invited_colleague_chooses_a_password_once_and_joins_the_vendor(mail_app, mailbox, people):
    member = people("vendor", full_name="Lê Văn Hùng")
    other_vendor = people("vendor").vendor_id
    db.session.commit()
    client = mail_app.test_client()
    login(client, member)
    # A vendor_id slipped into the form is ignored: the colleague joins the inviter's vendor.
    sent = _invite(client, "Bich@AnPhat.vn", vendor_id=other_vendor)
    assert sent.status_code == 302
    assert "Đã gửi lời mời tới bich@anphat.vn" in client.get("/vendor/members").get_data(as_text=True)
    assert _users("bich@anphat.vn") == 0  # nothing is made until the colleague accepts
    [mail] = mailbox.for_("bich@anphat.vn")
    assert mailbox.subject(mail).startswith("Lời mời tham gia tài khoản của")
    assert "Lê Văn Hùng mời bạn" in mailbox.text(mail)
    link = _link(mailbox, "bich@anphat.vn", "/vendor/invite/")

    guest = mail_app.test_client()
    page = guest.get(link).get_data(as_text=True)
    assert "bich@anphat.vn" in page and 'value="Trần Thị Bích"' in page
    short = form_post(guest, link, {"full_name": "Trần Thị Bích", "password": "ngan", "confirm": "ngan"},
                      page=link)
    assert short.status_code == 422 and _users("bich@anphat.vn") == 0
    joined = form_post(guest, link, {"full_name": "Trần Thị Bích", "password": NEW_PASSWORD,
                                     "confirm": NEW_PASSWORD}, page=link)
    assert joined.status_code == 302 and joined.headers["Location"] == "/vendor/"
    assert guest.get("/vendor/").status_code == 200  # logged in
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.email == "bich@anphat.vn"))
    assert (user.vendor_id, user.role) == (member.vendor_id, "vendor")
    assert user.email_verified_at is not None  # the link came to the address
    assert guest.get(link).status_code == 404  # once only
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == member.vendor_id))
    assert {"vendor.member_invited", "vendor.member_added"} <= set(actions)


def test_inviting_a_taken_address_says_the_same_and_tells_its_owner(mail_app, mailbox, people):
    member = people("vendor")
    owner = people("sme", email="chu@quanpho.vn")
    db.session.commit()
    client = mail_app.test_client()
    login(client, member)
    new = _invite(client, "moi@anphat.vn")
    new_page = client.get("/vendor/members").get_data(as_text=True)
    taken = _invite(client, "CHU@quanpho.vn")
    taken_page = client.get("/vendor/members").get_data(as_text=True)
    assert (taken.status_code, taken.headers["Location"]) == (new.status_code, new.headers["Location"])
    token = re.compile(r'csrf[_-]token[^>]*>')  # the forms' tokens are signed with the time
    assert token.sub("", taken_page.replace("chu@quanpho.vn", "moi@anphat.vn")) == token.sub("", new_page)
    assert "đã có tài khoản" not in taken_page
    [told] = mailbox.for_(owner.email)
    assert "muốn thêm bạn làm thành viên" in mailbox.subject(told)
    assert "/vendor/invite/" not in mailbox.text(told)  # no link that could make a second account
    db.session.expire_all()
    assert db.session.get(User, owner.id).vendor_id is None


def test_a_bad_invitation_names_the_field_and_sends_nothing(mail_app, mailbox, people):
    member = people("vendor")
    db.session.commit()
    client = mail_app.test_client()
    login(client, member)
    answer = form_post(client, "/vendor/members", {"full_name": "", "email": "khong-phai-email"},
                       page="/vendor/members")
    body = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Email không hợp lệ." in body
    assert mailbox.messages == []


def test_a_person_who_asked_to_join_hears_the_decision_by_mail(mail_app, mailbox, people):
    admin = people("vendor")
    vendor = db.session.get(Vendor, admin.vendor_id)
    vendor.tax_code = "0109326867"
    db.session.commit()
    for email in ("moi@anphat.vn", "spam@anphat.vn"):
        form_post(mail_app.test_client(), "/register/vendor", {
            "vendor_name": vendor.name, "tax_code": vendor.tax_code, "full_name": "Trần Văn Mạo",
            "email": email, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD, "province": "Hà Nội",
        }, page="/register/vendor")
    ids = {r.email: r.id for r in db.session.scalars(select(VendorJoinRequest))}
    client = mail_app.test_client()
    login(client, admin)
    assert form_post(client, f"/join-requests/{ids['moi@anphat.vn']}/approve", {},
                     page="/vendor/members").status_code == 302
    assert form_post(client, f"/join-requests/{ids['spam@anphat.vn']}/refuse", {},
                     page="/vendor/members").status_code == 302
    [approved] = mailbox.for_("moi@anphat.vn")
    assert mailbox.subject(approved) == f"Yêu cầu gia nhập {vendor.name} đã được duyệt"
    link = _link(mailbox, "moi@anphat.vn", "/account/verify/")
    newcomer = mail_app.test_client()
    assert form_post(newcomer, link, page=link).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "moi@anphat.vn")).email_verified_at is not None
    [refused] = mailbox.for_("spam@anphat.vn")
    assert "chưa được chấp nhận" in mailbox.subject(refused)
    assert "/account/verify/" not in mailbox.text(refused)
