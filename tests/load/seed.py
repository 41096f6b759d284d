"""Load-test data on top of the demo data: one login per demo SME and per vendor, a few officers, signed
contracts between them (imported through the project's own interchange import), and the national
portal's partner key (portals read the open data with one, as in production: without it every portal
would share the anonymous limit of their one test address), written to a JSON file for the locustfile.
Run as `python -m tests.load.seed ACCOUNTS.json`."""

from __future__ import annotations

import json
import random
import sys

from sqlalchemy import select

from accounts.models import User
from catalog.queries import public_products
from core.extensions import db
from demo.contracts import contract_records
from interchange.sections import import_document
from marketplace.app import create_app
from opendata import keys as partner_keys
from smes.models import Sme
from vendors.models import Vendor

PASSWORD = "Tai-Thu-2026!"
CONTRACTS_PER_SME = 3
OFFICERS = 4


def seed(path: str) -> None:
    app = create_app()
    with app.app_context():
        passwords = app.extensions["passwords"]
        hashed = passwords.hash(PASSWORD)
        existing = set(db.session.scalars(select(User.email)))
        accounts = {"sme": [], "vendor": [], "officer": []}
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
        for number in range(OFFICERS):
            email = f"officer-{number}@taithu.vn"
            if email not in existing:
                db.session.add(User(email=email, password_hash=hashed, role="officer",
                                    full_name=f"Cán bộ tải thử {number}"))
            accounts["officer"].append({"email": email, "contracts": []})
        db.session.commit()
        products, chooser = public_products(db.session), random.Random(2026)
        choices = [(a["sme_id"], [(p, None) for p in chooser.sample(products, CONTRACTS_PER_SME)])
                   for a in accounts["sme"]]
        contracts = contract_records(choices, per_sme=CONTRACTS_PER_SME, prefix="load")
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
        officer = db.session.scalar(select(User).where(User.email == accounts["officer"][0]["email"]))
        _key, portal_key = partner_keys.create(db.session, officer, "Cổng thông tin DNNVV quốc gia (tải thử)",
                                               ["catalog", "indicators"], partner_keys.MAX_PER_MINUTE)
        db.session.commit()
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"password": PASSWORD, "portal_key": portal_key, **accounts}, handle, ensure_ascii=False)
    print(f"load data: {len(accounts['sme'])} SME and {len(accounts['vendor'])} vendor logins, "
          f"{len(contracts)} signed contracts -> {path}")


if __name__ == "__main__":
    seed(sys.argv[1])
