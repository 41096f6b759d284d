"""Programmes, applications and vouchers (flush only; the request or command commits).

Officers create, publish and close programmes; an SME applies for a product of the current catalog
edition; eligibility is checked and explained (vouchers.rules); officers approve (a voucher is issued
and its amount reserved in the budget) or reject with a reason. Expiry and revocation release what
the voucher holds. Every decision is audited.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from assessments import services as assessments
from catalog.models import Listing
from catalog.product import Pricing
from catalog.queries import official_listing_ids
from catalog.services import newest_revision
from contracts.services import lock_sme
from core import jobs
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, InvalidTransition, Label, NotFound, ValidationFailed
from core.formatting import to_vn
from core.ids import new_id
from core.mail import page_path
from core.vocab import CATEGORIES, PRICING_TYPES, SIZES
from interchange.format import MAX_CONTRACT_MONTHS, MAX_VND
from payments.models import Instalment
from smes.models import Sme
from smes.sizing import effective_size
from vouchers import budget, notices, rules
from vouchers.models import (
    APPLICATION,
    PROGRAMME,
    VOUCHER,
    Payable,
    Programme,
    Voucher,
    VoucherApplication,
)

NAME_MAX, REASON_MAX = 300, 2000
# Letters and digits nobody confuses when reading a code aloud or from paper (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# An SME with an unused voucher is reminded this many days before its last day.
REMIND_DAYS_BEFORE = (14, 3)


def rules_of(programme: Programme) -> rules.ProgrammeRules:
    return rules.ProgrammeRules(
        opens_on=programme.opens_on,
        closes_on=programme.closes_on,
        province=programme.province,
        max_share_pct=programme.max_share_pct,
        caps_vnd=programme.caps_vnd or {},
        categories=tuple(programme.categories or (rules.ANY,)),
    )


def get_programme(session: Session, programme_id: str) -> Programme:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound(N_("Không tìm thấy chương trình hỗ trợ."))
    return programme


# -- programmes ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeInput:
    name: str
    opens_on: date | None
    closes_on: date | None
    budget_vnd: int | None
    province: str | None = None
    max_share_pct: float | None = rules.DEFAULT_SHARE_PCT
    caps_vnd: dict | None = None
    categories: tuple[str, ...] = ()


def _checked(data: ProgrammeInput) -> dict:
    errors: dict = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = N_("Nhập tên chương trình.")
    elif len(name) > NAME_MAX:
        errors["name"] = N_("Tên tối đa 300 ký tự.")
    for field in ("opens_on", "closes_on"):
        if getattr(data, field) is None:
            errors[field] = N_("Nhập ngày theo dạng dd/mm/yyyy.")
    if data.opens_on and data.closes_on and data.opens_on > data.closes_on:
        errors["closes_on"] = N_("Ngày kết thúc phải sau ngày bắt đầu.")
    if data.budget_vnd is None or not 0 < data.budget_vnd <= MAX_VND:
        errors["budget_vnd"] = N_("Nhập ngân sách là số tiền lớn hơn 0.")
    share = rules.DEFAULT_SHARE_PCT if data.max_share_pct is None else data.max_share_pct
    if not 0 < share <= 100:
        errors["max_share_pct"] = N_("Tỷ lệ hỗ trợ phải lớn hơn 0 và không quá 100%.")
    caps = {**rules.DEFAULT_CAPS_VND, **(data.caps_vnd or {})}
    for size in SIZES:
        if caps[size] is None or not 0 <= caps[size] <= MAX_VND:
            errors[f"cap_{size}"] = N_("Nhập hạn mức là số tiền không âm (0: không hỗ trợ quy mô này).")
    if not any(caps[size] for size in SIZES if caps[size]) and not any(f.startswith("cap_") for f in errors):
        errors["cap_small"] = N_("Ít nhất một quy mô doanh nghiệp phải có hạn mức lớn hơn 0.")
    unknown = [c for c in data.categories if c not in CATEGORIES and c != rules.ANY]
    if unknown:
        errors["categories"] = N_("Chọn lĩnh vực trong danh sách.")
    if errors:
        raise ValidationFailed(N_("Thông tin chương trình chưa hợp lệ."), errors)
    return {
        "name": name,
        "opens_on": data.opens_on,
        "closes_on": data.closes_on,
        "budget_vnd": data.budget_vnd,
        "province": (data.province or "").strip() or None,
        "max_share_pct": float(share),
        "caps_vnd": {size: int(caps[size]) for size in SIZES},
        "categories": list(data.categories) or [rules.ANY],
    }


def create_programme(session: Session, user, data: ProgrammeInput) -> Programme:
    """A draft programme (Decree 80 defaults for what is left out); published separately."""
    programme = Programme(id=new_id("prog"), status="draft", **_checked(data))
    session.add(programme)
    session.flush()
    record_audit(
        session,
        user,
        "programme.created",
        PROGRAMME,
        programme.id,
        None,
        "draft",
        None,
        {"budget_vnd": programme.budget_vnd},
    )
    return programme


def publish_programme(session: Session, user, programme_id: str) -> Programme:
    programme = get_programme(session, programme_id)
    if programme.status != "draft":
        raise InvalidTransition(N_("Chỉ chương trình đang soạn mới công bố được."))
    programme.status, programme.published_at = "published", utcnow()
    record_audit(session, user, "programme.published", PROGRAMME, programme.id, "draft", "published")
    session.flush()
    return programme


def close_programme(session: Session, user, programme_id: str) -> Programme:
    """No more applications nor vouchers; issued vouchers stay valid until they expire."""
    programme = get_programme(session, programme_id)
    if programme.status != "published":
        raise InvalidTransition(N_("Chỉ chương trình đang công bố mới đóng được."))
    programme.status, programme.closed_at = "closed", utcnow()
    record_audit(session, user, "programme.closed", PROGRAMME, programme.id, "published", "closed")
    session.flush()
    return programme


def programmes(session: Session, status: str | None = None) -> list[Programme]:
    query = select(Programme).order_by(Programme.opens_on.desc(), Programme.id)
    if status is not None:
        query = query.where(Programme.status == status)
    return list(session.scalars(query))


def open_programmes(session: Session, today: date) -> list[Programme]:
    return [p for p in programmes(session, "published") if p.opens_on <= today <= p.closes_on]


def plain_rules(programme: Programme) -> list[tuple[str, dict]]:
    """The programme's rules as Vietnamese sentences (templates with values) for its public page."""
    out = [
        (
            N_("Hỗ trợ tối đa %(share)s giá trị hợp đồng thuê hoặc mua giải pháp số."),
            {"share": rules.share_text(rules_of(programme))},
        ),
        (
            N_("Nhận hồ sơ từ %(since)s đến %(until)s; phiếu có hiệu lực %(days)s ngày kể từ khi cấp."),
            {
                "since": programme.opens_on.strftime("%d/%m/%Y"),
                "until": programme.closes_on.strftime("%d/%m/%Y"),
                "days": rules.VALID_DAYS,
            },
        ),
    ]
    for size in SIZES:
        cap = (programme.caps_vnd or {}).get(size, 0)
        if cap:
            out.append(
                (
                    N_("Doanh nghiệp quy mô “%(size)s”: tối đa %(cap)s mỗi năm."),
                    {"size": Label(SIZES[size]), "cap": rules.vnd_text(cap)},
                )
            )
    out.append(
        (
            N_("Chỉ doanh nghiệp ở %(province)s.")
            if programme.province
            else N_("Doanh nghiệp ở mọi tỉnh, thành phố."),
            {"province": programme.province or ""},
        )
    )
    out.append(
        (
            N_(
                "Chỉ sản phẩm có trong danh mục chính thức hiện hành, thuộc lĩnh vực được hỗ trợ, "
                "và doanh nghiệp đã được đánh giá mức độ sẵn sàng chuyển đổi số."
            ),
            {},
        )
    )
    return out


