"""The budget is never overspent: 20 officers approving different SMEs' applications at the same moment on
PostgreSQL, with a budget that fits only some of them."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from accounts.models import User
from core.domain import Conflict
from core.extensions import db
from tests.vouchers.conftest import make_programme, today
from vouchers import services
from vouchers.models import Programme, Voucher, VoucherApplication

pytestmark = pytest.mark.postgres
THREADS = 20


@pytest.mark.parametrize("backend", ["postgresql"])
def test_twenty_officers_approving_at_once_never_overspend(app, session, factory, scheme, backend):
    # 12.000.000 ₫ per voucher, 100.000.000 ₫ of budget: eight fit, the other twelve must be refused.
    programme = make_programme(session, scheme.officer, name="Ngân sách nhỏ", budget_vnd=100_000_000)
    officers, applications = [], []
    for _ in range(THREADS):
        sme = factory.sme(size="small", readiness_level=2, province="Hà Nội")
        user = factory.user("sme", sme_id=sme.id)
        applications.append(
            services.apply(
                session, user, programme.id, scheme.listing.id, "subscription", 24_000_000, 12, today()
            ).id
        )
        officers.append(factory.user("officer").id)
    session.commit()
    barrier, errors, refused = threading.Barrier(THREADS), [], []

    def approve(n: int) -> None:
        try:
            with app.app_context():
                barrier.wait()  # (before the first query: the pool has fewer connections than threads)
                officer = db.session.get(User, officers[n])
                try:
                    services.approve(db.session, officer, applications[n], None, today())
                    db.session.commit()
                except Conflict:
                    db.rollback()
                    refused.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below with the thread's number
            errors.append((n, repr(exc)))

    threads = [threading.Thread(target=approve, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    session.expire_all()
    stored = session.get(Programme, programme.id)
    issued = session.scalar(select(func.sum(Voucher.amount_vnd)).where(Voucher.programme_id == programme.id))
    assert issued == stored.reserved_vnd == 96_000_000
    assert stored.reserved_vnd + stored.paid_vnd <= stored.budget_vnd
    assert len(refused) == THREADS - 8
    # Refused approvals changed nothing: their applications still wait for a decision.
    waiting = session.scalar(
        select(func.count()).where(
            VoucherApplication.status == "pending", VoucherApplication.programme_id == programme.id
        )
    )
    assert waiting == THREADS - 8
