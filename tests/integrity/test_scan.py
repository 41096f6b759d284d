"""The scan on stored records (SQLite and PostgreSQL): what it finds, the flags it keeps, and how a
decided flag survives the next scan."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from core.audit import AuditEntry
from integrity import decisions
from integrity.models import CLEARED, OPEN, IntegrityFlag
from integrity.scan import scan
from payments.services import ensure_schedule
from tests.integrity.builders import DAY, VENDOR, contract, load, sme
from tests.payments.builders import signed_contract


def flags(session) -> dict[str, IntegrityFlag]:
    return {f.contract_id: f for f in session.scalars(select(IntegrityFlag))}


def test_a_related_party_is_found_flagged_and_kept_with_its_reasons(session):
    load(
        session,
        [sme("s-1", phone="+84 912.345.678"), sme("s-2")],
        [contract("c-1", "s-1"), contract("c-2", "s-2")],
    )
    result = scan(session)
    assert [f.to_json() for f in result.findings] == [
        {
            "contract_id": "c-1",
            "score": 0.85,
            "signals": ["related_party"],
            "reasons": ["Cùng số điện thoại 0912 345 678 với nhà cung cấp"],
        }
    ]
    assert (result.deals, result.flagged, result.opened) == (2, 1, 1)
    flag = flags(session)["c-1"]
    assert (flag.status, flag.score, flag.signals, flag.fingerprint) == (
        OPEN,
        0.85,
        ["related_party"],
        "related_party:phone",
    )
    assert flag.reasons[0]["params"] == {} and flag.reasons[0]["parts"][0][1] == {"value": "0912 345 678"}


def test_a_cleared_flag_stays_cleared_until_its_signals_change(session, factory):
    officer = factory.user("officer")
    load(session, [sme("s-1", phone="0912345678")], [contract("c-1", "s-1")])
    scan(session)
    decisions.clear(session, officer, "c-1", "Cùng gia đình nhưng giá đúng niêm yết; đã kiểm tra hóa đơn.")
    again = scan(session)
    assert flags(session)["c-1"].status == CLEARED and again.opened == 0 and again.reopened == 0

    # The same evidence with another amount keeps the decision; a new kind of evidence asks again.
    load(session, [sme("s-1", phone="0912345678", address=VENDOR["address"])], [])
    result = scan(session)
    flag = flags(session)["c-1"]
    assert (flag.status, flag.fingerprint, result.reopened) == (OPEN, "related_party:address+phone", 1)
    assert flag.decided_by_id is None and flag.note is None
    entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "integrity.flag_reopened"))
    assert (entry.entity_type, entry.entity_id, entry.from_state, entry.to_state) == (
        "integrity_flag",
        "c-1",
        CLEARED,
        OPEN,
    )
    assert entry.data["before"] == "related_party:phone"


def test_an_open_flag_goes_when_its_deal_is_no_longer_flagged(session):
    load(session, [sme("s-1", phone="0912345678")], [contract("c-1", "s-1")])
    scan(session)
    load(session, [sme("s-1", phone="0901 111 222")], [])  # the phone was a typing error, now corrected
    result = scan(session)
    assert flags(session) == {} and result.removed == 1


def test_the_period_takes_counted_days_or_for_an_uncounted_deal_its_first_signature(session):
    half_signed = contract("c-2", "s-1", date(2026, 4, 10), status="awaiting_signatures")
    del half_signed["vendor_signed_at"]
    load(session, [sme("s-1", phone="0912345678")], [contract("c-1", "s-1", date(2026, 3, 2)), half_signed])
    in_march = scan(session, date(2026, 3, 1), date(2026, 3, 31))
    assert [f.contract_id for f in in_march.findings] == ["c-1"]
    # c-2's first signature is on 09/04 (the SME's), the day before the vendor would have signed
    in_april = scan(session, date(2026, 4, 9), date(2026, 4, 9))
    assert [f.contract_id for f in in_april.findings] == ["c-2"]
    assert set(flags(session)) == {"c-1", "c-2"}  # a period's scan leaves other periods' flags alone


def test_a_split_across_the_periods_edge_is_found_from_either_side(session):
    load(
        session,
        [sme("s-1")],
        [
            contract("c-1", "s-1", date(2026, 3, 30), value_vnd=3_000_000),
            contract("c-2", "s-1", date(2026, 4, 2), value_vnd=3_000_000),
        ],
    )
    found = scan(session, date(2026, 4, 1), date(2026, 4, 30)).findings
    assert [(f.contract_id, f.codes) for f in found] == [("c-2", ["split_contract"])]


def test_a_quick_end_is_measured_from_the_first_payment(session, factory):
    listing = factory.listing("published")
    made_here = signed_contract(
        session,
        factory.sme().id,
        listing.id,
        listing.vendor_id,
        value_vnd=450_000,
        counted_day=date(2026, 1, 1),
        status="terminated",
        ended_at=datetime(2026, 1, 30, 3, 0, tzinfo=UTC),
    )
    instalment = ensure_schedule(session, made_here)[0]
    instalment.paid_at = datetime(2026, 1, 9, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    session.flush()
    (finding,) = scan(session).findings
    assert finding.to_json()["reasons"] == [
        "Hợp đồng chấm dứt 21 ngày sau lần thanh toán đầu tiên (09/01/2026)"
    ]


def test_a_new_firm_burst_on_stored_records(session):
    smes = [sme(f"s-{i}", joined_on=(DAY - timedelta(days=3)).isoformat()) for i in range(4)]
    load(session, smes, [contract(f"c-{i}", f"s-{i}", DAY + timedelta(days=i)) for i in range(4)])
    found = scan(session).findings
    assert sorted(f.contract_id for f in found) == ["c-0", "c-1", "c-2", "c-3"]
    assert all(f.codes == ["vendor_burst"] and f.flagged for f in found)