# -- eligibility and applications ----------------------------------------------------------------------


def granted_in_year(
    session: Session, sme_id: str, programme_id: str, year: int, exclude: str | None = None
) -> int:
    """What the programme granted the SME in `year` (by issued_on; expired and revoked ones aside)."""
    query = select(func.coalesce(func.sum(Voucher.amount_vnd), 0)).where(
        Voucher.sme_id == sme_id,
        Voucher.programme_id == programme_id,
        Voucher.issued_on >= date(year, 1, 1),
        Voucher.issued_on <= date(year, 12, 31),
        Voucher.status.not_in(("expired", "revoked")),
    )
    if exclude is not None:
        query = query.where(Voucher.id != exclude)
    return int(session.scalar(query) or 0)


def applicant(
    session: Session, sme: Sme, programme: Programme, on: date, exclude: str | None = None
) -> rules.Applicant:
    size = effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size
    return rules.Applicant(
        size=size,
        province=sme.province,
        readiness_level=assessments.current_level(session, sme.id),
        granted_this_year_vnd=granted_in_year(session, sme.id, programme.id, on.year, exclude),
    )


@dataclass(frozen=True)
class ProductChoice:
    listing_id: str
    name: str
    categories: tuple[str, ...]
    pricing_models: tuple[Pricing, ...]
    in_current_edition: bool


