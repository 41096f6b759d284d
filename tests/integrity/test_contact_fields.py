"""The records' fields the checks read: an SME's phone, address and the day it joined, a vendor's address
(the interchange import/export, the migration, the profile pages)."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from core.db import make_engine, utcnow
from core.formatting import to_vn
from interchange.sections import ImportRefused, export_document, import_document
from marketplace.schema import upgrade
from smes.models import Sme
from tests.conftest import PG_BASE_URL, PG_DB, form_post
from tests.integrity.builders import PRODUCT, VENDOR, sme
from vendors.models import Vendor

FIELDS = {
    "phone": "+84 236 3812 345",
    "address": "Số 7 Bạch Đằng, Hải Châu, Đà Nẵng",
    "contact_email": "lienhe@songhan.vn",
    "joined_on": "2026-02-28",
}


def _document(**smes_over) -> dict:
    return {
        "format": "sme-catalog/1",
        "vendors": [VENDOR],
        "products": [PRODUCT],
        "smes": [sme("s-1", **smes_over)],
    }


def test_the_new_fields_travel_through_import_and_export(session):
    import_document(session, _document(**FIELDS), publish=True)
    stored = session.get(Sme, "s-1")
    assert (stored.phone, stored.address, stored.contact_email, stored.joined_on) == (
        FIELDS["phone"],
        FIELDS["address"],
        FIELDS["contact_email"],
        date(2026, 2, 28),
    )
    assert session.get(Vendor, "v-1").address == VENDOR["address"]
    exported = export_document(session)
    assert {k: exported["smes"][0][k] for k in FIELDS} == FIELDS
    assert exported["vendors"][0]["address"] == VENDOR["address"]
    again = import_document(session, exported)
    assert not again.changed  # the same document twice changes nothing


def test_a_day_that_does_not_exist_or_an_address_too_long_is_refused_naming_the_field(session):
    with pytest.raises(ImportRefused) as refused:
        import_document(session, _document(joined_on="2026-02-30", address="x" * 301))
    assert [str(p) for p in refused.value.problems] == [
        "smes[0] (id=s-1), trường address: dài tối đa 300 ký tự",
        "smes[0] (id=s-1), trường joined_on: ngày '2026-02-30' không tồn tại",
    ]
    assert session.scalar(select(sa.func.count()).select_from(Sme)) == 0


def test_registration_records_the_day_an_sme_joined(client, session):
    data = {
        "sme_name": "Công ty TNHH Sông Hàn",
        "sector": "trade",
        "tax_code": "0401234567",
        "province": "Đà Nẵng",
        "full_name": "Trần Văn Hải",
        "email": "hai@songhan.vn",
        "password": "Song-Han-2026!",
        "confirm": "Song-Han-2026!",
    }
    assert form_post(client, "/register/sme", data, page="/register/sme").status_code == 302
    joined = session.scalar(select(Sme.joined_on).where(Sme.name == "Công ty TNHH Sông Hàn"))
    assert joined == to_vn(utcnow()).date()


def test_the_sme_profile_keeps_the_firms_phone_and_address(client, logged_in, factory, session):
    user = factory.user("sme")
    session.commit()
    logged_in(user)
    page = client.get("/sme/profile").get_data(as_text=True)
    assert "Địa chỉ trụ sở" in page and "Điện thoại doanh nghiệp" in page
    data = {
        "name": "Công ty TNHH Sông Hàn",
        "sector": "trade",
        "phone": " 0236 3812 345 ",
        "address": "Số 7 Bạch Đằng, Hải Châu, Đà Nẵng",
        "contact_email": "lienhe@songhan.vn",
    }
    assert form_post(client, "/sme/profile", data, page="/sme/profile").status_code == 302
    session.expire_all()
    saved = session.get(Sme, user.sme_id)
    assert (saved.phone, saved.address, saved.contact_email) == (
        "0236 3812 345",
        "Số 7 Bạch Đằng, Hải Châu, Đà Nẵng",
        "lienhe@songhan.vn",
    )


def test_the_vendor_keeps_its_details_and_bad_input_changes_nothing(client, logged_in, factory, session):
    user = factory.user("vendor")
    session.commit()
    logged_in(user)
    assert "Thông tin doanh nghiệp" in client.get("/vendor/").get_data(as_text=True)
    data = {
        "province": "Hà Nội",
        "address": "Tầng 5, 18 Phạm Hùng, Nam Từ Liêm, Hà Nội",
        "phone": "024 3812 3456",
        "contact_email": "info@anphat-soft.vn",
        "website": "https://anphat-soft.vn",
        "description": "",
    }
    assert form_post(client, "/vendor/profile", data, page="/vendor/profile").status_code == 302
    session.expire_all()
    vendor = session.get(Vendor, user.vendor_id)
    assert (vendor.address, vendor.phone, vendor.contact_email, vendor.description) == (
        data["address"],
        "024 3812 3456",
        "info@anphat-soft.vn",
        None,
    )
    refused = form_post(
        client,
        "/vendor/profile",
        {**data, "address": "x" * 301, "contact_email": "khong-hop-le"},
        page="/vendor/profile",
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Tối đa 300 ký tự." in text and "Email không hợp lệ." in text
    session.expire_all()
    assert session.get(Vendor, user.vendor_id).address == data["address"]


def _scratch_url(backend: str, database_url, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'm.db'}"
    database_url("postgresql")  # skips (or fails in CI) when PostgreSQL is unreachable
    name = f"{PG_DB}_integrity_migration"
    admin = sa.create_engine(f"{PG_BASE_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return f"{PG_BASE_URL}/{name}"


def test_the_migration_dates_app_registered_smes_by_their_first_account(backend, database_url, tmp_path):
    url = _scratch_url(backend, database_url, tmp_path)
    upgrade(url, "0001")
    engine = make_engine(url)
    now = "'2026-01-01 00:00:00+00'"
    with engine.begin() as conn:
        for sme_id in ("s-app", "s-file"):
            conn.exec_driver_sql(
                "INSERT INTO smes (id, name, sector, needs, preferred_pricing_models, current_tools, "
                "contact_consent, extra, created_at, updated_at) "
                f"VALUES ('{sme_id}', 'A', 'trade', '[]', '[]', '[]', false, '{{}}', {now}, {now})"
            )
        # 20:30 UTC on 31 January is 03:30 on 1 February in Vietnam
        at = "'2026-01-31 20:30:00.000000'" if backend == "sqlite" else "'2026-01-31 20:30:00+00'"
        conn.exec_driver_sql(
            "INSERT INTO users (email, password_hash, full_name, role, sme_id, active, locale, "
            f"created_at) VALUES ('a@x.vn', 'h', '', 'sme', 's-app', true, 'vi', {at})"
        )
    upgrade(url)
    with engine.connect() as conn:
        joined = {k: str(v) if v else None for k, v in conn.exec_driver_sql("SELECT id, joined_on FROM smes")}
    engine.dispose()
    assert joined == {"s-app": "2026-02-01", "s-file": None}


def test_an_sme_downloads_its_data_with_the_day_it_joined(client, logged_in, factory, session):
    user = factory.user("sme", sme_id=factory.sme(joined_on=date(2026, 2, 28)).id)
    session.commit()
    logged_in(user)
    answer = form_post(client, "/privacy/export", {}, page="/privacy")
    assert answer.status_code == 200, answer.status_code
    assert answer.get_json()["sme_profile"]["joined_on"] == "2026-02-28"
