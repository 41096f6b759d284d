"""`marketplace report programme`: the SQL report equals the spec computed in memory (reference.py) on a
generated set with every edge case, whole and by province, on SQLite and PostgreSQL; and hand-made
cases whose answers are written out."""

import json
import random
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from indicators.cli import report_programme
from indicators.programme import (
    all_breakdowns,
    breakdown,
    extra_figures,
    month_breakdown,
    months,
    programme_report,
    readiness_by_solution,
)
from interchange.sections import import_document
from tests.programme import generated, reference

PERIODS = [
    (date(2026, 1, 1), date(2026, 12, 31)),
    (date(2026, 6, 30), date(2026, 6, 30)),
    (date(2025, 12, 31), date(2027, 1, 1)),
    (date(2026, 3, 1), date(2026, 9, 30)),
]


@pytest.fixture
def generated_set(session):
    document = generated.document(seed=2026)
    import_document(session, document)
    session.commit()
    return document


def test_generated_set_holds_its_edge_cases(generated_set):
    days = {a["assessed_on"] for a in generated_set["assessments"]}
    assert {"2026-01-01", "2026-12-31", "2027-01-01"} <= days
    same_day = [a["id"] for a in generated_set["assessments"] if a["id"].endswith(("A", "a", "10"))]
    assert len(same_day) >= 4
    smes_without = {s["id"] for s in generated_set["smes"]} - {
        a["sme_id"] for a in generated_set["assessments"]
    }
    assert smes_without & {c["sme_id"] for c in generated_set["contracts"]}  # contracts but no baseline
    assert any("province" not in s for s in generated_set["smes"])


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_report_equals_the_spec_on_the_generated_set(session, generated_set, start, end):
    for province in (None, "Hà Nội", "Huế", "Nowhere"):
        assert programme_report(session, start, end, province) == reference.report(
            generated_set, start, end, province
        )


def test_any_period_equals_the_spec(session, generated_set):
    """Periods starting and ending on any day, within a month or across years: the masks of the first and
    last months, and the history lookups of months with assessments on both sides of a boundary."""
    rng = random.Random(11)
    for _ in range(40):
        start = date(2025, 6, 1) + timedelta(days=rng.randrange(800))
        end = start + timedelta(days=rng.choice([0, 1, 9, 30, 45, 200, 500]))
        province = rng.choice([None, "Hà Nội", "Huế"])
        assert programme_report(session, start, end, province) == reference.report(
            generated_set, start, end, province
        ), (start, end, province)
        assert extra_figures(session, start, end, province)["assessed_or_consulted"] == len(
            reference.assessed_or_consulted(generated_set, start, end, province)
        )


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_readiness_by_solution_equals_the_spec(session, generated_set, start, end):
    for by in ("product", "vendor"):
        for province in (None, "Hà Nội"):
            expected = reference.readiness_by_solution(generated_set, start, end, by, province)
            assert readiness_by_solution(session, start, end, by, province) == expected


def test_each_month_of_the_breakdown_is_that_months_report(session, generated_set):
    start, end = date(2025, 12, 15), date(2026, 3, 10)
    for province in (None, "Huế"):
        groups = month_breakdown(session, start, end, province)
        assert [g["key"] for g in groups] == ["2025-12", "2026-01", "2026-02", "2026-03"]
        for group, (key, first, last) in zip(groups, months(start, end), strict=True):
            expected = reference.report(generated_set, first, last, province)
            del expected["from"], expected["to"], expected["province"]
            assert group == {"key": key, **expected}


