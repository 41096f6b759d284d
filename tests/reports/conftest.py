"""A few contracts counted through the counting service, for the report pages, files and API."""

from datetime import UTC, datetime

import pytest

from contracts import services
from contracts.models import Contract


@pytest.fixture
def some_counted(session, factory):
    """Four contracts of three SMEs in 2026 (one terminated), one in 2027, one with a single signature."""
    vendor = factory.vendor(name="Công ty Sao Mai")
    listing = factory.listing("published", vendor_id=vendor.id, categories=["booking", "crm"])
    smes = [
        factory.sme(sector="tourism", province="Huế", size="small"),
        factory.sme(sector="trade", province="Hà Nội", size="micro"),
        factory.sme(sector="tourism", province=None),
    ]
    plan = [
        (0, "2026-03-02T10:00:00+07:00", 1_800_000, "active"),
        (0, "2026-04-10T10:00:00+07:00", 6_000_000, "terminated"),
        (1, "2026-12-31T20:00:00+00:00", 12_000_000, "signed"),  # 1 January 2027 in Vietnam
        (2, "2026-07-01T09:30:00+07:00", None, "completed"),
        (1, "2026-05-05T10:00:00+07:00", 3_000_000, "signed"),
    ]
    for n, (sme, moment, value, status) in enumerate(plan):
        signed = datetime.fromisoformat(moment).astimezone(UTC)
        contract = Contract(
            id=f"c-r-{n}",
            sme_id=smes[sme].id,
            product_id=listing.id,
            vendor_id=vendor.id,
            status=status,
            source="import",
            pricing={"type": "subscription"},
            pricing_type="subscription",
            value_vnd=value,
            sme_signed_at=signed,
            vendor_signed_at=signed,
            extra={},
        )
        session.add(contract)
        session.flush()
        services.count(session, contract, None)
    session.add(
        Contract(
            id="c-r-half",
            sme_id=smes[0].id,
            product_id=listing.id,
            vendor_id=vendor.id,
            status="signed",
            source="import",
            pricing={"type": "subscription"},
            pricing_type="subscription",
            value_vnd=99,
            sme_signed_at=datetime(2026, 6, 1, tzinfo=UTC),
            extra={},
        )
    )
    session.commit()
    return {"vendor": vendor, "smes": smes, "listing": listing}
