"""Contracts in `marketplace import`: the same rules and counting, warnings for inconsistent records."""

import copy
from datetime import date

import pytest
import sqlalchemy as sa

from contracts.interchange import export
from contracts.models import Contract
from core.audit import AuditEntry
from interchange.sections import ImportRefused, import_document

DOCUMENT = {
    "format": "sme-catalog/1",
    "vendors": [{"id": "v-im", "name": "Công ty Phần mềm Sao Mai"}],
    "products": [
        {
            "id": "p-im",
            "vendor_id": "v-im",
            "name": "Hóa đơn điện tử",
            "summary": "Xuất hóa đơn.",
            "categories": ["e_invoice", "accounting"],
            "sectors": ["*"],
            "readiness_min": 0,
            "readiness_max": 5,
            "pricing_models": [{"type": "subscription"}],
            "price_monthly_vnd": 150000,
        }
    ],
    "smes": [{"id": "s-im", "name": "Công ty TNHH Hoa Sen", "sector": "tourism", "province": "Huế"}],
    "contracts": [
        {
            "id": "k-signed",
            "sme_id": "s-im",
            "product_id": "p-im",
            "pricing": {"type": "subscription"},
            "value_vnd": 1800000,
            "start_date": "2027-01-01",
            "months": 12,
            "status": "active",
            "sme_signed_at": "2026-12-30T10:00:00+07:00",
            "vendor_signed_at": "2026-12-31T20:00:00Z",
        },
        {
            "id": "k-half",
            "sme_id": "s-im",
            "product_id": "p-im",
            "pricing": {"type": "subscription"},
            "status": "signed",
            "sme_signed_at": "2026-05-01T09:00:00+07:00",
        },
        {
            "id": "k-both-awaiting",
            "sme_id": "s-im",
            "product_id": "p-im",
            "pricing": {"type": "one_time", "price_vnd": 9000000},
            "value_vnd": 9000000,
            "status": "awaiting_signatures",
            "sme_signed_at": "2026-06-01T09:00:00+07:00",
            "vendor_signed_at": "2026-06-02T09:00:00+07:00",
            "source_row": 17,
        },
        {
            "id": "k-draft",
            "sme_id": "s-im",
            "product_id": "p-im",
            "pricing": {"type": "subscription"},
            "status": "draft",
        },
    ],
}


def _counted(session):
    return dict(
        session.execute(
            sa.select(Contract.id, Contract.counted_day).where(Contract.counted_day.is_not(None))
        ).all()
    )


def _import(session, document):
    report = import_document(session, copy.deepcopy(document), publish=True)
    session.commit()
    return report.results["contracts"]


def test_import_counts_by_the_same_rule_and_warns_about_inconsistent_records(session):
    result = _import(session, DOCUMENT)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert _counted(session) == {"k-signed": date(2027, 1, 1), "k-both-awaiting": date(2026, 6, 2)}
    assert len(result.warnings) == 2
    half = next(w for w in result.warnings if "k-half" in w)
    assert "thiếu chữ ký của nhà cung cấp" in half and "không tính" in half
    assert any("k-both-awaiting" in w and "được tính" in w for w in result.warnings)
    stored = session.get(Contract, "k-half")
    assert (stored.status, stored.source, stored.counted_day) == ("signed", "import", None)
    assert session.get(Contract, "k-both-awaiting").extra == {"source_row": 17}
    assert session.get(Contract, "k-signed").terms_digest is not None


def test_reimporting_the_same_file_changes_and_counts_nothing(session):
    _import(session, DOCUMENT)
    counted, audit = _counted(session), session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    result = _import(session, DOCUMENT)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert _counted(session) == counted
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == audit


def test_export_gives_back_the_records_and_reimporting_the_export_changes_nothing(session):
    _import(session, DOCUMENT)
    exported = {r["id"]: r for r in export(session)}
    assert exported["k-signed"]["vendor_signed_at"] == "2027-01-01T03:00:00+07:00"
    assert exported["k-both-awaiting"]["source_row"] == 17
    assert exported["k-draft"] == DOCUMENT["contracts"][3]
    again = {**DOCUMENT, "contracts": list(exported.values())}
    result = _import(session, again)
    assert (result.created, result.updated) == (0, 0)


