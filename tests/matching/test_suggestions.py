"""Saved suggestions (matching.suggestions): the nightly batch and its job, what the SME dashboard reads
(saved while valid, live otherwise, the same matches and reasons either way), and `bench match` writing
to a scratch database."""

from __future__ import annotations

import html
import json
import os
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select, update

from catalog.models import Listing
from core import jobs
from core.jobs import JobRun
from matching import bench, service, suggestions
from matching.cli import bench_match_command, refresh_command
from matching.models import SavedSuggestion
from matching.reasons import reasons_for
from matching.service import matches_for
from matching.suggestions import SAVED_TOP, refresh, saved_matches, suggestions_for
from smes.models import Sme
from tests.conftest import PG_ADMIN_URL, PG_BASE_URL, PG_DB
from tests.contracts.test_pages import Browser
from tests.smes.conftest import catalog

PROBLEMS = (
    "ban le, ton kho ghi so hay lech, muon phan mem ban hang",
    "Cần xuất hóa đơn điện tử và quản lý kho hàng",
    "chấm công, tính lương cho công nhân nhà xưởng",
    "muốn bán hàng online, quản lý khách hàng và kế toán",
)
REASONS = re.compile(r'<ul class="reasons">(.*?)</ul>', re.S)
ITEM = re.compile("<li>(.*?)</li>")


@pytest.fixture
def world(factory, session):
    """A catalog larger than SAVED_TOP (one product for Hà Nội only) and SMEs of several kinds."""
    listings = catalog(factory)
    vendor = factory.vendor(id="v-chi")
    categories = ("crm", "accounting", "ecommerce", "sales_pos", "inventory_logistics", "e_invoice")
    for i in range(12):
        factory.listing("published", id=f"p-{i:02d}", vendor_id=vendor.id if i % 2 else "v-an",
                        name=f"Giải pháp số {i}", categories=[categories[i % len(categories)]],
                        price_monthly_vnd=100_000 * (i + 1), summary=f"Giải pháp số {i} cho doanh nghiệp.")
    factory.listing("published", id="p-hanoi", vendor_id=vendor.id, name="Bán hàng Hà Nội",
                    categories=["sales_pos"], regions=["Hà Nội"], summary="Chỉ phục vụ Hà Nội.")
    smes = [
        factory.sme(id=f"s-{i}", name=f"Cửa hàng {i}", sector=("trade", "manufacturing")[i % 2],
                    readiness_level=i % 4, monthly_budget_vnd=(300_000, 1_000_000, None)[i % 3],
                    needs=[["sales_pos"], [], ["hrm", "accounting"]][i % 3],
                    problem=PROBLEMS[i % len(PROBLEMS)],
                    preferred_pricing_models=[["subscription"], []][i % 2])
        for i in range(7)
    ]
    smes[6].province = 'Tỉnh "Mới"\\\tB'  # written as it is, through COPY's text format too
    session.commit()
    return listings, smes


def _rows(session) -> list[tuple]:
    session.expire_all()
    s = SavedSuggestion
    return session.execute(select(s.sme_id, s.rank, s.listing_id, s.score, s.facts, s.profile_signature)
                           .order_by(s.sme_id, s.rank)).all()


def test_the_batch_saves_each_smes_best_offers_as_ranked_live(world, session):
    result = refresh(session, workers=1)
    rows = _rows(session)
    assert result.smes == 7 and result.rows == len(rows) == 7 * SAVED_TOP
    for sme in session.scalars(select(Sme)):
        live = matches_for(session, sme, SAVED_TOP)
        mine = [row for row in rows if row.sme_id == sme.id]
        assert [(r.rank, r.listing_id, r.score) for r in mine] == [
            (rank, m.offer.id, m.score) for rank, m in enumerate(live, start=1)]


def test_workers_in_other_processes_save_the_same_rows(world, session):
    refresh(session, workers=1, page=3)
    alone = _rows(session)
    result = refresh(session, workers=2, page=2)
    assert result.workers == 2 and _rows(session) == alone


def test_a_second_run_replaces_each_smes_rows(world, session):
    refresh(session, workers=1)
    before = _rows(session)
    moved = session.get(Sme, "s-0")
    assert "p-hanoi" in {r.listing_id for r in before if r.sme_id == "s-0"}
    moved.province, moved.problem = "Huế", "cần phần mềm bán hàng"
    session.commit()
    refresh(session, workers=1)
    after = _rows(session)
    assert len(after) == len(before) and len(set((r.sme_id, r.rank) for r in after)) == len(after)
    assert [r for r in after if r.sme_id != "s-0"] == [r for r in before if r.sme_id != "s-0"]
    mine = [r for r in after if r.sme_id == "s-0"]
    assert "p-hanoi" not in {r.listing_id for r in mine}  # no longer served there
    assert {r.profile_signature for r in mine} != {r.profile_signature for r in before if r.sme_id == "s-0"}
    # Fewer offers published than each SME had saved: the extra rows go, none is left behind.
    session.execute(update(Listing).where(Listing.id.like("p-0%")).values(status="suspended"))
    session.commit()
    result = refresh(session, workers=1)
    shrunk = _rows(session)
    assert result.rows == len(shrunk) == 5 * 6 + 2 * 5  # 6 published; one serves Hà Nội only
    assert max(r.rank for r in shrunk) == 6
    assert not {r.listing_id for r in shrunk} & {f"p-0{i}" for i in range(10)}


