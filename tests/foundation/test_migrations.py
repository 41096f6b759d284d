"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from marketplace.db import Base, load_all_models, make_engine
from marketplace.schema import upgrade
from tests.conftest import PG_BASE_URL


def _assert_migrations_match_models(url: str) -> None:
    upgrade(url)
    load_all_models()
    engine = make_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ; write a migration: {diff}"


def test_migrations_match_models_on_sqlite(tmp_path):
    _assert_migrations_match_models(f"sqlite:///{tmp_path / 'm.db'}")


def test_migrations_match_models_on_postgresql(database_url):
    database_url("postgresql")  # skips (or fails in CI) when PostgreSQL is unreachable
    admin = sa.create_engine(f"{PG_BASE_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS test_migrations WITH (FORCE)")
        conn.exec_driver_sql("CREATE DATABASE test_migrations")
    admin.dispose()
    _assert_migrations_match_models(f"{PG_BASE_URL}/test_migrations")