def test_later_records_follow_the_rules(session):
    _import(session, DOCUMENT)
    document = copy.deepcopy(DOCUMENT)
    signed, half, _, draft = document["contracts"]
    signed["value_vnd"] = 1  # signed terms: refused, kept
    signed["status"] = "completed"  # active -> completed: allowed
    half["vendor_signed_at"] = "2026-05-03T09:00:00+07:00"  # the missing signature arrives: now counted
    draft["status"] = "completed"  # draft -> completed: refused, kept
    result = _import(session, document)
    session.expire_all()
    assert session.get(Contract, "k-signed").value_vnd == 1_800_000
    assert session.get(Contract, "k-signed").status == "completed"
    assert session.get(Contract, "k-half").counted_day == date(2026, 5, 3)
    assert session.get(Contract, "k-draft").status == "draft"
    assert any("k-signed" in w and "đã ký" in w for w in result.warnings)
    assert any("k-draft" in w and "không chuyển được" in w for w in result.warnings)
    assert _counted(session)["k-signed"] == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("index", "change", "field"),
    [
        (0, {"sme_id": "s-none"}, "sme_id"),
        (0, {"product_id": "p-none"}, "product_id"),
        (0, {"value_vnd": 10**25}, "value_vnd"),
        (1, {"sme_signed_at": "2026-05-01T09:00:00"}, "sme_signed_at"),
        (2, {"pricing": {"type": "co_investment", "vendor_share_pct": 120}}, "pricing.vendor_share_pct"),
        (
            3,
            {"pricing": {"type": "use_first_pay_later", "free_months": 12}, "months": 6},
            "pricing.free_months",
        ),
    ],
)
def test_a_bad_contract_refuses_the_whole_file_naming_record_and_field(session, index, change, field):
    document = copy.deepcopy(DOCUMENT)
    document["contracts"][index].update(change)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    session.rollback()
    record_id = document["contracts"][index]["id"]
    assert (record_id, field) in {(p.record_id, p.field) for p in refused.value.problems}
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


def test_format_reference_and_timestamp_problems_are_reported_together(session):
    document = copy.deepcopy(DOCUMENT)
    document["products"][0]["readiness_min"] = "0"  # the schema
    document["smes"][0]["employees"] = 10**20  # the schema's bound
    document["contracts"][0]["sme_id"] = "s-none"  # a reference
    document["contracts"][1]["sme_signed_at"] = "2026-05-01T09:00:00"  # a timestamp without offset
    document["contracts"][2]["value_vnd"] = 10**25  # the schema and the contract rules: said once
    document["contracts"][3].update(pricing={"type": "use_first_pay_later", "free_months": 12}, months=6)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    session.rollback()
    found = [(p.section, p.index, p.record_id, p.field) for p in refused.value.problems]
    assert sorted(found) == [
        ("contracts", 0, "k-signed", "sme_id"),
        ("contracts", 1, "k-half", "sme_signed_at"),
        ("contracts", 2, "k-both-awaiting", "value_vnd"),
        ("contracts", 3, "k-draft", "pricing.free_months"),
        ("products", 0, "p-im", "readiness_min"),
        ("smes", 0, "s-im", "employees"),
    ]
    assert session.scalar(sa.select(sa.func.count()).select_from(Contract)) == 0


@pytest.mark.parametrize(
    ("section", "change"),
    [
        ("contracts", {"id": ["k"], "sme_id": ["s-im"], "product_id": {"p": 1}}),
        ("contracts", {"pricing": "subscription", "start_date": 20270101, "sme_signed_at": 5}),
        ("contracts", {"pricing": {"type": ["one_time"], "price_vnd": "nhiều"}, "months": "12"}),
        ("products", {"id": ["p-im"], "pricing_models": "subscription", "readiness_max": None}),
        ("products", {"categories": [{"code": "crm"}], "sectors": [["trade"]]}),
        ("smes", {"id": {"s": 1}, "needs": "pos"}),
    ],
)
def test_records_of_the_wrong_shape_are_refused_never_a_traceback(session, section, change):
    document = copy.deepcopy(DOCUMENT)
    document[section][0].update(change)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    session.rollback()
    assert {p.section for p in refused.value.problems} >= {section}
