"""`bench report` refuses a database that holds real contracts (reports.bench.real_contracts)."""

from reports.bench import real_contracts


def test_a_database_with_contracts_is_no_scratch_database(app, agreed, session):
    engine = app.extensions["db_engine"]
    assert real_contracts(engine) == 0
    agreed()
    session.commit()
    assert real_contracts(engine) == 1
