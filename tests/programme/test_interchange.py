"""Consultants, assessments and supports in `marketplace import` / `export`: upsert by id, all or nothing,
each bad record named; the history of assessments kept and the current level the latest one's."""

import copy
import json
from datetime import date

import pytest
import sqlalchemy as sa

from assessments.models import Assessment
from assessments.services import current_level, history
from consultants.models import Consultant, Support
from interchange.sections import ImportRefused, export_document, import_document
from tests.programme.test_report import _assessment, _base

DOCUMENT = _base(
    consultants=[
        {
            "id": "cg-1",
            "name": "Nguyễn Thị Lan",
            "kind": "person",
            "organisation": "Viện Tư vấn Số",
            "specialties": ["e_invoice", "accounting"],
            "sectors": ["tourism"],
            "provinces": ["Huế"],
            "certified_on": "2026-03-01",
            "status": "active",
            "email": "lan@tuvan.vn",
            "hang_muc": "giữ nguyên",
        },
        {
            "id": "cg-2",
            "name": "Công ty Tư vấn Số",
            "kind": "organisation",
            "specialties": ["crm"],
            "status": "suspended",
        },
    ],
    assessments=[
        _assessment("a-1", "s-1", "2026-02-01", 1),
        _assessment("a-2", "s-1", "2026-09-01", 3, "cg-1"),
        _assessment("a-3", "s-1", "2026-09-01", 2, "cg-2"),
    ],
    supports=[
        {
            "id": "su-1",
            "sme_id": "s-1",
            "kind": "consulting",
            "on": "2026-04-02",
            "consultant_id": "cg-1",
            "hours": 2,
            "public_funds_vnd": 1500000,
            "note": "Tư vấn lộ trình",
        },
        {"id": "su-2", "sme_id": "s-2", "kind": "application", "on": "2026-05-02", "hours": 1.5},
    ],
)


def test_import_then_export_gives_the_records_back_and_twice_changes_nothing(session):
    report = import_document(session, copy.deepcopy(DOCUMENT))
    assert (report.results["assessments"].created, report.results["supports"].created) == (3, 2)
    session.commit()
    again = import_document(session, copy.deepcopy(DOCUMENT))
    assert not again.changed
    exported = export_document(session)
    assert exported["consultants"][0] == DOCUMENT["consultants"][0]  # unknown field kept
    assert exported["consultants"][1]["sectors"] == ["*"] and exported["consultants"][1]["provinces"] == ["*"]
    assert exported["assessments"] == sorted(
        DOCUMENT["assessments"], key=lambda a: (a["assessed_on"], a["id"])
    )
    assert exported["supports"] == DOCUMENT["supports"]
    json.dumps(exported)  # every date written back as text


def test_upsert_by_id_keeps_the_history(session):
    import_document(session, copy.deepcopy(DOCUMENT))
    changed = copy.deepcopy(DOCUMENT)
    changed["assessments"] = [
        _assessment("a-2", "s-1", "2026-09-01", 4, "cg-1"),
        _assessment("a-4", "s-1", "2026-10-01", 5),
    ]
    result = import_document(session, changed)
    assert (result.results["assessments"].created, result.results["assessments"].updated) == (1, 1)
    assert [(a.id, a.level) for a in history(session, "s-1")] == [
        ("a-1", 1),
        ("a-2", 4),
        ("a-3", 2),
        ("a-4", 5),
    ]
    assert current_level(session, "s-1") == 5


def test_current_level_is_the_latest_then_the_larger_id_and_the_profile_only_without_one(session):
    import_document(session, copy.deepcopy(DOCUMENT))
    assert current_level(session, "s-1") == 2  # a-3 beats a-2 on the same day
    session.execute(sa.update(Assessment).where(Assessment.id == "a-3").values(assessed_on=date(2026, 8, 31)))
    session.expire_all()
    assert current_level(session, "s-1") == 3
    from smes.models import Sme

    session.get(Sme, "s-2").readiness_level = 4
    assert current_level(session, "s-2") == 4


