"""The board's pages over HTTP: posting with suggested categories, moderation, anonymity, refusals."""

from __future__ import annotations

import re

from sqlalchemy import select

from problems.models import Problem
from tests.contracts.test_pages import Browser
from tests.problems.builders import board, in_days

NEW = "/problems/new"
TEXT = ("Hai cửa hàng điện máy theo dõi tồn kho bằng Excel nên thường lệch giữa hai chi nhánh. "
        "Cần phần mềm bán hàng có quản lý kho theo chi nhánh.")


def _form(**over) -> dict:
    return {"problem_id": "bt-00000000abcd", "title": "Quản lý kho cho hai cửa hàng", "description": TEXT,
            "budget_min_vnd": "6.000.000", "budget_max_vnd": "18.000.000", "months": "12",
            "deadline": in_days(10).strftime("%d/%m/%Y"), **over}


def test_suggest_reads_the_categories_from_the_text_and_keeps_what_was_typed(app, session, factory):
    world = board(session, factory)
    page = Browser(app, world.sme_user).post(NEW, _form(suggest="1"), NEW).get_data(as_text=True)
    ticked = set(re.findall(r'<input checked id="categories-\d+" name="categories" type="checkbox" '
                            r'value="(\w+)"', page))
    assert {"sales_pos", "inventory_logistics"} <= ticked
    assert "18.000.000" in page and "Quản lý kho cho hai cửa hàng" in page
    assert session.scalar(select(Problem.id)) is None


def test_an_sme_posts_an_officer_approves_and_vendors_see_it_anonymously(app, session, factory):
    world = board(session, factory)
    form = _form(categories=["sales_pos", "inventory_logistics"])
    answer = Browser(app, world.sme_user).post(NEW, form, NEW)
    assert answer.status_code == 302
    problem = session.scalars(select(Problem)).one()
    assert (problem.status, problem.budget_max_vnd, problem.show_name) == ("pending", 18_000_000, False)
    vendor = Browser(app, world.vendor_users[0])
    assert vendor.get(f"/problems/{problem.id}").status_code == 404  # not public yet
    officer = Browser(app, world.officer)
    assert "Quản lý kho cho hai cửa hàng" in officer.get("/officer/problems/").get_data(as_text=True)
    answer = officer.post(f"/officer/problems/{problem.id}/approve", {"reason": "", "note": ""},
                          "/officer/problems/")
    assert answer.status_code == 302
    page = vendor.get(f"/problems/{problem.id}").get_data(as_text=True)
    assert "Doanh nghiệp ẩn danh (Thương mại, bán lẻ, Hà Nội)" in page and "Điện máy Phú Quý" not in page
    assert "Bạn được mời gửi đề xuất" in page
    assert "Quản lý kho cho hai cửa hàng" in vendor.get("/problems/invitations").get_data(as_text=True)
    own = Browser(app, world.sme_user).get(f"/problems/{problem.id}").get_data(as_text=True)
    assert "Điện máy Phú Quý" in own and "Nhà cung cấp được mời" in own and "Đáp ứng nhu cầu" in own


def test_a_past_deadline_is_refused_naming_the_field_and_changes_nothing(app, session, factory):
    world = board(session, factory)
    answer = Browser(app, world.sme_user).post(
        NEW, _form(categories=["sales_pos"], deadline=in_days(-2).strftime("%d/%m/%Y")), NEW)
    assert answer.status_code == 422
    assert "Hạn nhận đề xuất không được ở trong quá khứ." in answer.get_data(as_text=True)
    assert session.scalar(select(Problem.id)) is None


def test_a_refusal_without_a_note_is_refused_and_changes_nothing(app, session, factory):
    world = board(session, factory)
    Browser(app, world.sme_user).post(NEW, _form(categories=["sales_pos"]), NEW)
    problem_id = session.scalar(select(Problem.id))
    answer = Browser(app, world.officer).post(f"/officer/problems/{problem_id}/reject",
                                              {"reason": "duplicate", "note": ""}, "/officer/problems/")
    assert answer.status_code == 302
    session.expire_all()
    assert session.get(Problem, problem_id).status == "pending"
