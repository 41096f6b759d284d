"""The officers' jobs page: a long job's progress, its result and its file; the search index rebuilt on
request (inline here: the job is done when the page comes back)."""

from __future__ import annotations

from sqlalchemy import select

from core import jobs
from core.jobs import JobRun
from tests.contracts.test_pages import Browser


def test_an_officer_rebuilds_the_search_index_and_reads_how_far_it_got(app, session, factory):
    for n in range(3):
        factory.listing("published", name=f"Phần mềm kế toán {n}")
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    started = browser.post("/officer/jobs/reindex", {}, page="/officer/jobs")
    assert started.status_code == 303
    [run] = session.scalars(select(JobRun).where(JobRun.job == "search.reindex"))
    assert (run.state, run.done, run.total, run.user_id) == ("done", 3, 3, officer.id)
    assert run.result == {"documents": 3}
    page = browser.get("/officer/jobs").get_data(as_text=True)
    assert "Dựng lại chỉ mục tìm kiếm" in page and "tài liệu đã lập chỉ mục: 3" in page
    assert 'http-equiv="refresh"' not in page  # nothing running: the page stays still


def test_the_page_refreshes_itself_while_a_run_is_under_way_and_shows_failures(app, session, factory):
    officer = factory.user("officer")
    session.add(JobRun(key="search.reindex:running", job="search.reindex", state="running", done=40,
                       total=100))
    session.add(JobRun(key="payments.billing:2026-12-06", job="payments.billing", state="failed",
                       error="ConnectionError: Stripe unreachable"))
    session.add(JobRun(key="mail.flush:x", job="mail.flush", state="done"))  # not one officers watch
    session.commit()
    page = Browser(app, officer).get("/officer/jobs").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and 'value="40"' in page and 'max="100"' in page
    assert "ConnectionError: Stripe unreachable" in page
    assert "mail.flush" not in page
    assert jobs.file_of(session, "search.reindex:running") is None
