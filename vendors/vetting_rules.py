"""What a vendor's vetting asks for and how it moves (pure: no Flask, no SQLAlchemy).

A vendor that registers here hands in its documents: the number of its business registration
certificate (Giấy chứng nhận đăng ký doanh nghiệp), its tax code (on the vendor, one organisation's:
vendors.services), a contact person and references of SME customers. An officer approves them, asks
for changes (the vendor corrects and hands them in again) or rejects them, with a reason. Until the
documents are approved the vendor keeps drafts but submits no listing for review.

    (registration) --> submitted --approve--> approved
                                 --request_changes--> changes_requested --resubmit--> submitted
                                 --reject--> rejected

Vendors that did not register here (on the marketplace before vetting existed, imported by officers,
seeded by the demo) are approved from the start; `source` says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import MappingProxyType

from core.translation import N_

STATUSES = ("submitted", "approved", "changes_requested", "rejected")
STATUS_LABELS = MappingProxyType({
    "submitted": N_("Chờ duyệt"),
    "approved": N_("Đã duyệt"),
    "changes_requested": N_("Cần bổ sung"),
    "rejected": N_("Bị từ chối"),
})
SOURCES = ("registration", "existing", "import")
SOURCE_LABELS = MappingProxyType({
    "registration": N_("Đăng ký trên sàn"),
    "existing": N_("Có trên sàn trước khi thẩm định hồ sơ"),
    "import": N_("Cán bộ nhập từ tệp"),
})
# An officer's decision -> the status it gives; each is taken on submitted documents only.
DECISIONS = MappingProxyType({"approve": "approved", "request_changes": "changes_requested",
                              "reject": "rejected"})
DECISION_LABELS = MappingProxyType({
    "approve": N_("Duyệt hồ sơ"),
    "request_changes": N_("Yêu cầu bổ sung"),
    "reject": N_("Từ chối hồ sơ"),
})
# The audit log's steps (entity "vendor"), as the vetting pages name them.
HISTORY_LABELS = MappingProxyType({
    "vendor.vetting_submitted": N_("Nộp hồ sơ"),
    "vendor.vetting_resubmitted": N_("Gửi lại hồ sơ"),
    "vendor.vetting_approved": N_("Duyệt hồ sơ"),
    "vendor.vetting_changes_requested": N_("Yêu cầu bổ sung"),
    "vendor.vetting_rejected": N_("Từ chối hồ sơ"),
})
REASON_REQUIRED = MappingProxyType({
    "request_changes": N_("Cần ghi rõ nhà cung cấp phải bổ sung gì."),
    "reject": N_("Cần ghi rõ lý do từ chối."),
})
REASON_MAX = 4000
# Statuses in which the vendor may (re)submit its documents: asked for changes, or none handed in yet.
EDITABLE = ("changes_requested", None)

MIN_REFERENCES, MAX_REFERENCES = 2, 3
REFERENCE_PARTS = ("customer", "contact", "uses")
REFERENCE_MAX = MappingProxyType({"customer": 300, "contact": 300, "uses": 500})

# The number on the certificate: the enterprise code (10 digits, the tax code's since 2010, a branch's
# with "-" and 3 digits), or an older certificate's number, which may carry letters and "/" ("0102001234",
# "4102012345/ĐKKD"). ASCII digits only, like the tax code (core.ids); \Z, not $ (a final newline).
REGISTRATION_NO = re.compile(r"^[0-9][0-9A-Za-zĐđ./ -]{5,39}\Z")
MIN_REGISTRATION_DIGITS = 6
# A Vietnamese telephone number: 0 or +84, then 9 digits (mobile) or 10 (landline with area code), as
# people write it: spaces, dots, hyphens and brackets between digits are dropped first.
PHONE_SEPARATORS = re.compile(r"[ .\-()]")
PHONE = re.compile(r"^(?:\+84|0)[1-9][0-9]{8,9}\Z")
# An e-mail address as a mail server takes it: ASCII, one @, a domain with a dot, no spaces.
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+\Z")

FIELD_MAX = MappingProxyType({"business_registration_no": 40, "contact_name": 200, "contact_position": 200,
                              "contact_phone": 40, "contact_email": 254})
MISSING = MappingProxyType({
    "business_registration_no": N_("Cần nhập số Giấy chứng nhận đăng ký doanh nghiệp."),
    "contact_name": N_("Cần nhập họ và tên người liên hệ."),
    "contact_position": N_("Cần nhập chức vụ của người liên hệ."),
    "contact_phone": N_("Cần nhập số điện thoại của người liên hệ."),
    "contact_email": N_("Cần nhập email của người liên hệ."),
})


def reference_field(number: int, part: str) -> str:
    """The form field of a reference's part: ref1_customer, ref2_uses..."""
    return f"ref{number}_{part}"


@dataclass(frozen=True)
class Reference:
    customer: str = ""  # the SME customer's name
    contact: str = ""  # who to ask there: a name with a telephone number or an e-mail address
    uses: str = ""  # what it uses of the vendor's

    @property
    def empty(self) -> bool:
        return not (self.customer or self.contact or self.uses)

    def to_json(self) -> dict:
        return {"customer": self.customer, "contact": self.contact, "uses": self.uses}


