"""The vouchers' demo records: a programme for Hà Nội open until the end of next year and the vouchers it
paid on demo contracts already counted there (as interchange records, imported like any file), so that
the officers' programme page, the voucher reports and the programme indicators have something to show.
Deterministic: a second demo run changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.models import Contract
from payments.schedule import share_of
from smes.models import Sme
from smes.sizing import effective_size
from vouchers.models import Programme
from vouchers.rules import DEFAULT_CAPS_VND, DEFAULT_SHARE_PCT, VALID_DAYS

PROGRAMME = "demo-prog-hn"
PROVINCE = "Hà Nội"
REDEEMED = 6  # demo contracts paid in part by a voucher


def vouchers_document(session: Session, today: date) -> dict | None:
    """The demo programme and its past vouchers; None once loaded."""
    if session.get(Programme, PROGRAMME) is not None:
        return None
    programme = {
        "id": PROGRAMME,
        "name": "Hỗ trợ chuyển đổi số DNNVV Hà Nội 2026-2027",
        "province": PROVINCE,
        "opens_on": "2025-01-01",
        "closes_on": f"{today.year + 1}-12-31",
        "budget_vnd": 5_000_000_000,
        "categories": ["*"],
    }
    rows = session.execute(
        select(Contract, Sme)
        .join(Sme, Sme.id == Contract.sme_id)
        .where(
            Contract.counted_day.is_not(None),
            Contract.value_vnd > 0,
            Sme.province == PROVINCE,
            Contract.counted_day >= date(2025, 2, 1),
        )
        .order_by(Contract.counted_day, Contract.id)
    ).all()
    vouchers, seen = [], set()
    for contract, sme in rows:
        size = effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size
        if size is None or sme.id in seen or len(vouchers) == REDEEMED:
            continue
        seen.add(sme.id)
        amount = min(DEFAULT_CAPS_VND[size], share_of(contract.value_vnd, DEFAULT_SHARE_PCT))
        day = contract.counted_day
        vouchers.append(
            {
                "id": f"demo-vc-{len(vouchers) + 1:02d}",
                "programme_id": PROGRAMME,
                "sme_id": sme.id,
                "amount_vnd": amount,
                "issued_on": (day - timedelta(days=10)).isoformat(),
                "expires_on": (day - timedelta(days=10) + timedelta(days=VALID_DAYS)).isoformat(),
                "status": "redeemed",
                "contract_id": contract.id,
                "redeemed_vnd": amount,
                "redeemed_on": day.isoformat(),
            }
        )
    return {"format": "sme-catalog/1", "programmes": [programme], "vouchers": vouchers}
