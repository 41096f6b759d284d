"""Migration 0014 counts the vendors already on the marketplace as vetted: each gets an approved vetting
record (source "existing"), on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import make_engine
from marketplace.schema import upgrade
from tests.conftest import PG_BASE_URL, PG_DB


def _vendors_before_vetting_are_approved(url: str) -> None:
    upgrade(url, "0013")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO vendors (id, name, tax_code, extra, created_at) VALUES "
                             "('dv-01', 'MISA', '0101243150', '{}', CURRENT_TIMESTAMP), "
                             "('dv-02', 'Viettel', '0100109106', '{}', CURRENT_TIMESTAMP)"))
    upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT vendor_id, status, source, decided_at IS NOT NULL "
                                    "FROM vendor_vettings ORDER BY vendor_id")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("dv-01", "approved", "existing", True),
                                        ("dv-02", "approved", "existing", True)]


def test_existing_vendors_are_approved_on_sqlite(tmp_path):
    _vendors_before_vetting_are_approved(f"sqlite:///{tmp_path / 'm.db'}")


def test_existing_vendors_are_approved_on_postgresql(database_url):
    database_url("postgresql")  # skips (or fails in CI) when PostgreSQL is unreachable
    name = f"{PG_DB}_vetting_migration"
    admin = sa.create_engine(f"{PG_BASE_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        _vendors_before_vetting_are_approved(f"{PG_BASE_URL}/{name}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
