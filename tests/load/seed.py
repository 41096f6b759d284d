"""Load-test accounts on top of the demo data: one login per demo SME and per vendor, written to a
JSON file for the locustfile. Run inside the app (`python -m tests.load.seed ACCOUNTS.json`)."""

from __future__ import annotations

import json
import sys

from sqlalchemy import select

from marketplace.app import create_app
from marketplace.auth.models import User
from marketplace.extensions import db
from smes.models import Sme
from vendors.models import Vendor

PASSWORD = "Tai-Thu-2026!"


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
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"password": PASSWORD, **accounts}, handle, ensure_ascii=False)
    print(f"load accounts: {len(accounts['sme'])} SMEs, {len(accounts['vendor'])} vendors -> {path}")


if __name__ == "__main__":
    seed(sys.argv[1])
