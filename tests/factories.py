"""Test data factories: make_x(**overrides) writes a valid record and flushes it."""

from __future__ import annotations

import itertools

from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from catalog.models import Listing, ListingRevision
from catalog.product import Product
from core.db import utcnow
from smes.models import Sme
from vendors.models import Vendor, VendorVetting

_seq = itertools.count(1)


class Factory:
    PASSWORD = "Mat-khau-2026!"

    def __init__(self, session: Session, passwords: Passwords):
        self.session = session
        self.passwords = passwords
        self._hash = passwords.hash(self.PASSWORD)

    def _n(self) -> int:
        return next(_seq)

    def vendor(self, vetting: str | None = "approved", **over) -> Vendor:
        """A vendor whose documents are `vetting` (approved by default, as vendors that came before
        vetting; "submitted", "changes_requested" or "rejected" with documents; None: none handed in)."""
        n = self._n()
        vendor = Vendor(**{"id": f"v-{n}", "name": f"Công ty Công nghệ Số {n}", "tax_code": f"01{n:08d}",
                           "province": "Hà Nội", **over})
        self.session.add(vendor)
        self.session.flush()
        if vetting == "approved":
            self.session.add(VendorVetting(vendor_id=vendor.id, status="approved", source="existing",
                                           decided_at=utcnow(), customer_references=[]))
        elif vetting is not None:
            self.session.add(VendorVetting(
                vendor_id=vendor.id, status=vetting, source="registration",
                business_registration_no=vendor.tax_code, contact_name="Trần Thị Mai",
                contact_position="Giám đốc kinh doanh", contact_phone="0912345678",
                contact_email=f"mai{n}@example.vn", submitted_at=utcnow(),
                customer_references=[
                    {"customer": "Công ty TNHH Gốm Bát Tràng", "contact": "Anh Hùng 0987654321",
                     "uses": "Hóa đơn điện tử"},
                    {"customer": "HTX Chè Tân Cương", "contact": "Chị Lan 0978123456",
                     "uses": "Phần mềm bán hàng"}]))
        self.session.flush()
        return vendor

    def sme(self, **over) -> Sme:
        n = self._n()
        sme = Sme(**{"id": f"s-{n}", "name": f"Công ty TNHH Thương mại {n}", "sector": "trade",
                     "province": "Hà Nội", "tax_code": f"03{n:08d}", **over})
        self.session.add(sme)
        self.session.flush()
        return sme

    def user(self, role: str = "sme", **over) -> User:
        n = self._n()
        if role == "vendor" and "vendor_id" not in over:
            over["vendor_id"] = self.vendor().id
        if role == "sme" and "sme_id" not in over:
            over["sme_id"] = self.sme().id
        user = User(**{"email": f"{role}{n}@example.vn", "password_hash": self._hash, "role": role,
                       "full_name": f"Người dùng {n}", **over})
        self.session.add(user)
        self.session.flush()
        return user

    def product(self, **over) -> Product:
        n = self._n()
        data = {
            "id": f"p-{n}", "vendor_id": over.pop("vendor_id", None) or self.vendor().id,
            "name": f"Phần mềm hóa đơn điện tử {n}", "summary": "Xuất hóa đơn điện tử theo Nghị định 123.",
            "categories": ["e_invoice"], "sectors": ["*"], "readiness_min": 0, "readiness_max": 5,
            "pricing_models": [{"type": "subscription"}], "price_monthly_vnd": 150000, **over,
        }
        return Product.from_dict(data)

    def listing(self, status: str = "published", **over) -> Listing:
        """A listing in `status`; published ones have a live approved revision."""
        product = self.product(**over)
        listing = Listing(id=product.id, vendor_id=product.vendor_id, status=status)
        self.session.add(listing)
        self.session.flush()
        once_approved = {"published", "suspended", "withdrawn"}
        revision_status = "approved" if status in once_approved else status
        revision = ListingRevision(listing_id=listing.id, number=1, status=revision_status)
        revision.set_content(product)
        self.session.add(revision)
        self.session.flush()
        if revision_status == "approved":
            listing.published_at = utcnow()
            self.session.flush()
        self.session.expire(listing, ["live_revision", "working_revision", "revisions"])
        return listing