BAD = [
    ("assessments", {"sme_id": "khong-co"}, "assessments[0] (id=a-1)", "sme_id", "'khong-co' không có"),
    ("assessments", {"consultant_id": "cg-9"}, "assessments[0] (id=a-1)", "consultant_id", "'cg-9' không có"),
    ("assessments", {"level": 7}, "assessments[0] (id=a-1)", "level", "nhỏ hơn hoặc bằng 5"),
    ("assessments", {"assessed_on": "2026-02-30"}, "assessments[0] (id=a-1)", "assessed_on", "không tồn tại"),
    ("assessments", {"assessed_on": "hôm qua"}, "assessments[0] (id=a-1)", "assessed_on", "YYYY-MM-DD"),
    ("supports", {"kind": "coaching"}, "supports[0] (id=su-1)", "kind", "'coaching' không hợp lệ"),
    ("supports", {"sme_id": "s-9"}, "supports[0] (id=su-1)", "sme_id", "'s-9' không có"),
    ("supports", {"on": "2026-13-01"}, "supports[0] (id=su-1)", "on", "không tồn tại"),
    ("supports", {"hours": -1}, "supports[0] (id=su-1)", "hours", "lớn hơn hoặc bằng 0"),
    ("consultants", {"status": "retired"}, "consultants[0] (id=cg-1)", "status", "'retired' không hợp lệ"),
    ("consultants", {"specialties": []}, "consultants[0] (id=cg-1)", "specialties", "ít nhất 1"),
    (
        "consultants",
        {"certified_on": "2026-02-29"},
        "consultants[0] (id=cg-1)",
        "certified_on",
        "không tồn tại",
    ),
]


@pytest.mark.parametrize(("section", "change", "record", "field", "reason"), BAD)
def test_a_bad_record_is_named_and_nothing_is_written(session, section, change, record, field, reason):
    document = copy.deepcopy(DOCUMENT)
    document[section][0].update(change)
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    problems = [str(p) for p in refused.value.problems]
    assert any(p.startswith(f"{record}, trường {field}:") and reason in p for p in problems), problems
    session.rollback()
    for model in (Consultant, Assessment, Support):
        assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_several_bad_records_are_all_named(session):
    document = copy.deepcopy(DOCUMENT)
    document["assessments"][1]["level"] = 7
    document["assessments"][2]["sme_id"] = "khong-co"
    document["supports"][1]["kind"] = "mentoring"
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    where = {(p.section, p.index, p.field) for p in refused.value.problems}
    assert where == {("assessments", 1, "level"), ("assessments", 2, "sme_id"), ("supports", 1, "kind")}


def test_references_to_stored_records_are_accepted(session):
    import_document(session, copy.deepcopy(DOCUMENT))
    later = {
        "format": "sme-catalog/1",
        "assessments": [_assessment("a-9", "s-2", "2026-11-11", 2, "cg-2")],
        "supports": [
            {"id": "su-9", "sme_id": "s-2", "kind": "training", "on": "2026-11-12", "consultant_id": "cg-1"}
        ],
    }
    result = import_document(session, later)
    assert result.results["assessments"].created == 1 and result.results["supports"].created == 1


PROGRAMME = {"id": "ct-1", "name": "Hỗ trợ chuyển đổi số Huế 2026", "opens_on": "2026-01-01",
             "closes_on": "2026-12-31", "budget_vnd": 1000000000}


def test_a_support_naming_an_unknown_programme_is_refused_and_nothing_is_written(session):
    document = copy.deepcopy(DOCUMENT)
    document["supports"][1]["programme_id"] = "ct-khong-co"
    with pytest.raises(ImportRefused) as refused:
        import_document(session, document)
    problems = [str(p) for p in refused.value.problems]
    assert problems == [
        "supports[1] (id=su-2), trường programme_id: chương trình 'ct-khong-co' không có trong tệp cũng "
        "như trong hệ thống"
    ]
    session.rollback()
    for model in (Consultant, Assessment, Support):
        assert session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_a_support_may_name_a_programme_of_the_same_file_or_a_stored_one(session):
    document = copy.deepcopy(DOCUMENT)
    document["programmes"] = [PROGRAMME]
    document["supports"][1]["programme_id"] = "ct-1"
    assert import_document(session, document).results["supports"].created == 2
    session.commit()
    later = {
        "format": "sme-catalog/1",
        "supports": [{"id": "su-7", "sme_id": "s-2", "kind": "training", "on": "2026-11-12",
                      "programme_id": "ct-1"}],
    }
    assert import_document(session, later).results["supports"].created == 1
    assert session.get(Support, "su-7").programme_id == "ct-1"