def product_choice(session: Session, product_id: str) -> ProductChoice:
    listing = session.get(Listing, product_id)
    if listing is None or listing.status != "published" or listing.live_revision is None:
        raise NotFound(N_("Không tìm thấy sản phẩm đang công bố."))
    product = listing.live_revision.to_product(listing.vendor_id)
    return ProductChoice(
        listing.id,
        product.name,
        product.categories,
        product.pricing_models,
        listing.id in official_listing_ids(session),
    )


def check(
    session: Session, sme: Sme, programme: Programme, product: ProductChoice, on: date
) -> rules.Eligibility:
    found = rules.eligibility(
        rules_of(programme),
        applicant(session, sme, programme, on),
        product.categories,
        on,
        in_current_edition=product.in_current_edition,
    )
    if programme.status != "published":
        closed = rules.Finding("status", False, N_("Chương trình không nhận hồ sơ."))
        return rules.Eligibility((closed, *found.findings), found.cap_left_vnd)
    return found


def _intended(
    product: ProductChoice, pricing_type: str | None, value_vnd: int | None, months: int | None
) -> Pricing:
    errors: dict = {}
    offered = {p.type: p for p in product.pricing_models}
    if pricing_type not in offered:
        errors["pricing_type"] = N_("Chọn một hình thức thanh toán mà sản phẩm áp dụng.")
    if value_vnd is None or not 0 < value_vnd <= MAX_VND:
        errors["value_vnd"] = N_("Nhập giá trị dự kiến của hợp đồng (lớn hơn 0).")
    if pricing_type != "one_time" and (months is None or not 1 <= months <= MAX_CONTRACT_MONTHS):
        errors["months"] = N_("Nhập thời hạn dự kiến (số tháng, từ 1).")
    if errors:
        raise ValidationFailed(N_("Thông tin đề nghị chưa hợp lệ."), errors)
    return offered[pricing_type]


def apply(
    session: Session,
    user,
    programme_id: str,
    product_id: str,
    pricing_type: str | None,
    value_vnd: int | None,
    months: int | None,
    today: date,
) -> VoucherApplication:
    """The SME's application; refused (nothing stored) with every rule it fails, explained."""
    sme = session.get(Sme, user.sme_id)
    programme = get_programme(session, programme_id)
    product = product_choice(session, product_id)
    pricing = _intended(product, pricing_type, value_vnd, months)
    found = check(session, sme, programme, product, today)
    if not found.ok:
        raise ValidationFailed(
            N_("Doanh nghiệp chưa đủ điều kiện: %(why)s"), why=" ".join(f.text() for f in found.refusals)
        )
    if session.scalar(
        select(VoucherApplication.id).where(
            VoucherApplication.sme_id == sme.id,
            VoucherApplication.programme_id == programme.id,
            VoucherApplication.product_id == product.listing_id,
            VoucherApplication.status == "pending",
        )
    ):
        raise Conflict(N_("Đã có một đề nghị cho sản phẩm này đang chờ duyệt."))
    outlay = rules.sme_outlay(pricing, value_vnd, months, today)
    amount = rules.voucher_amount(rules_of(programme), outlay, found.cap_left_vnd)
    if amount <= 0:
        raise ValidationFailed(
            N_("Không tính được số tiền hỗ trợ cho hình thức thanh toán này."),
            {"value_vnd": N_("Cần giá trị hợp đồng hoặc mức trần để tính phần hỗ trợ.")},
        )
    application = VoucherApplication(
        programme_id=programme.id,
        sme_id=sme.id,
        product_id=product.listing_id,
        pricing=pricing.to_dict(),
        value_vnd=value_vnd,
        months=months,
        requested_vnd=amount,
        findings=[f.to_json() for f in found.findings],
        created_by_id=user.id,
    )
    session.add(application)
    session.flush()
    record_audit(
        session,
        user,
        "voucher.applied",
        APPLICATION,
        str(application.id),
        None,
        "pending",
        None,
        {"programme_id": programme.id, "product_id": product.listing_id, "requested_vnd": amount},
    )
    notices.tell_officers(
        session,
        notices.APPLIED,
        sme=sme.name,
        product=product.name,
        programme=programme.name,
        amount=rules.vnd_text(amount),
    )
    return application


