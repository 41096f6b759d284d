"""Fixtures of the route-level security tests."""

import pytest

from core.db import Base
from marketplace.app import create_app
from tests.conftest import TEST_CONFIG


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on its own SQLite file, for checks that do not depend on the database backend."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'security.db'}",
                      "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})
    Base.metadata.create_all(app.extensions["db_engine"])
    yield app
    app.extensions["db_engine"].dispose()
