"""Saved suggestions: each SME's best offers as the nightly batch ranked them (matching.suggestions)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class SavedSuggestion(Base):
    """One offer among an SME's best, at `rank` (1 = best), with the facts its reasons are written from
    (matching.reasons.facts_json: the dashboard shows the same reasons, in the reader's language, as when
    it ranks live). Valid while both signatures still hold: the published catalog's and the SME profile's
    (with the engine's own), as computed when it was saved; otherwise the dashboard ranks live.

    The listing is not a foreign key: listings are never deleted (they change status), the reader checks
    each one against the public catalog anyway, and the check per row would cost the nightly batch about
    a third of its writing time on PostgreSQL. The SME is one, so that its suggestions go with it."""

    __tablename__ = "sme_suggestions"
    __table_args__ = (CheckConstraint("rank >= 1", name="rank_positive"),)

    sme_id: Mapped[str] = mapped_column(ForeignKey("smes.id", ondelete="CASCADE"), primary_key=True)
    rank: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    listing_id: Mapped[str] = mapped_column(String(64))
    score: Mapped[float]
    facts: Mapped[dict]
    catalog_signature: Mapped[str] = mapped_column(String(32))
    profile_signature: Mapped[str] = mapped_column(String(32))
    computed_at: Mapped[datetime]