def _pending(session: Session, application_id: int, reason: str | None, required: bool) -> VoucherApplication:
    application = session.get(VoucherApplication, application_id)
    if application is None:
        raise NotFound(N_("Không tìm thấy đề nghị."))
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationFailed(N_("Cần ghi lý do của quyết định."), {"reason": N_("Nhập lý do.")})
    if len(reason) > REASON_MAX:
        raise ValidationFailed(N_("Lý do quá dài."), {"reason": N_("Tối đa 2.000 ký tự.")})
    # Two officers deciding at once: one conditional UPDATE lets exactly one of them through.
    claimed = session.execute(
        update(VoucherApplication)
        .where(VoucherApplication.id == application_id, VoucherApplication.status == "pending")
        .values(decided_at=utcnow())
        .returning(VoucherApplication.id)
        .execution_options(synchronize_session=False)
    ).first()
    if claimed is None:
        raise InvalidTransition(N_("Đề nghị này đã được xử lý."))
    session.refresh(application)
    return application


def new_code() -> str:
    return "HT-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def approve(session: Session, user, application_id: int, reason: str | None, today: date) -> Voucher:
    """Issue the voucher: re-check the cap under the SME's lock, reserve the amount in the budget."""
    application = _pending(session, application_id, reason, required=False)
    programme = application.programme
    if programme.status != "published" or not programme.opens_on <= today <= programme.closes_on:
        raise InvalidTransition(N_("Chương trình không còn cấp phiếu."))
    lock_sme(session, application.sme_id)  # the yearly cap: approvals for one SME, one after the other
    left = rules.cap_left(rules_of(programme), applicant(session, application.sme, programme, today))
    amount = min(application.requested_vnd, left)
    if amount <= 0:
        raise Conflict(N_("Doanh nghiệp đã dùng hết hạn mức hỗ trợ của năm."))
    budget.reserve(session, programme.id, amount)
    voucher = Voucher(
        id=new_id("vc"),
        code=new_code(),
        programme_id=programme.id,
        sme_id=application.sme_id,
        application_id=application.id,
        product_id=application.product_id,
        amount_vnd=amount,
        issued_on=today,
        expires_on=rules.expiry(today),
        status="issued",
        reserved_vnd=amount,
    )
    session.add(voucher)
    application.status, application.reason, application.decided_by_id = "approved", reason or None, user.id
    session.flush()
    record_audit(
        session,
        user,
        "voucher.approved",
        APPLICATION,
        str(application.id),
        "pending",
        "approved",
        reason or None,
        {"voucher_id": voucher.id, "amount_vnd": amount},
    )
    record_audit(
        session,
        user,
        "voucher.issued",
        VOUCHER,
        voucher.id,
        None,
        "issued",
        None,
        {"programme_id": programme.id, "amount_vnd": amount},
    )
    _tell_about(session, voucher, notices.ISSUED)
    return voucher


def reject(session: Session, user, application_id: int, reason: str | None) -> VoucherApplication:
    application = _pending(session, application_id, reason, required=True)
    application.status, application.reason, application.decided_by_id = "rejected", reason.strip(), user.id
    record_audit(
        session,
        user,
        "voucher.rejected",
        APPLICATION,
        str(application.id),
        "pending",
        "rejected",
        application.reason,
    )
    notices.tell_sme(
        session,
        application.sme_id,
        notices.REJECTED,
        page_path("vouchers.mine"),
        programme=application.programme.name,
        reason=application.reason,
        product=product_name(session, application.product_id),
    )
    session.flush()
    return application


def queue(session: Session) -> list[VoucherApplication]:
    return list(
        session.scalars(
            select(VoucherApplication)
            .where(VoucherApplication.status == "pending")
            .order_by(VoucherApplication.created_at, VoucherApplication.id)
        )
    )


def applications_of(session: Session, sme_id: str) -> list[VoucherApplication]:
    return list(
        session.scalars(
            select(VoucherApplication)
            .where(VoucherApplication.sme_id == sme_id)
            .order_by(VoucherApplication.created_at.desc())
        )
    )


def vouchers_of(session: Session, sme_id: str) -> list[Voucher]:
    return list(
        session.scalars(
            select(Voucher).where(Voucher.sme_id == sme_id).order_by(Voucher.issued_on.desc(), Voucher.id)
        )
    )


def product_name(session: Session, product_id: str | None) -> str:
    listing = session.get(Listing, product_id) if product_id else None
    return newest_revision(listing).name if listing is not None and listing.revisions else (product_id or "—")