def test_levels_inside_a_month_with_assessments_on_both_sides_of_a_day(session):
    """s-1 is assessed on 05/03 (1) and 25/03 (4) and counts a contract on 10/03: a period ending on 15/03
    reads level 1 (its baseline is 1, no follow-up), one ending on 31/03 reads 4 (improved); s-2, counted
    on 20/03 after a 2 on 02/03 and a 3 on 15/03 and before a 3 on 28/03, is unchanged by the end of March
    (from its 3 on 20/03, not from the 2 it had on 10/03, the first counted day of the other SME)."""
    import_document(
        session,
        _base(
            contracts=[
                _contract("k-1", "s-1", "2026-03-10T09:00:00+07:00"),
                _contract("k-2", "s-2", "2026-03-20T09:00:00+07:00"),
            ],
            assessments=[
                _assessment("a-1", "s-1", "2026-03-05", 1),
                _assessment("a-2", "s-1", "2026-03-25", 4),
                _assessment("a-3", "s-2", "2026-03-02", 2),
                _assessment("a-5", "s-2", "2026-03-15", 3),
                _assessment("a-4", "s-2", "2026-03-28", 3),
            ],
        ),
    )
    session.commit()
    middle = programme_report(session, date(2026, 3, 6), date(2026, 3, 15))
    assert middle["tiers"] == {"khoi_dong": 1, "nang_cao": 1, "toan_dien": 0, "unassessed": 0}
    assert middle["readiness_change"] == {"improved": 0, "unchanged": 0, "declined": 0}
    march = programme_report(session, date(2026, 3, 1), date(2026, 3, 31))
    assert march["tiers"] == {"khoi_dong": 0, "nang_cao": 1, "toan_dien": 1, "unassessed": 0}
    assert march["readiness_change"] == {"improved": 1, "unchanged": 1, "declined": 0}
    assert month_breakdown(session, date(2026, 3, 1), date(2026, 3, 31))[0]["readiness_change"] == {
        "improved": 1,
        "unchanged": 1,
        "declined": 0,
    }
    by_product = readiness_by_solution(session, date(2026, 3, 1), date(2026, 3, 31), "product")
    assert by_product == [("p-1", 1, 1, 0)]
    late = programme_report(session, date(2026, 3, 21), date(2026, 3, 26))
    assert late["smes_supported"] == 1 and late["tiers"]["toan_dien"] == 1  # s-1 only, on its 25/03 level


def test_other_seeds_agree_too(session):
    for seed in (1, 7):
        document = generated.document(seed=seed, smes=40)
        for section in ("smes", "contracts", "assessments", "supports", "consultants"):
            for record in document[section]:
                record["id"] = f"{seed}-{record['id']}"
                for ref in ("sme_id", "consultant_id"):
                    if ref in record:
                        record[ref] = f"{seed}-{record[ref]}"
        import_document(session, document)
    session.commit()
    merged = {k: [] for k in ("smes", "contracts", "assessments", "supports", "consultants")}
    for seed in (1, 7):
        document = generated.document(seed=seed, smes=40)
        for section in merged:
            for record in document[section]:
                record = {**record, "id": f"{seed}-{record['id']}"}
                for ref in ("sme_id", "consultant_id"):
                    if ref in record:
                        record[ref] = f"{seed}-{record[ref]}"
                merged[section].append(record)
    start, end = PERIODS[0]
    assert programme_report(session, start, end) == reference.report(merged, start, end)


def test_breakdown_by_province_sums_to_the_total(session, generated_set):
    start, end = PERIODS[0]
    total = programme_report(session, start, end)
    groups = breakdown(session, start, end, "province")
    assert sum(g["smes_supported"] for g in groups) == total["smes_supported"]
    assert sum(g["contracts"] for g in groups) == total["contracts"]
    for group in groups:
        if group["key"] != "unknown":
            expected = reference.report(generated_set, start, end, group["key"])
            assert group["smes_supported"] == expected["smes_supported"]
            assert group["tiers"] == expected["tiers"]
            assert group["readiness_change"] == expected["readiness_change"]
            assert group["consultants"] == expected["consultants"]


def _base(**lists) -> dict:
    return {
        "format": "sme-catalog/1",
        "vendors": [{"id": "v-1", "name": "Công ty Phần mềm Sao Mai"}],
        "products": [
            {
                "id": "p-1",
                "vendor_id": "v-1",
                "name": "Hóa đơn điện tử",
                "summary": "Xuất hóa đơn.",
                "categories": ["e_invoice"],
                "sectors": ["*"],
                "readiness_min": 0,
                "readiness_max": 5,
                "pricing_models": [{"type": "subscription"}],
                "price_monthly_vnd": 150000,
            }
        ],
        "smes": [
            {"id": "s-1", "name": "Công ty Hoa Sen", "sector": "tourism", "province": "Huế"},
            {"id": "s-2", "name": "Công ty Bạch Mai", "sector": "trade", "province": "Hà Nội"},
        ],
        **lists,
    }


def _contract(cid: str, sme: str, stamp: str) -> dict:
    return {
        "id": cid,
        "sme_id": sme,
        "product_id": "p-1",
        "pricing": {"type": "subscription"},
        "status": "signed",
        "sme_signed_at": stamp,
        "vendor_signed_at": stamp,
    }


def _assessment(aid: str, sme: str, day: str, level: int, consultant: str | None = None) -> dict:
    record = {"id": aid, "sme_id": sme, "framework": "dbi-2158-2023", "level": level, "assessed_on": day}
    return {**record, "consultant_id": consultant} if consultant else record


