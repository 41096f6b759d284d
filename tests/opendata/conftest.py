"""A small open catalog: vendors with public and private fields, listings, two editions, and contracts
counted through the counting service in provinces of many and of few SMEs."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from catalog.services import publish_edition
from contracts import services as contract_services
from contracts.models import Contract


def counted_contract(session, n: int, sme, listing, moment: str, value: int | None) -> Contract:
    signed = datetime.fromisoformat(moment).astimezone(UTC)
    contract = Contract(id=f"c-od-{n}", sme_id=sme.id, product_id=listing.id, vendor_id=listing.vendor_id,
                        status="signed", source="import", pricing={"type": "subscription"},
                        pricing_type="subscription", value_vnd=value, sme_signed_at=signed,
                        vendor_signed_at=signed, extra={})
    session.add(contract)
    session.flush()
    contract_services.count(session, contract, None)
    return contract


@pytest.fixture
def open_world(session, factory):
    officer = factory.user("officer")
    vendor = factory.vendor(id="v-open", name="Công ty Mở", tax_code="0109999999", phone="0901234567",
                            contact_email="giamdoc@example.vn", address="1 Phố Huế", website="https://mo.vn",
                            description="Phần mềm cho DNNVV")
    hidden_vendor = factory.vendor(id="v-draft-only")  # no public product: not in the open data
    listings = [factory.listing("published", id=f"p-{n:02d}", vendor_id=vendor.id) for n in range(5)]
    factory.listing("draft", id="p-draft", vendor_id=hidden_vendor.id)
    publish_edition(session, officer, "1/QĐ-SKHCN", date(2026, 3, 1))
    listings.append(factory.listing("published", id="p-05", vendor_id=vendor.id))
    publish_edition(session, officer, "2/QĐ-SKHCN", date(2026, 6, 1))
    listings.append(factory.listing("published", id="p-06", vendor_id=vendor.id))  # not official yet
    # March 2026: 6 SMEs in Hà Nội, 3 in Huế, 2 in Sơn La (the two small provinces pool to 5);
    # April 2026: 2 SMEs in Huế only (fewer than 5 in the month: nothing published).
    plan = [("Hà Nội", 6, "2026-03-05T10:00:00+07:00"), ("Huế", 3, "2026-03-10T10:00:00+07:00"),
            ("Sơn La", 2, "2026-03-20T10:00:00+07:00"), ("Huế", 2, "2026-04-02T10:00:00+07:00")]
    n = 0
    for province, smes, moment in plan:
        for _ in range(smes):
            sme = factory.sme(province=province, sector="trade", size="small")
            counted_contract(session, n, sme, listings[0], moment, 1_000_000)
            n += 1
    session.commit()
    return {"vendor": vendor, "listings": listings}


@pytest.fixture(scope="session")
def redis_url():
    """A Redis server of this test session's own, on a free loopback port, nothing kept on disk."""
    import shutil
    import socket
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing (scripts/test installs Debian's redis-server)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
