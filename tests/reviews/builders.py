"""A counted contract between a new SME (with its user) and a vendor's published listing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from contracts.models import Contract
from reviews.services import vn_today
from tests.payments.builders import signed_contract


@dataclass
class Deal:
    sme_user: object
    vendor_user: object
    listing: object
    contract: Contract


def deal(
    session, factory, days_ago: int | None = 40, status: str = "active", listing=None, vendor_user=None, **sme
) -> Deal:
    """A contract counted `days_ago` days ago (None: signed by one side only, not counted)."""
    vendor_user = vendor_user or factory.user("vendor")
    listing = listing or factory.listing("published", vendor_id=vendor_user.vendor_id)
    # A public mailbox: the factory's users share example.vn, a private domain the related-party check reads.
    sme_user = factory.user("sme", sme_id=factory.sme(**sme).id, email=f"dn{uuid.uuid4().hex[:8]}@gmail.com")
    counted = None if days_ago is None else vn_today() - timedelta(days=days_ago)
    # A counted contract carries its report snapshot (contracts.models), as counting writes it.
    over = {"status": status, "counted_day": counted}
    if counted is not None:
        over.update(counted_month=f"{counted:%Y-%m}", sector="trade", province="Hà Nội", size="micro")
    if days_ago is None:
        over.update(vendor_signed_at=None, status="awaiting_signatures")
    contract = signed_contract(session, sme_user.sme_id, listing.id, listing.vendor_id, **over)
    return Deal(sme_user, vendor_user, listing, contract)


def review_input(rating: int = 5, **over):
    from reviews.services import ReviewInput

    data = {
        "rating": rating,
        "title": "Dễ dùng, hỗ trợ nhanh",
        "body": "Xuất hóa đơn nhanh, nhân viên học trong một buổi chiều.",
        "work_change": "Bớt nhập liệu tay mỗi cuối tháng.",
        "aspects": {"ease_of_use": 5, "support": 4, "value_for_money": None, "sector_fit": 4},
    }
    data.update(over)
    return ReviewInput(**data)


def day(days_ago: int) -> date:
    return vn_today() - timedelta(days=days_ago)
