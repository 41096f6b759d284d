"""Vendor forms: registration of a vendor organisation with its documents for vetting, the documents
corrected, the officer's decision on them, its details, a new member.

The documents' fields are bounded here and checked by vendors.vetting_rules (one place for the rules,
messages naming the field), so that registering with an existing vendor's tax code (a request to join
it) does not ask for them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from accounts.forms import RegistrationForm
from core.forms import PageForm
from vendors.vetting_rules import (
    FIELD_MAX,
    MAX_REFERENCES,
    REASON_MAX,
    REFERENCE_MAX,
    REFERENCE_PARTS,
    Documents,
    reference_field,
)

REQUIRED = DataRequired()


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


class VendorProfileForm(PageForm):
    """The organisation's details that its members keep up to date (the name and tax code come from
    registration)."""

    province = StringField(_l("Tỉnh/thành phố"), validators=[Optional(), _max(100)])
    address = StringField(_l("Địa chỉ trụ sở"), validators=[Optional(), _max(300)],
                          description=_l("Số nhà, đường, phường/xã, tỉnh/thành phố"))
    phone = StringField(_l("Điện thoại"), validators=[Optional(), _max(40)])
    contact_email = EmailField(
        _l("Email liên hệ"), validators=[Optional(), Email(_l("Email không hợp lệ.")), _max(254)]
    )
    website = StringField(_l("Trang web"), validators=[Optional(), _max(300)])
    description = TextAreaField(_l("Giới thiệu"), validators=[Optional(), _max(20000)])

    FIELDS = ("province", "address", "phone", "contact_email", "website", "description")

    def apply(self, vendor) -> None:
        for name in self.FIELDS:
            setattr(vendor, name, (getattr(self, name).data or "").strip() or None)


class MemberForm(PageForm):
    """Inviting a colleague: they choose their own password through the mailed link."""

    full_name = StringField(_l("Họ và tên"), validators=[REQUIRED, Length(max=200)])
    email = EmailField(
        _l("Email của người được mời"),
        validators=[REQUIRED, Email(_l("Email không hợp lệ.")), Length(max=254)],
    )


class AcceptInviteForm(PageForm):
    full_name = StringField(_l("Họ và tên"), validators=[REQUIRED, Length(max=200)])
    password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"), validators=[REQUIRED])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"), validators=[REQUIRED, EqualTo("password", _l("Hai mật khẩu không khớp."))]
    )


def _bounded(label, limit: int, **kwargs) -> StringField:
    # Longer text is refused by vetting_rules with a message naming the field; this bound only keeps
    # a page's post from carrying megabytes into the service.
    return StringField(label, validators=[Optional(), Length(max=limit * 4)], **kwargs)


REFERENCE_LABELS = {
    "customer": _l("Tên doanh nghiệp khách hàng"),
    "contact": _l("Người liên hệ (tên, điện thoại hoặc email)"),
    "uses": _l("Giải pháp đang dùng"),
}


class DocumentFields:
    """The documents for vetting (vendors.vetting_rules.Documents): the business registration
    certificate's number, a contact person, references of SME customers (ref1_customer...)."""

    business_registration_no = _bounded(
        _l("Số Giấy chứng nhận đăng ký doanh nghiệp"), FIELD_MAX["business_registration_no"],
        description=_l("Mã số doanh nghiệp trên giấy chứng nhận; từ năm 2010 trùng với mã số thuế."))
    contact_name = _bounded(_l("Họ và tên người liên hệ"), FIELD_MAX["contact_name"])
    contact_position = _bounded(_l("Chức vụ"), FIELD_MAX["contact_position"],
                                description=_l("vd. Giám đốc, Trưởng phòng kinh doanh"))
    contact_phone = _bounded(_l("Điện thoại người liên hệ"), FIELD_MAX["contact_phone"],
                             description=_l("vd. 0912 345 678 hoặc 024 3825 1234"))
    contact_email = _bounded(_l("Email người liên hệ"), FIELD_MAX["contact_email"])

    def documents(self) -> Documents:
        references = [{part: self[reference_field(n, part)].data for part in REFERENCE_PARTS}
                      for n in range(1, MAX_REFERENCES + 1)]
        return Documents.of(**{name: self[name].data for name in FIELD_MAX}, references=references)

    def fill_from(self, vetting) -> None:
        """The documents as handed in last (a GET of the correction page)."""
        for name in FIELD_MAX:
            self[name].data = getattr(vetting, name) or ""
        for n, ref in enumerate((vetting.customer_references or [])[:MAX_REFERENCES], start=1):
            for part in REFERENCE_PARTS:
                self[reference_field(n, part)].data = ref.get(part, "")


for _n in range(1, MAX_REFERENCES + 1):
    for _part in REFERENCE_PARTS:
        setattr(DocumentFields, reference_field(_n, _part),
                _bounded(REFERENCE_LABELS[_part], REFERENCE_MAX[_part]))


class VendorRegistrationForm(DocumentFields, RegistrationForm):
    vendor_name = StringField(_l("Tên doanh nghiệp công nghệ"), validators=[DataRequired(), Length(max=300)])


class VettingForm(DocumentFields, PageForm):
    """The documents corrected and handed in again."""


class VettingDecisionForm(PageForm):
    reason = TextAreaField(
        _l("Nhận xét / lý do"), validators=[Optional(), Length(max=REASON_MAX * 2)],
        description=_l("Bắt buộc khi yêu cầu bổ sung hoặc từ chối; nhà cung cấp sẽ thấy nội dung này."))
