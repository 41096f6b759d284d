"""Who belongs to a vendor: inviting a colleague, and the mail on a request to join (flush only).

A member types a colleague's name and address; the colleague receives a signed link (7 days) and
chooses their own password. The page answers the same whether or not the address already has an
account (nobody learns which addresses have accounts): the owner of a taken address is told by mail
instead, and no second account is made. The link works once: after it, the address has an account.

A request to join (someone registered with a vendor's tax code) is decided by the vendor's admin member
or an officer; the person who asked has no account until then, so they hear of the decision by mail: an
approval carries the link that verifies their address.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords, password_problem
from accounts.recovery import compose, owner_of, verification_token
from accounts.services import EMAIL
from core import tokens
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Forbidden, ValidationFailed
from core.mail import Letter, page_url, queue_letter
from vendors.models import Vendor

INVITE = "vendor-invite"
INVITE_DAYS = 7


def _letter(lang: str, name: str, subject: str, paragraphs: tuple[str, ...], action: str | None,
            url: str | None, **params) -> Letter:
    return compose(lang, name, subject, paragraphs, action, url,
                   N_("Nếu bạn không biết lời mời này, hãy bỏ qua thư: không có gì thay đổi."), **params)


def invitation_token(vendor_id: str, email: str, full_name: str, inviter_id: int) -> str:
    return tokens.sign(INVITE, [vendor_id, email, full_name, inviter_id])


def invite_member(session: Session, actor: User, *, email: str, full_name: str, lang: str = "vi") -> None:
    """Mail `email` an invitation to join the actor's vendor (or, when it has an account, a note to its
    owner); audited either way. Raises ValidationFailed for a malformed address or name."""
    if actor.role != "vendor" or not actor.vendor_id:
        raise Forbidden(N_("Chỉ thành viên của nhà cung cấp mới mời được thành viên."))
    email, full_name = email.strip().lower(), full_name.strip()
    errors = {}
    if not EMAIL.match(email) or len(email) > 254:
        errors["email"] = N_("Email không hợp lệ.")
    if not full_name or len(full_name) > 200:
        errors["full_name"] = N_("Ghi họ và tên (tối đa 200 ký tự).")
    if errors:
        raise ValidationFailed(N_("Thông tin thành viên chưa hợp lệ."), errors)
    vendor = session.get(Vendor, actor.vendor_id)
    params = {"vendor": vendor.name, "inviter": actor.full_name or actor.email, "days": INVITE_DAYS}
    owner = owner_of(session, email)
    if owner is None:
        token = invitation_token(vendor.id, email, full_name, actor.id)
        queue_letter(session, email, _letter(
            lang, full_name, N_("Lời mời tham gia tài khoản của %(vendor)s"),
            (N_("%(inviter)s mời bạn làm thành viên của %(vendor)s trên Sàn chuyển đổi số DNNVV: quản lý sản "
                "phẩm, trả lời yêu cầu báo giá và ký hợp đồng thay mặt doanh nghiệp."),
             N_("Bấm nút dưới đây để tự đặt mật khẩu. Liên kết có hiệu lực trong %(days)s ngày và chỉ dùng "
                "được một lần.")),
            N_("Nhận lời mời"), page_url("vendors.accept_invite", token=token), **params),
            kind="vendor.invite")
    else:
        queue_letter(session, owner.email, _letter(
            owner.locale or lang, owner.full_name or owner.email,
            N_("%(vendor)s muốn thêm bạn làm thành viên"),
            (N_("%(inviter)s vừa mời địa chỉ email này làm thành viên của %(vendor)s. Địa chỉ đã có tài "
                "khoản trên sàn nên không có tài khoản mới nào được tạo: mỗi địa chỉ chỉ thuộc một tổ chức."),
             N_("Nếu muốn tham gia %(vendor)s, hãy liên hệ %(inviter)s để được mời bằng một địa chỉ khác.")),
            None, None, **params), kind="vendor.invite_taken")
    record_audit(session, actor, "vendor.member_invited", "vendor", vendor.id, data={"email": email})


def invitation(session: Session, token: str) -> dict | None:
    """What a genuine, unexpired, unused invitation offers: vendor, email, name; None otherwise."""
    payload = tokens.unsign(INVITE, token, INVITE_DAYS * 86400)
    if not (isinstance(payload, list) and len(payload) == 4):
        return None
    vendor_id, email, full_name, inviter_id = payload
    vendor, inviter = session.get(Vendor, vendor_id), session.get(User, inviter_id)
    if vendor is None or inviter is None or not inviter.active or inviter.vendor_id != vendor_id:
        return None  # the inviter has left the organisation since: their invitations go with them
    if owner_of(session, email) is not None:
        return None  # already used (or the address has found an account since)
    return {"vendor": vendor, "email": email, "full_name": full_name, "inviter": inviter}


def accept(session: Session, passwords: Passwords, offer: dict, *, full_name: str, password: str) -> User:
    """The invited person's account, with the password they chose; the address is verified (the link
    came to it)."""
    problems = {}
    if problem := password_problem(password):
        problems["password"] = problem
    full_name = full_name.strip() or offer["full_name"]
    if len(full_name) > 200:
        problems["full_name"] = N_("Ghi họ và tên (tối đa 200 ký tự).")
    if problems:
        raise ValidationFailed(N_("Chưa tạo được tài khoản."), problems)
    user = User(email=offer["email"], password_hash=passwords.hash(password), full_name=full_name,
                role="vendor", vendor_id=offer["vendor"].id, email_verified_at=utcnow())
    session.add(user)
    session.flush()
    record_audit(session, user, "vendor.member_added", "vendor", offer["vendor"].id,
                 data={"email": user.email, "invited_by": offer["inviter"].id})
    return user


def send_join_decision(session: Session, request, user: User | None) -> None:
    """Tell the person who asked to join `request.vendor` what was decided (`user`: their new account)."""
    params = {"vendor": request.vendor.name}
    name = request.full_name or request.email
    if user is not None:
        letter = _letter("vi", name, N_("Yêu cầu gia nhập %(vendor)s đã được duyệt"),
                         (N_("Bạn đã là thành viên của %(vendor)s trên Sàn chuyển đổi số DNNVV. Đăng nhập "
                             "bằng địa chỉ này và mật khẩu bạn đã chọn khi đăng ký."),
                          N_("Hãy xác nhận địa chỉ email để nhận thông báo qua thư.")),
                         N_("Xác nhận địa chỉ email"),
                         page_url("auth.verify_email", token=verification_token(user)), **params)
    else:
        letter = _letter("vi", name, N_("Yêu cầu gia nhập %(vendor)s chưa được chấp nhận"),
                         (N_("Quản trị viên của %(vendor)s hoặc cán bộ Sở đã từ chối yêu cầu gia nhập của "
                             "bạn. Nếu bạn làm việc tại đó, hãy liên hệ quản trị viên để được mời."),),
                         None, None, **params)
    queue_letter(session, request.email, letter, kind="vendor.join_decided")
