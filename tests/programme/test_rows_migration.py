"""Migration 0018 computes the monthly rows of the records already stored (indicators.rollup.rebuild), on
SQLite and PostgreSQL, so that the programme report reads the same figures before and after the upgrade."""

from __future__ import annotations

import sqlalchemy as sa

from core.db import make_engine
from marketplace.schema import upgrade
from tests.conftest import PG_BASE_URL, PG_DB


def _rows_of_stored_records_are_computed(url: str) -> None:
    upgrade(url, "0017")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO smes (id, name, sector, province, needs, preferred_pricing_models, current_tools, "
            "extra, contact_consent, created_at, updated_at) VALUES ('s-1', 'Công ty Hoa Sen', 'trade', "
            "'Huế', '[]', '[]', '[]', '{}', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
        conn.execute(sa.text(
            "INSERT INTO assessments (id, sme_id, framework, level, assessed_on, extra, created_at) VALUES "
            "('a-1', 's-1', 'dbi-2158-2023', 1, '2026-02-03', '{}', CURRENT_TIMESTAMP), "
            "('a-2', 's-1', 'dbi-2158-2023', 3, '2026-05-20', '{}', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text(
            "INSERT INTO supports (id, sme_id, kind, on_day, extra, created_at) VALUES "
            "('su-1', 's-1', 'training', '2026-05-02', '{}', CURRENT_TIMESTAMP)"))
    upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "SELECT month, assessment, training, level_before, level_end, "
            "CAST(prior_assessment AS VARCHAR(10)), next_month, province "
            "FROM programme_sme_months WHERE sme_id = 's-1' ORDER BY month")).all()
    engine.dispose()
    assert [tuple(r) for r in rows] == [
        ("2026-02", 1 << 2, 0, None, 1, None, "2026-05", "Huế"),
        ("2026-05", 1 << 19, 1 << 1, 1, 3, "2026-02-03", "9999-12", "Huế"),
    ]


def test_the_rows_of_stored_records_are_computed_on_sqlite(tmp_path):
    _rows_of_stored_records_are_computed(f"sqlite:///{tmp_path / 'm.db'}")


def test_the_rows_of_stored_records_are_computed_on_postgresql(database_url):
    database_url("postgresql")  # skips (or fails in CI) when PostgreSQL is unreachable
    name = f"{PG_DB}_rows_migration"
    admin = sa.create_engine(f"{PG_BASE_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        _rows_of_stored_records_are_computed(f"{PG_BASE_URL}/{name}")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()
