"""`marketplace demo`: the dev data published, accounts for each role, and demo contracts signed by
the demo SMEs with offers that suit them; a second run changes nothing."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from catalog.cli import DEMO_FILE, demo_command
from contracts.models import Contract
from marketplace.app import create_app
from marketplace.extensions import db
from tests.conftest import TEST_CONFIG

REPO_COPY = Path(__file__).resolve().parents[1] / "matching" / "data" / "matching-dev.json"


@pytest.fixture
def demo_file():
    return next(p for p in (DEMO_FILE, REPO_COPY) if p.exists())


@pytest.fixture
def fresh_app(tmp_path):
    """A database without a schema, as on a new machine (`demo` creates it through the migrations)."""
    app = create_app({**TEST_CONFIG, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
                      "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})
    with app.app_context():
        yield app
    app.extensions["db_engine"].dispose()


def test_the_demo_loads_contracts_counted_by_the_rule_and_is_idempotent(fresh_app, demo_file):
    app, session = fresh_app, db.session
    first = app.test_cli_runner().invoke(demo_command, ["--file", str(demo_file)])
    assert first.exit_code == 0, first.output
    assert "canbo@demo.vn" in first.output
    contracts = session.scalars(select(Contract).where(Contract.id.like("demo-%"))).all()
    assert len(contracts) >= 35  # one or two per demo SME
    counted = [c for c in contracts if c.counted]
    waiting = [c for c in contracts if c.status == "awaiting_signatures"]
    assert counted and waiting and not any(c.counted for c in waiting)
    assert all(len(c.signatures) == 2 for c in counted)
    assert any(c.status == "terminated" for c in counted)  # still counted on its signing day

    second = app.test_cli_runner().invoke(demo_command, ["--file", str(demo_file)])
    assert second.exit_code == 0, second.output
    session.expire_all()
    assert session.scalar(select(func.count()).select_from(Contract)) == len(contracts)
