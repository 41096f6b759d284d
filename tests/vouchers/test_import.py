"""`programmes` and `vouchers` in sme-catalog/1 documents: imported rule-breaking vouchers are kept, flagged
with the rule, left out of the indicators, and the import says so per record."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from interchange.sections import ImportRefused, export_document, import_document
from vouchers.indicators import programme_block
from vouchers.models import Programme, Voucher

PROGRAMME = {
    "id": "prog-hn-27",
    "name": "Hỗ trợ chuyển đổi số DNNVV Hà Nội 2027",
    "province": "Hà Nội",
    "opens_on": "2027-01-01",
    "closes_on": "2027-12-31",
    "budget_vnd": 100_000_000,
}
SMES = [
    {"id": "s-hn", "name": "Công ty Hà Nội", "sector": "trade", "size": "small", "province": "Hà Nội"},
    {"id": "s-hp", "name": "Công ty Hải Phòng", "sector": "trade", "size": "micro", "province": "Hải Phòng"},
]


def _voucher(id_, **over) -> dict:
    return {
        "id": id_,
        "programme_id": "prog-hn-27",
        "sme_id": "s-hn",
        "amount_vnd": 10_000_000,
        "issued_on": "2027-03-01",
        "expires_on": "2027-06-01",
        "status": "issued",
        **over,
    }


def _document(vouchers) -> dict:
    return {"format": "sme-catalog/1", "smes": SMES, "programmes": [PROGRAMME], "vouchers": vouchers}


def test_kept_vouchers_hold_budget_and_count_flagged_ones_do_not(session):
    report = import_document(
        session,
        _document(
            [
                _voucher("v-ok"),
                _voucher("v-early", issued_on="2026-12-01"),
                _voucher("v-away", sme_id="s-hp"),
                _voucher("v-cap", amount_vnd=45_000_000),  # 10 + 45 million > the small firm's 50 million
            ]
        ),
    )
    warnings = report.results["vouchers"].warnings
    assert len(warnings) == 3
    assert any("vouchers[1] (id=v-early)" in w and "ngoài thời gian" in w for w in warnings)
    assert any("vouchers[2] (id=v-away)" in w and "ngoài địa bàn" in w for w in warnings)
    assert any("vouchers[3] (id=v-cap)" in w and "hạn mức" in w for w in warnings)
    stored = {v.id: v for v in session.query(Voucher)}
    assert stored["v-ok"].broken_rules == [] and stored["v-early"].broken_rules == ["outside_dates"]
    assert stored["v-away"].flagged and stored["v-away"].reserved_vnd == 0
    programme = session.get(Programme, "prog-hn-27")
    assert (programme.status, programme.reserved_vnd) == ("published", 10_000_000)
    block = programme_block(session, date(2026, 1, 1), date(2027, 12, 31))
    assert block == {"issued": 1, "issued_vnd": 10_000_000, "redeemed": 0, "redeemed_vnd": 0}
    assert programme_block(session, date(2026, 1, 1), date(2027, 12, 31), "Hải Phòng")["issued"] == 0


def test_a_voucher_over_the_budget_is_flagged(session):
    smes = SMES + [
        {"id": f"s-{n}", "name": f"Công ty {n}", "sector": "trade", "size": "medium", "province": "Hà Nội"}
        for n in range(3)
    ]
    document = {
        **_document([_voucher(f"v-{n}", sme_id=f"s-{n}", amount_vnd=40_000_000) for n in range(3)]),
        "smes": smes,
    }
    warnings = import_document(session, document).results["vouchers"].warnings
    assert len(warnings) == 1 and "vouchers[2]" in warnings[0] and "ngân sách" in warnings[0]
    assert session.get(Programme, "prog-hn-27").reserved_vnd == 80_000_000


def test_the_same_document_twice_changes_nothing_and_export_gives_it_back(session):
    document = _document([_voucher("v-ok"), _voucher("v-early", issued_on="2026-12-01", status="expired")])
    import_document(session, document)
    again = import_document(session, document)
    assert not again.changed
    programme = session.get(Programme, "prog-hn-27")
    assert (programme.status, programme.source) == ("published", "import")
    audited = session.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "programme.import"))
    assert list(audited) == ["prog-hn-27"]  # the new programme, once
    exported = export_document(session)
    assert exported["programmes"][0]["caps_vnd"] == {
        "micro": 20_000_000,
        "small": 50_000_000,
        "medium": 100_000_000,
    }
    assert [v["id"] for v in exported["vouchers"]] == ["v-early", "v-ok"]
    assert exported["vouchers"][1] == _voucher("v-ok")
    assert session.get(Programme, "prog-hn-27").reserved_vnd == 10_000_000


@pytest.mark.parametrize(
    ("voucher", "field"),
    [
        (_voucher("v-x", programme_id="nowhere"), "programme_id"),
        (_voucher("v-x", sme_id="nobody"), "sme_id"),
        (
            _voucher(
                "v-x", status="redeemed", contract_id="c-none", redeemed_vnd=1, redeemed_on="2027-04-01"
            ),
            "contract_id",
        ),
        (_voucher("v-x", issued_on="2027-02-30"), "issued_on"),
    ],
)
def test_bad_references_refuse_the_whole_document(session, voucher, field):
    with pytest.raises(ImportRefused) as refused:
        import_document(session, _document([voucher]))
    assert any(p.field == field and p.section == "vouchers" for p in refused.value.problems)
    assert session.get(Programme, "prog-hn-27") is None