def pricing_label(pricing: dict) -> str:
    return PRICING_TYPES.get(pricing.get("type"), pricing.get("type") or "")


# -- the end of a voucher -------------------------------------------------------------------------------


def expire_due(session: Session, today: date) -> int:
    """Issued vouchers past their expiry day expire and release their reservation."""
    due = list(
        session.scalars(
            select(Voucher)
            .where(Voucher.status == "issued", Voucher.expires_on < today)
            .with_for_update(of=Voucher)
        )
    )
    for voucher in due:
        voucher.status = "expired"
        budget.release(session, voucher, voucher.reserved_vnd)
        record_audit(session, None, "voucher.expired", VOUCHER, voucher.id, "issued", "expired")
        _tell_about(session, voucher, notices.EXPIRED)
    session.flush()
    return len(due)


def remind_expiring(session: Session, today: date) -> int:
    """Tell SMEs of their unused vouchers whose last day is REMIND_DAYS_BEFORE days away (each reminder
    once: the daily run looks at one day per reminder)."""
    told = 0
    for days in REMIND_DAYS_BEFORE:
        for voucher in session.scalars(select(Voucher).where(
                Voucher.status == "issued", Voucher.expires_on == today + timedelta(days=days))):
            _tell_about(session, voucher, notices.EXPIRING, days=days)
            told += 1
    return told


def _tell_about(session: Session, voucher: Voucher, event, **extra) -> None:
    """The SME hears of `event` about its voucher, with the voucher's page."""
    notices.tell_sme(
        session, voucher.sme_id, event, page_path("vouchers.voucher", voucher_id=voucher.id),
        code=voucher.code, programme=voucher.programme.name, amount=rules.vnd_text(voucher.amount_vnd),
        product=product_name(session, voucher.product_id), until=voucher.expires_on.strftime("%d/%m/%Y"),
        **extra)


def revoke(session: Session, user, voucher_id: str, reason: str | None) -> Voucher:
    """Withdraw a voucher: an issued one releases its reservation; a redeemed one stops paying (what is
    not yet disbursed goes back to the SME's instalments still to pay)."""
    voucher = session.scalar(select(Voucher).where(Voucher.id == voucher_id).with_for_update(of=Voucher))
    if voucher is None:
        raise NotFound(N_("Không tìm thấy phiếu hỗ trợ."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(N_("Cần ghi lý do thu hồi phiếu."), {"reason": N_("Nhập lý do.")})
    if voucher.status not in ("issued", "redeemed"):
        raise InvalidTransition(N_("Phiếu đã hết hạn hoặc đã bị thu hồi."))
    previous = voucher.status
    for payable in session.scalars(
        select(Payable).where(Payable.voucher_id == voucher.id, Payable.status == "due")
    ):
        payable.status = "cancelled"
        instalment = session.get(Instalment, payable.instalment_id)
        if instalment.status in ("scheduled", "failed", "free"):
            instalment.amount_vnd += payable.amount_vnd
            instalment.status = "scheduled"
    voucher.status = "revoked"
    budget.release(session, voucher, voucher.reserved_vnd)
    record_audit(session, user, "voucher.revoked", VOUCHER, voucher.id, previous, "revoked", reason)
    notices.tell_sme(
        session,
        voucher.sme_id,
        notices.REVOKED,
        page_path("vouchers.voucher", voucher_id=voucher.id),
        programme=voucher.programme.name,
        code=voucher.code,
        reason=reason,
    )
    session.flush()
    return voucher


def vouchers_of_programme(session: Session, programme_id: str, limit: int = 50) -> list[Voucher]:
    """The programme's latest vouchers, newest first (the officers' page shows a page of them)."""
    return list(
        session.scalars(
            select(Voucher)
            .where(Voucher.programme_id == programme_id)
            .order_by(Voucher.issued_on.desc(), Voucher.id)
            .limit(limit)
        )
    )


def voucher_of_contract(session: Session, contract_id: str) -> Voucher | None:
    return session.scalar(select(Voucher).where(Voucher.contract_id == contract_id))


@jobs.job("vouchers.expire")
def expire_job(session: Session) -> dict:
    today = to_vn(utcnow()).date()
    return {"expired": expire_due(session, today), "reminded": remind_expiring(session, today)}


# 17:05 UTC is 00:05 in Vietnam: the day after a voucher's last valid day, its reservation goes back.
jobs.schedule("vouchers.expire", "5 17 * * *", period="%Y-%m-%d")
