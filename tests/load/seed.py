"""Load-test data on top of the demo data: one login per demo SME and per vendor, and signed
contracts between them (imported through the project's own interchange import), written to a JSON
file for the locustfile. Run as `python -m tests.load.seed ACCOUNTS.json`."""

from __future__ import annotations

import json
import random
import sys

from sqlalchemy import select

from catalog.importer import import_document
from catalog.queries import public_products
from marketplace.app import create_app
from marketplace.auth.models import User
from marketplace.extensions import db
from smes.models import Sme
from vendors.models import Vendor

PASSWORD = "Tai-Thu-2026!"
CONTRACTS_PER_SME = 3


def signed_contracts(sme_ids: list[str], products) -> list[dict]:
    """Interchange CONTRACT records: each SME signed a few products, under their first pricing model."""
    chooser = random.Random(2026)
    records = []
    for sme_id in sme_ids:
        for n, product in enumerate(chooser.sample(products, CONTRACTS_PER_SME)):
            day = 1 + (len(records) % 28)
            records.append({
                "id": f"load-{sme_id}-{n}", "sme_id": sme_id, "product_id": product.id,
                "pricing": product.pricing_models[0].to_dict(),
                "value_vnd": 12 * (product.price_monthly_vnd or 100_000),
                "start_date": f"2026-03-{day:02d}", "months": 12, "status": "signed",
                "sme_signed_at": f"2026-02-{day:02d}T09:00:00+07:00",
                "vendor_signed_at": f"2026-02-{day:02d}T15:30:00+07:00",
            })
    return records


def seed(path: str) -> None:
    app = create_app()
    with app.app_context():
        passwords = app.extensions["passwords"]
        hashed = passwords.hash(PASSWORD)
        existing = set(db.session.scalars(select(User.email)))
        accounts = {"sme": [], "vendor": []}
        for sme_id in db.session.scalars(select(Sme.id).order_by(Sme.id)):
            email = f"sme-{sme_id}@taithu.vn"
            if email not in existing:
                db.session.add(User(email=email, password_hash=hashed, role="sme", sme_id=sme_id,
                                    full_name=f"Tải thử {sme_id}"))
            accounts["sme"].append({"email": email, "sme_id": sme_id})
        for vendor_id in db.session.scalars(select(Vendor.id).order_by(Vendor.id)):
            email = f"vendor-{vendor_id}@taithu.vn"
            if email not in existing:
                db.session.add(User(email=email, password_hash=hashed, role="vendor", vendor_id=vendor_id,
                                    full_name=f"Tải thử {vendor_id}"))
            accounts["vendor"].append({"email": email, "vendor_id": vendor_id})
        db.session.commit()
        contracts = signed_contracts([a["sme_id"] for a in accounts["sme"]], public_products(db.session))
        import_document(db.session, {"format": "sme-catalog/1", "contracts": contracts}, actor="load-test")
        db.session.commit()
        by_sme: dict[str, list[str]] = {}
        by_vendor: dict[str, list[str]] = {}
        vendor_of = {p.id: p.vendor_id for p in public_products(db.session)}
        for record in contracts:
            by_sme.setdefault(record["sme_id"], []).append(record["id"])
            by_vendor.setdefault(vendor_of[record["product_id"]], []).append(record["id"])
        for account in accounts["sme"]:
            account["contracts"] = by_sme.get(account["sme_id"], [])
        for account in accounts["vendor"]:
            account["contracts"] = by_vendor.get(account["vendor_id"], [])
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"password": PASSWORD, **accounts}, handle, ensure_ascii=False)
    print(f"load data: {len(accounts['sme'])} SME and {len(accounts['vendor'])} vendor logins, "
          f"{len(contracts)} signed contracts -> {path}")


if __name__ == "__main__":
    seed(sys.argv[1])
