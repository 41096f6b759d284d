"""Records for the integrity tests, brought in through the project's own import (as an office brings
records kept elsewhere): a vendor with a product at 500.000 ₫ a month, SMEs and their contracts."""

from __future__ import annotations

from datetime import date, timedelta

from interchange.sections import import_document

VENDOR = {
    "id": "v-1",
    "name": "Công ty Cổ phần Công nghệ An Phát",
    "tax_code": "0101234567",
    "phone": "0912 345 678",
    "contact_email": "info@anphat-soft.vn",
    "address": "Tầng 5, tòa nhà Sông Đà, 18 Phạm Hùng, Nam Từ Liêm, Hà Nội",
}
PRODUCT = {
    "id": "p-1",
    "vendor_id": "v-1",
    "name": "An Phát Hóa đơn điện tử",
    "summary": "Hóa đơn điện tử.",
    "categories": ["e_invoice"],
    "sectors": ["*"],
    "readiness_min": 0,
    "readiness_max": 5,
    "price_monthly_vnd": 500_000,
    "pricing_models": [{"type": "subscription"}],
}
DAY = date(2026, 3, 2)


def sme(sme_id: str = "s-1", **over) -> dict:
    return {
        "id": sme_id,
        "name": f"Công ty TNHH Thương mại {sme_id}",
        "sector": "trade",
        "phone": "0987 654 321",
        "contact_email": f"{sme_id}@gmail.com",
        "address": "Số 40, đường Lê Lợi, TP. Huế",
        "joined_on": "2025-01-15",
        **over,
    }


def contract(contract_id: str = "c-1", sme_id: str = "s-1", day: date = DAY, **over) -> dict:
    """A 12-month subscription at the list price, signed by both sides on `day` (Vietnam time)."""
    return {
        "id": contract_id,
        "sme_id": sme_id,
        "product_id": "p-1",
        "pricing": {"type": "subscription"},
        "value_vnd": 6_000_000,
        "start_date": day.isoformat(),
        "months": 12,
        "sme_signed_at": f"{(day - timedelta(days=1)).isoformat()}T09:00:00+07:00",
        "vendor_signed_at": f"{day.isoformat()}T10:00:00+07:00",
        "status": "active",
        **over,
    }


def load(session, smes: list[dict], contracts: list[dict], vendors: list[dict] | None = None) -> None:
    """Import the records (with the vendor and its published product) and flush."""
    import_document(
        session,
        {
            "format": "sme-catalog/1",
            "vendors": vendors or [VENDOR],
            "products": [PRODUCT],
            "smes": smes,
            "contracts": contracts,
        },
        publish=True,
        actor="test",
    )
    session.flush()