def test_the_nightly_job_run_twice_the_same_day_ranks_once_and_reports_progress(world, session):
    key = "matching.nightly:2026-12-07"
    first = jobs.run("matching.nightly", key, None, {"workers": 1})
    second = jobs.run("matching.nightly", key, None, {"workers": 1})
    assert first["smes"] == 7 and first["rows"] == 7 * SAVED_TOP and second is None
    session.expire_all()
    run = session.get(JobRun, key)
    assert (run.state, run.done, run.total, run.result["rows"]) == ("done", 7, 7, 7 * SAVED_TOP)
    assert session.scalar(select(func.count()).select_from(SavedSuggestion)) == 7 * SAVED_TOP
    schedule = jobs.SCHEDULES["matching.nightly"]
    assert schedule.key(datetime(2026, 12, 7, 19, tzinfo=UTC)) == key


def test_saved_suggestions_are_read_while_valid_with_the_same_reasons(world, session):
    refresh(session, workers=1)
    for sme in session.scalars(select(Sme)):
        saved, live = saved_matches(session, sme), matches_for(session, sme, SAVED_TOP)
        assert saved == live  # offers, scores and facts
        for lang in ("vi", "en"):
            assert [reasons_for(m.facts, lang) for m in saved] == [reasons_for(m.facts, lang) for m in live]
    session.execute(update(SavedSuggestion).where(SavedSuggestion.sme_id == "s-1", SavedSuggestion.rank == 1)
                    .values(score=0.4242))
    session.commit()
    assert suggestions_for(session, session.get(Sme, "s-1"), 6)[0].score == 0.4242  # the saved row, read


def test_a_changed_profile_a_changed_catalog_or_a_new_sme_is_ranked_live(world, factory, session):
    refresh(session, workers=1)
    edited = session.get(Sme, "s-2")
    edited.problem = "cần phần mềm kế toán và hóa đơn điện tử"
    session.commit()
    assert saved_matches(session, edited) is None
    assert suggestions_for(session, edited, 6) == matches_for(session, edited, SAVED_TOP)[:6]
    newcomer = factory.sme(id="s-new", problem="muốn bán hàng online")
    session.commit()
    assert saved_matches(session, newcomer) is None
    assert suggestions_for(session, newcomer, 6) == matches_for(session, newcomer, SAVED_TOP)[:6]
    untouched = session.get(Sme, "s-3")
    assert saved_matches(session, untouched) is not None
    factory.listing("published", id="p-late", name="Bán hàng mới", categories=["sales_pos"])
    session.commit()
    assert saved_matches(session, untouched) is None  # the catalog changed since the batch
    assert suggestions_for(session, untouched, 6) == matches_for(session, untouched, SAVED_TOP)[:6]


def _page_matches(page: str) -> list[tuple[str, list[str]]]:
    """The suggestions on a dashboard: each product's id and the reasons shown."""
    cards = re.findall(r'<article class="card match">(.*?)</article>', page, re.S)
    return [(re.search(r'href="/products/([^"]+)"', card).group(1),
             [html.unescape(i) for i in ITEM.findall(REASONS.search(card).group(1))]) for card in cards]


def test_the_dashboard_shows_saved_suggestions_and_live_ones_after_an_edit(world, factory, session, app):
    sme = session.get(Sme, "s-0")
    user = factory.user("sme", sme_id=sme.id)
    session.commit()
    refresh(session, workers=1)
    live = matches_for(session, sme, SAVED_TOP)[:6]
    browser = Browser(app, user)
    for lang in ("vi", "en"):
        if lang == "en":
            browser.post("/lang/en", {"next": "/sme/"}, page="/sme/")
        page = browser.get("/sme/").get_data(as_text=True)
        assert _page_matches(page) == [(m.offer.id, list(reasons_for(m.facts, lang))) for m in live]
    session.execute(update(SavedSuggestion).where(SavedSuggestion.sme_id == sme.id, SavedSuggestion.rank == 1)
                    .values(score=0.4242))
    session.commit()
    assert "42/100" in browser.get("/sme/").get_data(as_text=True)  # read from the saved row
    sme.problem = "chấm công, tính lương"
    session.commit()
    page = browser.get("/sme/").get_data(as_text=True)
    assert "42/100" not in page
    assert [name for name, _ in _page_matches(page)] == [m.offer.id for m in matches_for(session, sme, 6)]


