"""Exactly once under races on PostgreSQL: 20 threads signing, re-signing, re-importing the same contracts."""

import random
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from accounts.models import User
from contracts import services
from contracts.interchange import to_record
from contracts.models import Contract, ContractCategory, ContractSignature
from core.audit import AuditEntry
from core.extensions import db
from interchange.sections import import_document

pytestmark = pytest.mark.postgres
THREADS = 20


@pytest.mark.parametrize("backend", ["postgresql"])
def test_twenty_threads_leave_each_contract_counted_once(app, session, parties, agreed, backend):
    contracts = [agreed() for _ in range(6)]
    session.commit()
    document = {"format": "sme-catalog/1", "contracts": []}
    for contract in contracts:  # the same contracts, as another system recorded their signatures
        record = to_record(contract)
        record.update(
            status="signed",
            sme_signed_at="2026-08-01T09:00:00+07:00",
            vendor_signed_at="2026-08-02T23:30:00+07:00",
        )
        document["contracts"].append(record)
    ids = [c.id for c in contracts]
    digests = {c.id: c.terms_digest for c in contracts}
    users = {"sme": parties.sme_user.id, "vendor": parties.vendor_user.id}
    barrier, errors = threading.Barrier(THREADS), []

    def work(n: int) -> None:
        rng = random.Random(n)
        role = ("sme", "vendor", "import")[n % 3]
        try:
            with app.app_context():
                barrier.wait()
                for _ in range(2):  # sign, then sign again (a retried request)
                    if role == "import":
                        import_document(db.session, document)
                        db.session.commit()
                        continue
                    user = db.session.get(User, users[role])
                    for contract_id in rng.sample(ids, len(ids)):
                        services.sign(
                            db.session,
                            user,
                            contract_id,
                            digests[contract_id],
                            ip=f"10.0.0.{n}",
                            user_agent="thread",
                            now=datetime.now(UTC),
                        )
                        db.session.commit()
        except Exception as exc:  # noqa: BLE001 - reported below with the thread's number
            errors.append((n, repr(exc)))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    session.expire_all()
    for contract_id in ids:
        contract = session.get(Contract, contract_id)
        assert contract.counted_day is not None
        assert contract.status == "signed"
        sides = session.scalars(
            sa.select(ContractSignature.side).where(ContractSignature.contract_id == contract_id)
        )
        assert sorted(sides) == ["sme", "vendor"]
        counted = session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.entity_id == contract_id, AuditEntry.action == "contract.counted")
        )
        assert counted == 1
        signed = session.scalars(
            sa.select(AuditEntry.data)
            .where(AuditEntry.entity_id == contract_id, AuditEntry.action == "contract.sign")
        ).all()
        audited = [data["side"] for data in signed]  # a side the import recorded first has none
        assert len(audited) == len(set(audited)), audited  # at most one per side, however many re-signed
        categories = session.scalars(
            sa.select(ContractCategory.category).where(ContractCategory.contract_id == contract_id)
        ).all()
        assert sorted(categories) == ["accounting", "e_invoice"]
    # The SME's first-contract days agree with its contracts: one "first" contract overall.
    firsts = session.scalar(
        sa.select(sa.func.count())
        .select_from(Contract)
        .where(Contract.counted_day.is_not(None), Contract.prev_day.is_(None))
    )
    assert firsts == 1
