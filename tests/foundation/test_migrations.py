"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import marketplace.features  # noqa: F401  (imports every model)
from core.db import Base, make_engine
from marketplace.schema import upgrade
from tests.conftest import PG_BASE_URL, PG_DB


def _assert_migrations_match_models(url: str) -> None:
    upgrade(url)

    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_migrations_match_models_on_sqlite(tmp_path):
    _assert_migrations_match_models(f"sqlite:///{tmp_path / 'm.db'}")


def test_migrations_match_models_on_postgresql(database_url):
    database_url("postgresql")  # skips (or fails in CI) when PostgreSQL is unreachable
    name = f"{PG_DB}_migrations"  # TEST_PG_DB's: test runs sharing the server must not drop each other's
    admin = sa.create_engine(f"{PG_BASE_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    _assert_migrations_match_models(f"{PG_BASE_URL}/{name}")