@dataclass(frozen=True)
class Documents:
    business_registration_no: str = ""
    contact_name: str = ""
    contact_position: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    references: tuple[Reference, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, **values) -> Documents:
        """Documents from typed values, each stripped (None reads as empty); references as dicts or
        Reference, in the order given (a row left empty keeps its place, so errors name its number)."""
        refs = tuple(
            r if isinstance(r, Reference)
            else Reference(**{p: (str((r or {}).get(p) or "")).strip() for p in REFERENCE_PARTS})
            for r in values.pop("references", ()) or ()
        )
        texts = {name: str(values.get(name) or "").strip() for name in FIELD_MAX}
        texts["contact_email"] = texts["contact_email"].lower()
        return cls(**texts, references=refs)

    @property
    def given_references(self) -> tuple[Reference, ...]:
        return tuple(r for r in self.references if not r.empty)

    def problems(self) -> dict[str, str]:
        """Field -> why it is refused (messages name the field); empty when the documents are complete."""
        found: dict[str, str] = {}
        for name, limit in FIELD_MAX.items():
            value = getattr(self, name)
            if not value:
                found[name] = MISSING[name]
            elif len(value) > limit:
                found[name] = TOO_LONG[name]
        if "business_registration_no" not in found and (problem := registration_no_problem(
                self.business_registration_no)):
            found["business_registration_no"] = problem
        if "contact_phone" not in found and not phone_valid(self.contact_phone):
            found["contact_phone"] = PHONE_RULE
        if "contact_email" not in found and not EMAIL.match(self.contact_email):
            found["contact_email"] = N_("Email người liên hệ không hợp lệ (vd. lan.nguyen@congty.vn).")
        found.update(self._reference_problems())
        return found

    def _reference_problems(self) -> dict[str, str]:
        found: dict[str, str] = {}
        if len(self.references) > MAX_REFERENCES:
            found[reference_field(1, "customer")] = N_("Tối đa 3 khách hàng tham chiếu.")
        for number, ref in enumerate(self.references[:MAX_REFERENCES], start=1):
            if ref.empty:
                continue
            for part in REFERENCE_PARTS:
                value = getattr(ref, part)
                if not value:
                    found[reference_field(number, part)] = REFERENCE_MISSING[part]
                elif len(value) > REFERENCE_MAX[part]:
                    found[reference_field(number, part)] = REFERENCE_TOO_LONG[part]
        given = len(self.given_references)
        if given < MIN_REFERENCES:
            # On the first row left empty: where the vendor types the missing one.
            empty = [n for n, r in enumerate(self.references[:MAX_REFERENCES], start=1) if r.empty]
            number = (empty or [min(len(self.references) + 1, MAX_REFERENCES)])[0]
            found.setdefault(reference_field(number, "customer"), N_(
                "Cần ít nhất 2 khách hàng tham chiếu là doanh nghiệp nhỏ và vừa: tên, người liên hệ "
                "và giải pháp họ đang dùng."))
        return found

    def to_json(self) -> list[dict]:
        return [r.to_json() for r in self.given_references]


TOO_LONG = MappingProxyType({
    "business_registration_no": N_("Số Giấy chứng nhận đăng ký doanh nghiệp: tối đa 40 ký tự."),
    "contact_name": N_("Họ và tên người liên hệ: tối đa 200 ký tự."),
    "contact_position": N_("Chức vụ người liên hệ: tối đa 200 ký tự."),
    "contact_phone": N_("Điện thoại người liên hệ: tối đa 40 ký tự."),
    "contact_email": N_("Email người liên hệ: tối đa 254 ký tự."),
})
REFERENCE_MISSING = MappingProxyType({
    "customer": N_("Cần nhập tên doanh nghiệp khách hàng tham chiếu."),
    "contact": N_("Cần nhập người liên hệ của khách hàng tham chiếu (tên và số điện thoại hoặc email)."),
    "uses": N_("Cần ghi khách hàng tham chiếu đang dùng giải pháp nào."),
})
REFERENCE_TOO_LONG = MappingProxyType({
    "customer": N_("Tên khách hàng tham chiếu: tối đa 300 ký tự."),
    "contact": N_("Người liên hệ của khách hàng tham chiếu: tối đa 300 ký tự."),
    "uses": N_("Giải pháp khách hàng tham chiếu đang dùng: tối đa 500 ký tự."),
})
PHONE_RULE = N_("Số điện thoại người liên hệ không hợp lệ: 10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84 "
                "(vd. 0912 345 678, 024 3825 1234).")
REGISTRATION_RULE = N_("Số Giấy chứng nhận đăng ký doanh nghiệp không hợp lệ: chữ số (vd. 0101234567, "
                       "trùng mã số thuế với doanh nghiệp đăng ký từ 2010), có thể kèm chữ cái, '/', '-'.")


def phone_valid(text: str) -> bool:
    return bool(PHONE.match(PHONE_SEPARATORS.sub("", text)))


def registration_no_problem(text: str) -> str | None:
    if not REGISTRATION_NO.match(text) or sum(ch in "0123456789" for ch in text) < MIN_REGISTRATION_DIGITS:
        return REGISTRATION_RULE
    return None


def decision_refusal(status: str | None, decision: str) -> str | None:
    """Why `decision` cannot be taken on documents in `status`, or None."""
    if decision not in DECISIONS:
        return N_("Quyết định không xác định.")
    if status != "submitted":
        return N_("Chỉ quyết định được hồ sơ đang chờ duyệt.")
    return None


def reason_problem(decision: str, reason: str) -> str | None:
    """Why the reason given with `decision` is refused (missing where required, too long), or None."""
    if decision in REASON_REQUIRED and not reason.strip():
        return REASON_REQUIRED[decision]
    if len(reason) > REASON_MAX:
        return N_("Lý do: tối đa 4.000 ký tự.")
    return None


def may_resubmit(status: str | None) -> bool:
    return status in EDITABLE


def shared_root(tax_code: str | None) -> str | None:
    """The organisation's part of a tax code: its first 10 digits (a branch's "-001" dropped)."""
    return tax_code[:10] if tax_code and len(tax_code) >= 10 else None
