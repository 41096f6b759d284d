"""Searching the public board: folded words, every word required (relaxed when none holds them all),
facets counting what each choice would give, budget bands; the page, the catalog's part, refusals."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from consultants.models import Consultant
from problems import services
from problems.board import Entry, budget_band, search
from problems.models import Problem
from tests.contracts.test_pages import Browser
from tests.problems.builders import board as world_of
from tests.problems.builders import in_days, problem_input


def entry(id_, text, **over):
    data = {"id": id_, "text": text, "categories": ("sales_pos",), "sector": "trade", "province": "Hà Nội",
            "budget_vnd": 18_000_000, "status": "open", "order": 0.0}
    data.update(over)
    return Entry(**data)


ENTRIES = [
    entry("a", "Quản lý kho cho hai cửa hàng điện máy", categories=("inventory_logistics", "sales_pos")),
    entry("b", "Hóa đơn điện tử cho quán cà phê", categories=("e_invoice",), sector="tourism",
          province="Huế", budget_vnd=None),
    entry("c", "Quản lý khách hàng và kho hàng", categories=("crm",), budget_vnd=250_000_000,
          status="closed"),
]


def test_words_are_folded_and_every_word_is_required():
    assert [e.id for e in search(ENTRIES, "quan ly kho", {}).entries] == ["a", "c"]
    assert [e.id for e in search(ENTRIES, "hoa don", {}).entries] == ["b"]
    found = search(ENTRIES, "kho ca phe", {})  # no problem holds all three: those holding some
    assert found.relaxed and {e.id for e in found.entries} == {"a", "b", "c"}


def test_facets_count_what_each_choice_would_give():
    found = search(ENTRIES, "", {"province": "Hà Nội"})
    assert [e.id for e in found.entries] == ["a", "c"]
    assert found.facets["province"] == {"Hà Nội": 2, "Huế": 1}  # its own facet ignores its filter
    assert found.facets["category"]["crm"] == 1 and found.facets["status"] == {"open": 1, "closed": 1}
    assert found.facets["budget"] == {"under_20m": 1, "100m_500m": 1}


def test_budget_bands():
    assert [budget_band(v) for v in (None, 0, 19_999_999, 20_000_000, 100_000_000, 10**9)] == [
        "none", "under_20m", "under_20m", "20m_100m", "100m_500m", "over_500m"]


def _published(session, world, **over):
    problem = services.post_problem(session, world.sme_user, problem_input(**over))
    services.moderate(session, world.officer, problem.id, True, None, "")
    return problem


def test_the_board_page_searches_filters_and_names_bad_filters(app, session, factory):
    world = world_of(session, factory)
    _published(session, world)
    _published(session, world, title="Chấm công nhân viên", description="Chấm công bằng vân tay, tính lương.",
               categories=("hrm",))
    services.post_problem(session, world.sme_user, problem_input(title="Kho chưa duyệt"))  # pending: hidden
    session.commit()
    visitor = Browser(app)
    page = visitor.get("/problems/?q=cham+cong").get_data(as_text=True)
    assert "Chấm công nhân viên" in page and "Bán hàng và quản lý kho" not in page
    page = visitor.get("/problems/?category=inventory_logistics&budget=nonsense").get_data(as_text=True)
    assert "Bán hàng và quản lý kho" in page and "Chấm công nhân viên" not in page
    assert "Bỏ qua bộ lọc không hợp lệ: Ngân sách." in page
    assert "Kho chưa duyệt" not in visitor.get("/problems/?q=kho").get_data(as_text=True)


def test_the_catalog_page_lists_open_problems(app, session, factory):
    world = world_of(session, factory)
    _published(session, world)
    session.commit()
    page = Browser(app).get("/").get_data(as_text=True)
    assert "Bài toán đang chờ giải pháp" in page and "Bán hàng và quản lý kho cho hai cửa hàng" in page


def test_an_unanswered_problem_suggests_catalog_offers_and_consultants(app, session, factory):
    world = world_of(session, factory)
    problem = _published(session, world)
    session.add_all([
        Consultant(id="cs-1", name="Trần Kho Vận", kind="person", specialties=["inventory_logistics"],
                   sectors=[], provinces=["Hà Nội"], certified_on=date(2026, 1, 5), status="active"),
        Consultant(id="cs-2", name="Chưa Đạt Chuẩn", kind="person", specialties=["sales_pos"], sectors=[],
                   provinces=[], certified_on=None, status="active"),
        Consultant(id="cs-3", name="Nhân Sự", kind="person", specialties=["hrm"], sectors=[], provinces=[],
                   certified_on=date(2026, 1, 5), status="active"),
    ])
    session.flush()
    assert [c.id for c in services.consultants_for(session, problem)] == ["cs-1"]
    session.get(Problem, problem.id).deadline = in_days(-1)
    session.commit()
    page = Browser(app, world.sme_user).get(f"/problems/{problem.id}").get_data(as_text=True)
    assert "Chưa có đề xuất nào trước hạn" in page and "Yêu cầu báo giá" in page and "Trần Kho Vận" in page
    assert "Đã hết hạn nhận đề xuất" in page
    assert session.scalar(select(Problem.status).where(Problem.id == problem.id)) == "open"
