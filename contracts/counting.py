"""The counting rule of the "contracts signed" indicator (pure).

A contract counts once, on the calendar day in Vietnam time of the later of its two signatures.
Without both signatures it never counts, whatever its status says. Termination after signing
does not undo the count. An amendment (a new version of a counted contract) is not a new contract.
"""

from __future__ import annotations

from datetime import date, datetime

from core.formatting import to_vn


def later_signature(sme_signed_at: datetime | None, vendor_signed_at: datetime | None) -> datetime | None:
    """The moment the contract became signed by both sides, or None while a signature is missing."""
    if sme_signed_at is None or vendor_signed_at is None:
        return None
    return max(sme_signed_at, vendor_signed_at)


def counted_day(
    sme_signed_at: datetime | None, vendor_signed_at: datetime | None, amendment: bool = False
) -> date | None:
    """The Vietnam-time day the contract counts on, or None when it does not count."""
    moment = later_signature(sme_signed_at, vendor_signed_at)
    if moment is None or amendment:
        return None
    if moment.tzinfo is None:
        raise ValueError("signature timestamps must carry a time zone")
    return to_vn(moment).date()


def month_key(day: date) -> str:
    """The `month` report key of a counted day: YYYY-MM."""
    return f"{day.year:04d}-{day.month:02d}"
