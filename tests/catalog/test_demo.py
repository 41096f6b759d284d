"""`marketplace demo`: the dev data published, accounts for each role, and demo contracts signed by
the demo SMEs with offers that suit them; a second run changes nothing."""


import pytest
from sqlalchemy import func, select

from contracts.models import Contract
from core.extensions import db
from demo.cli import DEMO_FILE, demo_command
from marketplace.app import create_app
from marketplace.schema import upgrade
from tests.conftest import TEST_CONFIG


@pytest.fixture
def demo_file():
    return DEMO_FILE


@pytest.fixture
def fresh_app(tmp_path):
    """A new database with its schema (the console command `marketplace demo` creates it: test_cli.py)."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade(url)
    app = create_app({**TEST_CONFIG, "DATABASE_URL": url, "SEARCH_INDEX_PATH": str(tmp_path / "search.db")})
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


def test_the_demo_has_smes_that_consent_to_be_contacted_so_the_demo_vendor_has_leads(fresh_app, demo_file):
    from accounts.models import User
    from matching.service import leads_for_vendor
    from privacy.models import ConsentRecord

    result = fresh_app.test_cli_runner().invoke(demo_command, ["--file", str(demo_file)])
    assert result.exit_code == 0, result.output
    consents = db.session.scalars(select(ConsentRecord).where(ConsentRecord.source == "demo")).all()
    assert len(consents) >= 10 and all(c.purpose == "contact_by_vendors" for c in consents)
    demo_sme = db.session.scalar(select(User).where(User.email == "doanhnghiep@demo.vn"))
    assert demo_sme.sme_id not in {c.sme_id for c in consents}  # left for the person trying the demo
    vendor = db.session.scalar(select(User).where(User.email == "nhacungcap@demo.vn"))
    leads = leads_for_vendor(db.session, vendor.vendor_id)
    assert leads and all(lead.sme.contact_person and lead.sme.contact_phone
                         for rows in leads.values() for lead in rows)
