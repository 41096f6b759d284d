"""An SME's current level is its latest assessment's, wherever the assessment comes from (its own
questionnaire, a consultant, an import), and the profile's readiness_level, which matching reads, follows
it: an earlier-dated assessment recorded later changes the history, not the level."""

import copy
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from assessments.models import Assessment
from assessments.services import current_level, has_assessment, history, record_assessment, self_assess
from consultants.models import Consultant, ConsultantRequest
from consultants.work import run_assessment
from core.db import utcnow
from core.formatting import to_vn
from interchange.sections import export_document, import_document
from matching.service import matches_for, profile_of
from smes import readiness
from smes.models import Sme
from tests.programme.test_report import _assessment, _base


@pytest.fixture
def sme(factory, session):
    found = factory.sme(readiness_level=1, readiness_framework="tu-khai")
    session.commit()
    return found


def _level(session, sme_id: str) -> int | None:
    session.expire_all()
    return profile_of(session.get(Sme, sme_id)).readiness_level


def test_matching_follows_the_latest_assessment_not_the_last_recorded(session, factory, sme):
    officer = factory.user("officer")
    record_assessment(session, officer, sme.id, 4, date(2026, 9, 1), "dbi-2158-2023")
    session.commit()
    assert _level(session, sme.id) == 4 and session.get(Sme, sme.id).readiness_framework == "dbi-2158-2023"
    # Recorded later, dated earlier: history only.
    record_assessment(session, officer, sme.id, 1, date(2026, 3, 1), "dbi-2158-2023")
    session.commit()
    assert _level(session, sme.id) == 4 == current_level(session, sme.id)
    assert [a.level for a in history(session, sme.id)] == [1, 4]
    record_assessment(session, officer, sme.id, 2, date(2026, 10, 1), "dbi-sme/2026.1")
    session.commit()
    assert _level(session, sme.id) == 2 == current_level(session, sme.id)


def test_matching_ranks_with_the_level_of_the_latest_assessment(session, factory):
    vendor = factory.vendor()
    factory.listing("published", id="p-erp", vendor_id=vendor.id, name="ERP", readiness_min=4,
                    readiness_max=5)
    sme = factory.sme(readiness_level=1)
    session.commit()
    assert "p-erp" not in [m.offer.product.id for m in matches_for(session, sme, top=50)]
    record_assessment(session, factory.user("officer"), sme.id, 5, date(2026, 5, 1), "dbi-2158-2023")
    session.commit()
    assert "p-erp" in [m.offer.product.id for m in matches_for(session, session.get(Sme, sme.id), top=50)]


def test_the_same_day_the_last_recorded_is_the_latest(session, factory, sme):
    user = factory.user("sme", sme_id=sme.id)
    framework = readiness.current_framework()
    questions = [q for p in framework.pillars for q in p.questions]
    self_assess(session, user, sme.id, framework, {q.code: len(q.options) - 1 for q in questions})
    self_assess(session, user, sme.id, framework, {q.code: 0 for q in questions})
    session.commit()
    first, second = history(session, sme.id)
    assert first.level > second.level and first.assessed_on == second.assessed_on
    assert _level(session, sme.id) == second.level == current_level(session, sme.id)


def test_a_consultants_assessment_sets_the_level_through_the_one_service(session, factory, sme):
    consultant_user = factory.user("consultant")
    consultant = Consultant(id="cg-1", name="Lan", kind="person", specialties=["crm"], status="active",
                            certified_on=date(2026, 1, 1), user_id=consultant_user.id, extra={})
    session.add(consultant)
    session.add(ConsultantRequest(sme_id=sme.id, consultant_id="cg-1", status="accepted"))
    session.flush()
    found = run_assessment(session, consultant_user, sme.id, 3, date.today() - timedelta(days=1), "dbi")
    session.commit()
    assert found.consultant_id == "cg-1" and _level(session, sme.id) == 3


def test_an_import_holds_the_level_of_the_latest_assessment(session):
    document = _base(assessments=[
        _assessment("a-2", "s-1", "2026-09-01", 4),
        _assessment("a-1", "s-1", "2026-02-01", 1),
    ])
    document["smes"][0]["readiness_level"] = 0
    import_document(session, copy.deepcopy(document))
    session.commit()
    assert _level(session, "s-1") == 4 and _level(session, "s-2") is None
    # Twice: nothing changes (the document's own level of s-1 does not stand, it has assessments).
    assert not import_document(session, copy.deepcopy(document)).changed
    # An older one imported later: history only; a later one: the level.
    later = {"format": "sme-catalog/1", "assessments": [_assessment("a-0", "s-1", "2025-01-01", 5)]}
    import_document(session, later)
    assert _level(session, "s-1") == 4
    later["assessments"].append(_assessment("a-9", "s-1", "2026-12-01", 2))
    import_document(session, later)
    assert _level(session, "s-1") == 2
    # An assessment moved to another SME: both follow.
    later["assessments"][1]["sme_id"] = "s-2"
    import_document(session, later)
    assert (_level(session, "s-1"), _level(session, "s-2")) == (4, 2)
    # What is exported comes back unchanged.
    session.commit()
    assert not import_document(session, export_document(session)).changed


def test_an_smes_own_questionnaire_is_an_assessment_on_record(session, factory, sme):
    user = factory.user("sme", sme_id=sme.id)
    assert not has_assessment(session, sme.id)
    framework = readiness.current_framework()
    answers = {q.code: 1 for p in framework.pillars for q in p.questions}
    result = self_assess(session, user, sme.id, framework, answers)
    session.commit()
    (kept,) = history(session, sme.id)
    assert (kept.level, kept.framework, kept.consultant_id, kept.answers) == (
        result.level, "dbi-sme/2026.1", None, answers
    )
    assert kept.assessed_on == to_vn(utcnow()).date()  # today in Vietnam
    assert has_assessment(session, sme.id)
    assert session.scalar(select(func.count()).select_from(Assessment)) == 1
    assert session.get(Sme, sme.id).readiness_breakdown["assessment"] == kept.id
