"""Demo accounts for each role and one revision awaiting review, on top of the demo data (idempotent)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.passwords import Passwords
from accounts.services import create_staff, create_user
from catalog import services
from catalog.models import Listing, ListingRevision
from interchange.sections import known_ids
from smes.models import Sme
from vendors.models import Vendor
from vendors.services import add_member

# role -> (email, password, what the account shows)
DEMO_ACCOUNTS = {
    "officer": ("canbo@demo.vn", "Demo-CanBo-2026", "cán bộ thẩm định: hàng chờ thẩm định, ấn bản danh mục"),
    "admin": ("quantri@demo.vn", "Demo-QuanTri-2026", "quản trị"),
    "vendor": ("nhacungcap@demo.vn", "Demo-NhaCungCap-2026", "thành viên nhà cung cấp (dv-01 hoặc đầu tiên)"),
    "sme": ("doanhnghiep@demo.vn", "Demo-DoanhNghiep-2026", "người dùng doanh nghiệp (ds-01 hoặc đầu tiên)"),
}


def already_loaded(session: Session, document: dict) -> bool:
    """Whether every vendor, product and SME of the demo file is stored already (then the demo leaves the
    data as it is, so that a second run does not undo what people did in the demo meanwhile)."""
    known = known_ids(session)
    stored = {"vendors": known.vendors, "products": set(known.product_vendors), "smes": known.smes}
    return all(r.get("id") in stored[name] for name in stored for r in document.get(name) or [])


def _first_id(session: Session, model, preferred: str) -> str | None:
    if session.get(model, preferred) is not None:
        return preferred
    return session.scalar(select(model.id).order_by(model.id).limit(1))


def ensure_demo_accounts(session: Session, passwords: Passwords) -> dict[str, User]:
    """The demo users, created when missing (an existing account is left as it is)."""
    users = {}
    for role, (email, password, _what) in DEMO_ACCOUNTS.items():
        user = session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None and role in ("officer", "admin"):
            user = create_staff(
                session, passwords, email=email, password=password, role=role, full_name=f"Demo {role}"
            )
        elif user is None and role == "vendor":
            vendor_id = _first_id(session, Vendor, "dv-01")
            if vendor_id is None:
                continue
            user = add_member(
                session,
                passwords,
                vendor_id,
                email=email,
                password=password,
                full_name="Nhà cung cấp demo",
                actor=None,
            )
        elif user is None and role == "sme":
            sme_id = _first_id(session, Sme, "ds-01")
            if sme_id is None:
                continue
            user = create_user(session, passwords, email=email, password=password,
                               full_name="Doanh nghiệp demo", role="sme", sme_id=sme_id)
        users[role] = user
    return users


def stage_demo_review(session: Session, vendor_user: User | None) -> str | None:
    """Once: the demo vendor edits one published listing and submits it, so that officers have a
    revision to review with a diff against the live one. Returns the listing id when staged."""
    if vendor_user is None:
        return None
    listing = session.scalar(
        select(Listing)
        .where(Listing.vendor_id == vendor_user.vendor_id, Listing.status == "published")
        .order_by(Listing.id)
        .limit(1)
    )
    if (
        listing is None
        or session.scalar(
            select(func.count()).select_from(ListingRevision).where(ListingRevision.listing_id == listing.id)
        )
        != 1
    ):
        return None
    live = listing.live_revision.to_product(listing.vendor_id)
    price = live.price_monthly_vnd
    changed = replace(
        live,
        price_monthly_vnd=(price or 100_000) * 9 // 10,
        summary=live.summary + " Ưu đãi giảm 10% cho doanh nghiệp mới.",
    )
    services.edit_listing(session, vendor_user, listing, changed)
    services.act(session, vendor_user, listing, "submit")
    return listing.id