def test_suggestions_refresh_command(world, app, session):
    result = app.test_cli_runner().invoke(refresh_command, ["--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert (figures["smes"], figures["rows"], figures["workers"]) == (7, 7 * SAVED_TOP, 1)
    assert session.scalar(select(func.count()).select_from(SavedSuggestion)) == 7 * SAVED_TOP


FIELDS = {"database", "products", "smes", "workers", "one_p95_ms", "all_seconds", "fill_seconds",
          "index_seconds", "rank_cpu_ms_per_sme", "write_seconds", "total_seconds", "rows",
          "rows_in_database", "rows_per_s", "peak_mib", "worker_peak_mib"}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_bench_match_ranks_and_writes_into_a_throwaway_database(app):
    result = app.test_cli_runner().invoke(bench_match_command, ["--products", "50", "--smes", "30", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output.strip().splitlines()[-1])
    assert FIELDS <= set(figures)
    assert (figures["database"], figures["products"], figures["smes"]) == ("sqlite", 50, 30)
    assert figures["workers"] == 2  # the default: forked workers
    assert figures["rows"] == figures["rows_in_database"] == 300 and figures["peak_mib"] > 0


@pytest.fixture
def scratch_pg():
    """A PostgreSQL database of its own for the benchmark (never the tests' database)."""
    name = f"{PG_DB}_bench_match"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL unreachable in CI: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    yield f"{PG_BASE_URL}/{name}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_bench_match_on_postgresql_replaces_its_rows_when_run_again(app, scratch_pg):
    args = ["--products", "60", "--smes", "25", "--database-url", scratch_pg, "--again", "--json"]
    for _ in range(2):  # a second run clears the first one's synthetic rows
        result = app.test_cli_runner().invoke(bench_match_command, args)
        assert result.exit_code == 0, result.output
        figures = json.loads(result.output.strip().splitlines()[-1])
        assert figures["database"] == "postgresql" and figures["rows"] == figures["rows_in_database"] == 250
        assert figures["again"]["rows"] == 250


def test_bench_match_never_writes_into_a_database_with_real_records(app, factory, session):
    own = app.test_cli_runner().invoke(
        bench_match_command, ["--products", "5", "--smes", "5", "--database-url", app.config["DATABASE_URL"]])
    assert own.exit_code == 1 and "cơ sở dữ liệu của sàn" in own.output
    factory.sme(id="s-real")
    session.commit()
    with pytest.raises(bench.NotScratch):
        bench.run(app.config["DATABASE_URL"], 5, 5, workers=1)  # reached under another name: still refused


def _leads(found) -> dict:
    return {product: [(lead.sme.id, lead.rank, lead.match) for lead in rows]
            for product, rows in found.items()}


def _scores(found) -> set[float]:
    return {lead.match.score for rows in found.values() for lead in rows}


def test_vendors_leads_from_saved_suggestions_are_those_ranked_live(world, factory, session):
    """The leads page reads the saved rows of SMEs unchanged since the batch and ranks the others: the
    same leads as ranking every consenting SME, after edits, a newcomer, a consent withdrawn and a catalog
    change (then every SME is ranked again)."""
    session.execute(update(Sme).values(contact_consent=True))
    session.commit()
    refresh(session, workers=1)
    vendors = ("v-an", "v-chi")

    def same() -> None:
        for vendor in vendors:
            saved = suggestions.leads_for_vendor(session, vendor)
            assert _leads(saved) == _leads(service.leads_for_vendor(session, vendor)), vendor
        assert any(suggestions.leads_for_vendor(session, v) for v in vendors)

    same()
    # The saved rows are what is read: a score changed in one shows on the page.
    row = session.scalars(select(SavedSuggestion).where(SavedSuggestion.listing_id == "p-hanoi")).first()
    row.score = 0.4242
    session.commit()
    assert 0.4242 in _scores(suggestions.leads_for_vendor(session, "v-chi"))
    refresh(session, workers=1)
    edited = session.get(Sme, "s-2")
    edited.problem, edited.province = "cần phần mềm bán hàng cho cửa hàng", "Hà Nội"
    factory.sme(id="s-new", problem="muốn bán hàng online", contact_consent=True)
    session.get(Sme, "s-4").contact_consent = False
    session.commit()
    same()
    leads = suggestions.leads_for_vendor(session, "v-chi")
    assert "s-4" not in {lead.sme.id for rows in leads.values() for lead in rows}
    factory.listing("published", id="p-late", vendor_id="v-chi", name="Bán hàng mới",
                    categories=["sales_pos"])
    session.commit()
    same()
