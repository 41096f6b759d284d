"""indicators.rollup: the monthly rows stay what a rebuild from the records would write, whichever way the
records change (an import, a service, a counted contract, an edit, a deletion, a move to another
province), on SQLite and PostgreSQL."""

from datetime import date

from sqlalchemy import delete, select

from assessments.models import Assessment
from assessments.services import record_assessment
from consultants.models import Support
from indicators import rollup
from indicators.cli import rebuild_programme_rows
from indicators.models import SmeMonth
from indicators.programme import programme_report
from interchange.sections import import_document
from smes.models import Sme
from tests.programme import generated


def _stored(session) -> list[tuple]:
    return sorted(tuple(row) for row in session.execute(select(SmeMonth.__table__)).all())


def _as_rebuilt(session) -> None:
    kept = _stored(session)
    rollup.rebuild(session)
    assert _stored(session) == kept


def test_an_import_keeps_the_rows(session):
    import_document(session, generated.document(seed=5, smes=30))
    session.commit()
    assert _stored(session)  # the import's counted contracts, assessments and supports are there
    _as_rebuilt(session)


def test_edits_deletions_and_moves_keep_the_rows(session):
    import_document(session, generated.document(seed=6, smes=30))
    session.commit()
    assessment = session.scalars(select(Assessment).order_by(Assessment.id)).first()
    assessment.assessed_on, assessment.level = date(2024, 2, 29), 5
    support = session.scalars(select(Support).order_by(Support.id)).first()
    session.delete(support)
    sme = session.scalars(select(Sme).where(Sme.province.is_not(None)).order_by(Sme.id)).first()
    sme.province = "Cà Mau"
    session.commit()
    _as_rebuilt(session)
    assert session.scalar(select(SmeMonth.province).where(SmeMonth.sme_id == sme.id).limit(1)) == "Cà Mau"


def test_a_report_sees_what_its_own_session_has_not_committed(session, factory):
    sme = factory.sme()
    session.commit()
    day = date(2026, 3, 4)
    record_assessment(session, None, sme.id, 4, day, "dbi-2158-2023")
    report = programme_report(session, day, day)
    assert (report["smes_supported"], report["tiers"]["toan_dien"]) == (1, 1)
    session.rollback()
    assert programme_report(session, day, day)["smes_supported"] == 0
    assert not _stored(session)


def test_the_command_rebuilds_rows_written_around_the_app(app, session):
    import_document(session, generated.document(seed=8, smes=20))
    session.commit()
    kept = _stored(session)
    session.execute(delete(SmeMonth))  # as a bulk load straight into the database leaves them
    session.commit()
    result = app.test_cli_runner().invoke(rebuild_programme_rows)
    assert result.exit_code == 0, result.output
    assert f"Đã ghi {len(kept)} dòng." in result.output
    session.expire_all()
    assert _stored(session) == kept
