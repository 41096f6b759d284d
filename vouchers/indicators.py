"""The `vouchers` block of `marketplace report programme` (shared/spec/programme.md, Programme indicators).

`issued`, `issued_vnd`: vouchers issued in the period (any status), count and sum of `amount_vnd`;
`redeemed`, `redeemed_vnd`: vouchers redeemed in the period, count and sum of `redeemed_vnd`. Flagged
vouchers (an imported past record that breaks a rule) are left out of all four. With a province, only
the vouchers of SMEs in that province.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smes.models import Sme
from vouchers.models import Voucher


def _kept(query, province: str | None):
    query = query.where(Voucher.flagged.is_(False))
    if province is not None:
        query = query.join(Sme, Sme.id == Voucher.sme_id).where(Sme.province == province)
    return query


def programme_block(session: Session, start: date, end: date, province: str | None = None) -> dict:
    issued = session.execute(
        _kept(
            select(func.count(), func.coalesce(func.sum(Voucher.amount_vnd), 0)).where(
                Voucher.issued_on >= start, Voucher.issued_on <= end
            ),
            province,
        )
    ).one()
    redeemed = session.execute(
        _kept(
            select(func.count(), func.coalesce(func.sum(Voucher.redeemed_vnd), 0)).where(
                Voucher.status == "redeemed", Voucher.redeemed_on >= start, Voucher.redeemed_on <= end
            ),
            province,
        )
    ).one()
    return {
        "issued": issued[0],
        "issued_vnd": int(issued[1]),
        "redeemed": redeemed[0],
        "redeemed_vnd": int(redeemed[1]),
    }
