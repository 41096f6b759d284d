"""The shortlist ("Lưu"): products a reader keeps to look at again and compare. An SME's is kept with
its account (ShortlistEntry); anyone else's in their session (catalog/shortlist_views.py). Services flush
only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from catalog import queries
from core.db import Base, utcnow
from core.domain import N_, NotFound, ValidationFailed

# Enough for a shortlist (and a session cookie); people compare 2 to 4 of them.
MAX_SAVED = 30
COMPARE_MIN, COMPARE_MAX = 2, 4


class ShortlistEntry(Base):
    __tablename__ = "shortlist_entries"

    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id", ondelete="CASCADE"), primary_key=True)
    listing_id: Mapped[str] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


def saved_ids(session: Session, sme_id: str) -> list[str]:
    """The SME's saved listing ids, oldest first."""
    return list(session.scalars(select(ShortlistEntry.listing_id).where(ShortlistEntry.sme_id == sme_id)
                                .order_by(ShortlistEntry.added_at, ShortlistEntry.listing_id)))


def check_can_save(session: Session, listing_id: str, already: list[str]) -> None:
    """Only a public product can be saved, and at most MAX_SAVED of them."""
    if queries.public_product(session, listing_id) is None:
        raise NotFound(N_("Không tìm thấy sản phẩm “%(id)s”."), id=listing_id)
    if listing_id not in already and len(already) >= MAX_SAVED:
        raise ValidationFailed(
            N_("Danh sách đã lưu có tối đa %(n)s sản phẩm; hãy bỏ bớt trước khi lưu thêm."), n=MAX_SAVED)


def save(session: Session, sme_id: str, listing_id: str) -> None:
    already = saved_ids(session, sme_id)
    check_can_save(session, listing_id, already)
    if listing_id not in already:
        session.add(ShortlistEntry(sme_id=sme_id, listing_id=listing_id))
        session.flush()


def remove(session: Session, sme_id: str, listing_id: str) -> None:
    session.execute(delete(ShortlistEntry).where(ShortlistEntry.sme_id == sme_id,
                                                 ShortlistEntry.listing_id == listing_id))
    session.flush()


def compare_choice(ids: list[str]) -> list[str]:
    """The products to compare, in the order given, each once: between COMPARE_MIN and COMPARE_MAX."""
    chosen = list(dict.fromkeys(i for i in ids if i))
    if not COMPARE_MIN <= len(chosen) <= COMPARE_MAX:
        raise ValidationFailed(
            N_("Hãy chọn từ %(low)s đến %(high)s sản phẩm để so sánh (đã chọn %(n)s)."),
            low=COMPARE_MIN, high=COMPARE_MAX, n=len(chosen))
    return chosen