def test_written_out_case(session):
    """s-1: baseline 1 (same day as a 3 whose id is smaller), contract on 10/03, follow-up 4 on 31/12 (the
    last day counts), a 0 on 01/01/2027 (after the period: ignored). s-2: a contract signed at 23:30 on
    31/12/2025 in UTC, which is 01/01/2026 in Vietnam (counted), and no assessment (no baseline)."""
    import_document(
        session,
        _base(
            contracts=[
                _contract("k-1", "s-1", "2026-03-10T09:00:00+07:00"),
                _contract("k-2", "s-2", "2025-12-31T23:30:00Z"),
            ],
            consultants=[
                {
                    "id": "cg-1",
                    "name": "Nguyễn Văn An",
                    "kind": "person",
                    "specialties": ["e_invoice"],
                    "provinces": ["Huế"],
                    "certified_on": "2026-12-31",
                    "status": "active",
                },
                {
                    "id": "cg-2",
                    "name": "Công ty Tư vấn Số",
                    "kind": "organisation",
                    "specialties": ["crm"],
                    "certified_on": "2027-01-01",
                    "status": "active",
                },
            ],
            assessments=[
                _assessment("a-b", "s-1", "2026-02-01", 1),
                _assessment("a-a", "s-1", "2026-02-01", 3),
                _assessment("a-c", "s-1", "2026-12-31", 4, "cg-1"),
                _assessment("a-d", "s-1", "2027-01-01", 0, "cg-2"),
            ],
            supports=[
                {
                    "id": "su-1",
                    "sme_id": "s-2",
                    "kind": "training",
                    "on": "2026-05-05",
                    "consultant_id": "cg-2",
                    "hours": 3,
                }
            ],
        ),
    )
    session.commit()
    report = programme_report(session, date(2026, 1, 1), date(2026, 12, 31))
    assert report == {
        "from": "2026-01-01",
        "to": "2026-12-31",
        "province": None,
        "smes_supported": 2,
        "by_kind": {"assessment": 1, "consulting": 0, "training": 1, "application": 2},
        "tiers": {"khoi_dong": 0, "nang_cao": 0, "toan_dien": 1, "unassessed": 1},
        "readiness_change": {"improved": 1, "unchanged": 0, "declined": 0},
        "consultants": {"certified": 1, "active": 2},
        "vouchers": {"issued": 0, "issued_vnd": 0, "redeemed": 0, "redeemed_vnd": 0},
        "contracts": 2,
    }
    hue = programme_report(session, date(2026, 1, 1), date(2026, 12, 31), "Huế")
    assert (hue["smes_supported"], hue["contracts"], hue["consultants"]) == (
        1,
        1,
        {"certified": 1, "active": 2},
    )
    # Up to the day before the follow-up: the baseline alone, so s-1 is in no readiness group.
    early = programme_report(session, date(2026, 1, 1), date(2026, 12, 30))
    assert early["readiness_change"] == {"improved": 0, "unchanged": 0, "declined": 0}
    assert early["tiers"]["khoi_dong"] == 1  # a-b: the larger id of the same day


def test_cli_json_xlsx_csv(app, session, generated_set, tmp_path):
    runner = app.test_cli_runner()
    xlsx, csv = tmp_path / "p.xlsx", tmp_path / "p.csv"
    result = runner.invoke(
        report_programme,
        [
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--province",
            "Hà Nội",
            "--json",
            "--xlsx",
            str(xlsx),
            "--csv",
            str(csv),
        ],
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed == reference.report(generated_set, date(2026, 1, 1), date(2026, 12, 31), "Hà Nội")
    book = load_workbook(xlsx)
    assert book.sheetnames == ["Tổng hợp", "Tỉnh, thành phố", "Ngành", "Quy mô", "Tháng"]
    assert book["Tổng hợp"]["C3"].value == printed["smes_supported"]
    months = [row[0].value for row in book["Tháng"].iter_rows(min_row=3)]
    assert months == [f"2026-{m:02d}" for m in range(1, 13)]
    text = csv.read_bytes().decode("utf-8-sig")
    assert "Quy mô" in text and "Tháng" in text
    breakdowns = all_breakdowns(session, date(2026, 1, 1), date(2026, 12, 31), "Hà Nội")
    assert sum(g["smes_supported"] for g in breakdowns["sector"]) == printed["smes_supported"]


@pytest.mark.parametrize(
    "args", [["--from", "2026-13-01", "--to", "2026-12-31"], ["--from", "2026-12-31", "--to", "2026-01-01"]]
)
def test_cli_refuses_a_bad_period(app, args):
    result = app.test_cli_runner().invoke(report_programme, [*args, "--json"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "--from" in result.output or "--to" in result.output
