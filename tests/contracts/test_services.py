"""Contract services on a real database: negotiation, signing, counting once, immutability, audit."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from catalog.product import Pricing
from contracts import services
from contracts.models import Contract, ContractCategory, ContractOffer, ContractSignature
from contracts.terms import Terms, digest
from core.audit import AuditEntry
from core.domain import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from tests.contracts.conftest import TERMS

SME_AT = datetime(2026, 12, 31, 9, 0, tzinfo=UTC)
VENDOR_AT = datetime(2026, 12, 31, 20, 0, tzinfo=UTC)  # 1 January 2027, 03:00 in Vietnam


def _sign_sme(session, parties, contract, at=SME_AT):
    return services.sign(
        session,
        parties.sme_user,
        contract.id,
        contract.terms_digest,
        ip="203.0.113.1",
        user_agent="Firefox",
        now=at,
    )


def _sign_both(session, parties, contract, sme_at=SME_AT, vendor_at=VENDOR_AT):
    _sign_sme(session, parties, contract, sme_at)
    return services.sign(
        session,
        parties.vendor_user,
        contract.id,
        contract.terms_digest,
        ip="198.51.100.2",
        user_agent="Chrome",
        now=vendor_at,
    )


def _actions(session, contract_id):
    return session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.entity_id == contract_id).order_by(AuditEntry.id)
    ).all()


def test_request_offer_accept_fixes_the_terms_and_their_digest(session, parties, agreed):
    contract = agreed()
    assert contract.status == "awaiting_signatures"
    assert contract.terms["sme"]["id"] == parties.sme_user.sme_id
    assert contract.terms["value_vnd"] == 1_800_000 and contract.terms["start_date"] == "2026-07-01"
    assert contract.terms_digest == digest(contract.terms)
    assert [o.kind for o in contract.offers] == ["request", "offer", "accept"]
    assert _actions(session, contract.id) == ["contract.request", "contract.offer", "contract.accept"]


def test_both_signatures_sign_and_count_on_the_vietnam_day_of_the_later_one(session, parties, agreed):
    contract = agreed()
    _sign_sme(session, parties, contract)
    assert (contract.status, contract.counted_day) == ("awaiting_signatures", None)
    _sign_both(session, parties, contract)
    assert contract.status == "signed"
    assert contract.counted_day == date(2027, 1, 1) and contract.counted_month == "2027-01"
    assert (contract.sector, contract.province, contract.pricing_type) == ("trade", "Hà Nội", "subscription")
    categories = session.scalars(
        sa.select(ContractCategory.category).where(ContractCategory.contract_id == contract.id)
    )
    assert sorted(categories) == ["accounting", "e_invoice"]
    signatures = session.scalars(
        sa.select(ContractSignature)
        .where(ContractSignature.contract_id == contract.id)
        .order_by(ContractSignature.side)
    ).all()
    assert [(s.side, s.ip, s.user_agent, s.digest) for s in signatures] == [
        ("sme", "203.0.113.1", "Firefox", contract.terms_digest),
        ("vendor", "198.51.100.2", "Chrome", contract.terms_digest),
    ]
    assert _actions(session, contract.id)[-3:] == ["contract.sign", "contract.signed", "contract.counted"]


def test_signing_again_or_counting_again_changes_nothing(session, parties, agreed):
    contract = agreed()
    _sign_both(session, parties, contract)
    audit_before = len(_actions(session, contract.id))
    _sign_both(
        session,
        parties,
        contract,
        sme_at=datetime(2027, 3, 1, tzinfo=UTC),
        vendor_at=datetime(2027, 3, 2, tzinfo=UTC),
    )
    assert services.count(session, contract, None) is False
    session.expire_all()
    stored = session.get(Contract, contract.id)
    assert (stored.counted_day, stored.vendor_signed_at) == (date(2027, 1, 1), VENDOR_AT)
    assert len(_actions(session, contract.id)) == audit_before


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL's row locks make the retry wait instead
def test_a_retried_signature_racing_the_first_leaves_one_audit_row(app, session, parties, agreed, backend):
    """The retry checked for a signature before the first request committed, and inserts after: its
    insert is ignored, and so must its audit row be."""
    contract = agreed()
    session.commit()
    _sign_sme(session, parties, contract)  # the first request, not committed yet
    retry = app.extensions["db_sessionmaker"]()
    engine = app.extensions["db_engine"]

    def first_commits_now(conn, cursor, statement, *args):
        if statement.startswith("INSERT INTO contract_signatures"):
            session.commit()

    sa.event.listen(engine, "before_cursor_execute", first_commits_now)
    try:
        services.sign(retry, parties.sme_user, contract.id, contract.terms_digest, ip=None, user_agent=None)
        retry.commit()
    finally:
        sa.event.remove(engine, "before_cursor_execute", first_commits_now)
        retry.close()
    assert _actions(session, contract.id).count("contract.sign") == 1


def test_one_signature_never_counts(session, parties, agreed):
    contract = agreed()
    services.sign(session, parties.vendor_user, contract.id, contract.terms_digest, ip=None, user_agent=None)
    assert services.count(session, contract, None) is False
    assert session.get(Contract, contract.id).counted_day is None


def test_the_database_refuses_a_count_without_both_signatures(session, parties, agreed):
    contract = agreed()
    with pytest.raises(sa.exc.IntegrityError):
        session.execute(
            sa.update(Contract).where(Contract.id == contract.id).values(counted_day=date(2026, 1, 1))
        )
    session.rollback()


def test_signing_terms_other_than_those_shown_is_refused(session, parties, agreed):
    contract = agreed()
    with pytest.raises(Conflict, match="thay đổi"):
        services.sign(session, parties.sme_user, contract.id, "0" * 64, ip=None, user_agent=None)
    # The vendor reopens the terms: the digest the SME was shown is stale.
    shown = contract.terms_digest
    services.propose(
        session,
        parties.vendor_user,
        contract.id,
        3,
        Terms(Pricing("subscription"), 2_400_000, date(2026, 7, 1), 12),
    )
    assert contract.status == "draft"
    with pytest.raises(InvalidTransition):
        services.sign(session, parties.sme_user, contract.id, shown, ip=None, user_agent=None)


def test_signed_terms_never_change(session, parties, agreed):
    contract = agreed()
    services.sign(session, parties.sme_user, contract.id, contract.terms_digest, ip=None, user_agent=None)
    frozen = (contract.terms, contract.terms_digest)
    with pytest.raises(Conflict, match="chữ ký"):
        services.propose(session, parties.vendor_user, contract.id, 3, TERMS)
    services.sign(session, parties.vendor_user, contract.id, contract.terms_digest, ip=None, user_agent=None)
    with pytest.raises(InvalidTransition):
        services.propose(session, parties.vendor_user, contract.id, 3, TERMS)
    session.expire_all()
    stored = session.get(Contract, contract.id)
    assert (stored.terms, stored.terms_digest) == frozen
    assert services.verify(session, contract.id, frozen[1]) is not None


def test_verify_knows_the_digest_of_signed_terms_only(session, parties, agreed):
    contract = agreed()
    assert services.verify(session, contract.id, contract.terms_digest) is None  # nobody signed yet
    _sign_both(session, parties, contract)
    assert services.verify(session, contract.id, contract.terms_digest.upper()).id == contract.id
    assert services.verify(session, contract.id, "f" * 64) is None
    assert services.verify(session, "c-none", contract.terms_digest) is None


def test_double_submissions_are_idempotent(session, parties, agreed):
    first = services.request_offer(
        session, parties.sme_user, parties.listing.id, "subscription", None, "c-dbl"
    )
    again = services.request_offer(
        session, parties.sme_user, parties.listing.id, "subscription", None, "c-dbl"
    )
    assert first.id == again.id
    offer = services.propose(session, parties.vendor_user, "c-dbl", 1, TERMS)
    assert services.propose(session, parties.vendor_user, "c-dbl", 1, TERMS).id == offer.id
    services.accept(session, parties.sme_user, "c-dbl", offer.round)
    services.accept(session, parties.sme_user, "c-dbl", offer.round)
    rounds = session.scalars(
        sa.select(ContractOffer.kind)
        .where(ContractOffer.contract_id == "c-dbl")
        .order_by(ContractOffer.round)
    ).all()
    assert rounds == ["request", "offer", "accept"]


def test_a_stale_counter_offer_is_refused(session, parties, agreed):
    contract = services.request_offer(
        session, parties.sme_user, parties.listing.id, "subscription", None, "c-st"
    )
    services.propose(session, parties.vendor_user, contract.id, 1, TERMS)
    with pytest.raises(Conflict):
        services.propose(session, parties.sme_user, contract.id, 1, TERMS)


def test_nobody_accepts_their_own_offer_and_requests_are_not_offers(session, parties):
    contract = services.request_offer(
        session, parties.sme_user, parties.listing.id, "subscription", None, "c-own"
    )
    with pytest.raises(Conflict):
        services.accept(session, parties.vendor_user, contract.id, 1)
    services.propose(session, parties.vendor_user, contract.id, 1, TERMS)
    with pytest.raises(Conflict):
        services.accept(session, parties.vendor_user, contract.id, 2)


def test_offers_follow_the_product_s_pricing_models(session, parties):
    contract = services.request_offer(
        session, parties.sme_user, parties.listing.id, "subscription", None, "c-pm"
    )
    with pytest.raises(ValidationFailed):
        services.propose(
            session,
            parties.vendor_user,
            contract.id,
            1,
            Terms(Pricing("revenue_sharing", revenue_share_pct=5), 0, date(2026, 1, 1), 12),
        )
    with pytest.raises(ValidationFailed):
        services.request_offer(session, parties.sme_user, parties.listing.id, "co_investment", None, "c-pm2")


def test_strangers_see_nothing_and_only_smes_request(session, factory, parties, agreed):
    contract = agreed()
    stranger = factory.user("vendor")
    with pytest.raises(NotFound):
        services.sign(session, stranger, contract.id, contract.terms_digest, ip=None, user_agent=None)
    with pytest.raises(Forbidden):
        services.request_offer(session, parties.vendor_user, parties.listing.id, "subscription", None, "c-x")


def test_life_after_signing_and_its_audit(session, parties, agreed):
    contract = agreed()
    _sign_both(session, parties, contract)
    with pytest.raises(Forbidden):
        services.act(session, parties.sme_user, contract.id, "start")
    services.act(session, parties.vendor_user, contract.id, "start")
    with pytest.raises(ValidationFailed):
        services.act(session, parties.sme_user, contract.id, "terminate")
    services.act(session, parties.sme_user, contract.id, "terminate", "Ngừng kinh doanh")
    services.act(session, parties.sme_user, contract.id, "terminate", "Ngừng kinh doanh")  # repeated: no-op
    assert contract.status == "terminated" and contract.ended_at is not None
    assert contract.counted_day == date(2027, 1, 1)  # still counted on its signing day
    with pytest.raises(InvalidTransition):
        services.act(session, parties.sme_user, contract.id, "cancel", "Thử hủy")
    entries = session.execute(
        sa.select(AuditEntry.action, AuditEntry.from_state, AuditEntry.to_state)
        .where(AuditEntry.entity_id == contract.id)
        .order_by(AuditEntry.id)
    ).all()
    assert entries[-2:] == [
        ("contract.start", "signed", "active"),
        ("contract.terminate", "active", "terminated"),
    ]


def test_cancelling_before_signing(session, parties, agreed):
    contract = agreed()
    services.act(session, parties.vendor_user, contract.id, "cancel", "Hết hàng")
    assert contract.status == "cancelled"
    with pytest.raises(InvalidTransition):
        services.sign(session, parties.sme_user, contract.id, contract.terms_digest, ip=None, user_agent=None)


def test_an_amendment_is_a_new_version_signed_again_and_never_counted_again(session, parties, agreed):
    contract = agreed()
    _sign_both(session, parties, contract)
    changed = Terms(Pricing("subscription"), 3_600_000, date(2026, 7, 1), 24)
    amendment = services.amend(session, parties.vendor_user, contract.id, changed, "Gia hạn")
    assert services.amend(session, parties.vendor_user, contract.id, changed).id == amendment.id
    assert (amendment.parent_id, amendment.version, amendment.status) == (contract.id, 2, "draft")
    services.accept(session, parties.sme_user, amendment.id, 1)
    assert amendment.terms["amends"] == contract.id and amendment.terms_digest != contract.terms_digest
    _sign_both(
        session, parties, amendment, datetime(2027, 2, 1, tzinfo=UTC), datetime(2027, 2, 2, tzinfo=UTC)
    )
    assert amendment.status == "signed" and amendment.counted_day is None
    assert (
        session.scalar(
            sa.select(sa.func.count()).select_from(Contract).where(Contract.counted_day.is_not(None))
        )
        == 1
    )
