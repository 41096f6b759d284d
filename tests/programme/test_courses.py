"""Training courses through their pages: an officer or a certified consultant publishes one (bad input named
by field, never a 500), the public list of upcoming courses, SMEs enrol without overbooking (also 20 at
once on PostgreSQL), the organiser marks attendance once the course has begun, and each attended
enrolment becomes one SUPPORT record of kind training, counted by the programme report."""

from __future__ import annotations

import html
import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select, update

from accounts.models import User
from consultants import courses
from consultants.models import Consultant, Course, Enrolment, Support
from core.audit import AuditEntry
from core.db import utcnow
from core.domain import Conflict
from core.extensions import db
from core.formatting import to_vn
from indicators.programme import programme_report
from notifications.models import Notification
from tests.contracts.test_pages import Browser


def _next_week() -> date:
    return to_vn(utcnow()).date() + timedelta(days=7)


COURSE = {
    "title": "Hóa đơn điện tử cho hộ kinh doanh",
    "topic": "e_invoice",
    "held_on": "",  # filled per test: next week
    "starts_at": "08:30",
    "hours": "3,5",
    "place": "Hội trường Sở KH&CN, 39 Trần Hưng Đạo, Hoàn Kiếm",
    "online_url": "https://meet.example.vn/hddt",
    "seats": "2",
    "description": "Lập, ký số và gửi hóa đơn theo Nghị định 123/2020/NĐ-CP.",
}


def _course(**over) -> dict:
    return {**COURSE, "held_on": _next_week().strftime("%d/%m/%Y"), **over}


def _consultant(session, factory, certified: bool = True) -> tuple[User, Consultant]:
    user = factory.user("consultant")
    consultant = Consultant(id=f"cg-{user.id}", name=f"Chuyên gia {user.id}", kind="person",
                            specialties=["e_invoice"], status="active", user_id=user.id, extra={},
                            certified_on=date(2026, 1, 5) if certified else None)
    session.add(consultant)
    session.flush()
    return user, consultant


@pytest.fixture
def people(session, factory):
    officer = factory.user("officer")
    consultant_user, consultant = _consultant(session, factory)
    smes = [factory.user("sme", sme_id=factory.sme(name=f"Cửa hàng {n}").id) for n in range(3)]
    session.commit()
    return officer, consultant_user, consultant, smes


def _publish(app, user, **over):
    return Browser(app, user).post("/courses/new", _course(**over), page="/courses/new")


def _stored(session) -> Course:
    session.expire_all()
    return session.scalars(select(Course).order_by(Course.created_at.desc())).first()


def _begin(session, course_id: str, hours_ago: int = 2) -> None:
    """The course began `hours_ago` hours ago (as if its day had come)."""
    starts = utcnow() - timedelta(hours=hours_ago)
    session.execute(update(Course).where(Course.id == course_id)
                    .values(starts_at=starts, held_on=to_vn(starts).date()))
    session.commit()


def test_an_officer_publishes_a_course_in_vietnam_time(app, session, people):
    officer, *_ = people
    response = _publish(app, officer)
    assert response.status_code == 302 and response.headers["Location"].endswith("/courses/organised")
    course = _stored(session)
    assert (course.title, course.topic, course.seats, course.taken, course.hours) == (
        COURSE["title"], "e_invoice", 2, 0, 3.5)
    assert course.held_on == _next_week() and course.consultant_id is None
    # 08:30 in Hà Nội is 01:30 UTC.
    assert course.starts_at == datetime.combine(_next_week(), time(1, 30), UTC)
    page = html.unescape(Browser(app).get("/courses/").get_data(as_text=True))
    assert COURSE["title"] in page and f"{_next_week():%d/%m/%Y} 08:30" in page and "2/2 chỗ" in page
    assert "meet.example.vn" not in page  # the online link: for the SMEs enrolled only
    assert "/courses/" in Browser(app).get("/consultants/").get_data(as_text=True)


BAD = [
    ({"title": ""}, "Tên khóa học", "Trường này là bắt buộc."),
    ({"topic": "khong-co"}, "Chủ đề", "Lựa chọn không hợp lệ"),
    ({"held_on": "31/02/2027"}, "Ngày học", "Ngày không hợp lệ"),
    ({"held_on": "01/01/2020"}, "Ngày học", "Thời gian bắt đầu phải sau bây giờ."),
    ({"held_on": "01/01/0001"}, "Ngày học", "Thời gian bắt đầu phải sau bây giờ."),
    ({"held_on": "31/12/9999"}, "Ngày học", "Ngày học trong vòng 2 năm tới."),
    ({"starts_at": "25:00"}, "Giờ bắt đầu", "Giờ không hợp lệ."),
    ({"hours": "ba"}, "Thời lượng (giờ)", "Nhập số giờ"),
    ({"hours": "500"}, "Thời lượng (giờ)", "tối đa 100 giờ"),
    ({"place": "", "online_url": ""}, "Địa điểm", "Cần địa điểm hoặc đường dẫn học trực tuyến."),
    ({"online_url": "javascript:alert(1)"}, "Đường dẫn học trực tuyến", "https://"),
    ({"seats": "0"}, "Số chỗ", "Phải từ 1 đến 10000."),
    ({"seats": "nhiều"}, "Số chỗ", "Phải là một số nguyên."),
    ({"seats": "9" * 40}, "Số chỗ", "Phải từ 1 đến 10000."),
    ({"description": "x" * 4001}, "Nội dung", "Tối đa 4000 ký tự."),
]


@pytest.mark.parametrize(("change", "label", "message"), BAD)
def test_bad_input_is_shown_again_naming_the_field(app, session, people, change, label, message):
    officer, *_ = people
    response = _publish(app, officer, **change)
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    assert f"{label}: " in page and message in page, page[page.find("flash"):][:600]
    assert COURSE["place"] in page or "place" in change  # what was typed is kept
    assert session.scalar(select(func.count()).select_from(Course)) == 0


def test_only_officers_and_certified_consultants_publish(app, session, factory, people):
    _, consultant_user, consultant, smes = people
    pending_user, _pending = _consultant(session, factory, certified=False)
    session.commit()
    assert Browser(app, pending_user).get("/courses/new").status_code == 403
    assert _publish(app, pending_user).status_code == 403
    assert Browser(app, smes[0]).get("/courses/new").status_code == 403
    assert _publish(app, consultant_user).status_code == 302
    course = _stored(session)
    assert course.consultant_id == consultant.id and course.published_by_id == consultant_user.id
    assert consultant.name in Browser(app).get("/courses/").get_data(as_text=True)
    # Another consultant neither sees its attendance list nor lists it as theirs.
    other_user, _other = _consultant(session, factory)
    session.commit()
    other = Browser(app, other_user)
    assert other.get(f"/courses/{course.id}/attendance").status_code == 404
    assert COURSE["title"] not in other.get("/courses/organised").get_data(as_text=True)


def test_smes_enrol_until_the_seats_are_taken_and_may_give_one_back(app, session, people):
    officer, _, _, smes = people
    _publish(app, officer)
    course = _stored(session)
    first, second, third = (Browser(app, s) for s in smes)
    enrol = f"/courses/{course.id}/enrol"
    assert first.post(enrol, {}, page="/courses/").status_code == 302
    page = html.unescape(first.get("/courses/").get_data(as_text=True))
    assert "Đã đăng ký" in page and "meet.example.vn/hddt" in page and "1/2 chỗ" in page
    assert "Đã đăng ký" in first.get("/sme/").get_data(as_text=True)  # the dashboard's courses
    first.post(enrol, {}, page="/courses/")  # twice: still one seat
    assert "Doanh nghiệp đã đăng ký khóa này." in html.unescape(first.get("/courses/").get_data(as_text=True))
    second.post(enrol, {}, page="/courses/")
    third.post(enrol, {}, page="/courses/")
    assert "Khóa đào tạo đã hết chỗ." in html.unescape(third.get("/courses/").get_data(as_text=True))
    session.expire_all()
    assert (_stored(session).taken, session.scalar(select(func.count()).select_from(Enrolment))) == (2, 2)
    first.post(f"/courses/{course.id}/withdraw", {}, page="/courses/")
    third.post(enrol, {}, page="/courses/")
    enrolled = set(session.scalars(select(Enrolment.sme_id)))
    assert enrolled == {smes[1].sme_id, smes[2].sme_id} and _stored(session).taken == 2


def test_attendance_once_begun_makes_one_training_support_per_attended_sme(app, session, people):
    _, consultant_user, consultant, smes = people
    _publish(app, consultant_user, seats="3")
    course = _stored(session)
    for user in smes:
        Browser(app, user).post(f"/courses/{course.id}/enrol", {}, page="/courses/")
    organiser = Browser(app, consultant_user)
    enrolments = {e.sme_id: e.id for e in session.scalars(select(Enrolment))}
    attendance = f"/courses/{course.id}/attendance"
    ticked = {"attended": [str(enrolments[smes[0].sme_id]), str(enrolments[smes[1].sme_id])]}
    organiser.post(attendance, ticked, page=attendance)  # not begun: refused
    assert session.scalar(select(func.count()).select_from(Support)) == 0
    _begin(session, course.id)
    assert organiser.post(attendance, ticked, page=attendance).status_code == 302
    organiser.post(attendance, ticked, page=attendance)  # twice: no second record
    organiser.post(attendance, {"attended": [str(enrolments[smes[0].sme_id])]}, page=attendance)  # kept
    session.expire_all()
    supports = session.scalars(select(Support).order_by(Support.sme_id)).all()
    assert [(s.sme_id, s.kind, s.on, s.consultant_id, s.hours) for s in supports] == [
        (smes[0].sme_id, "training", to_vn(_stored(session).starts_at).date(), consultant.id, 3.5),
        (smes[1].sme_id, "training", to_vn(_stored(session).starts_at).date(), consultant.id, 3.5),
    ]
    attended = {e.sme_id: e.attended for e in session.scalars(select(Enrolment))}
    assert attended == {smes[0].sme_id: True, smes[1].sme_id: True, smes[2].sme_id: False}
    page = html.unescape(organiser.get(attendance).get_data(as_text=True))
    assert page.count("Đã ghi nhận tham dự") == 2 and "Vắng" in page
    assert "Đã tham dự" in Browser(app, smes[0]).get("/sme/").get_data(as_text=True)
    day = to_vn(_stored(session).starts_at).date()
    report = programme_report(session, day, day)
    assert report["by_kind"]["training"] == 2 and report["consultants"]["active"] == 1
    # The absent SME, marked later, gets its record too.
    organiser.post(attendance, {"attended": [str(enrolments[smes[2].sme_id])]}, page=attendance)
    assert session.scalar(select(func.count()).select_from(Support)) == 3


def test_an_officer_marks_attendance_of_any_course_and_an_sme_may_not(app, session, people):
    officer, consultant_user, _, smes = people
    _publish(app, consultant_user)
    course = _stored(session)
    Browser(app, smes[0]).post(f"/courses/{course.id}/enrol", {}, page="/courses/")
    _begin(session, course.id)
    enrolment = session.scalar(select(Enrolment.id))
    attendance = f"/courses/{course.id}/attendance"
    assert Browser(app, smes[0]).get(attendance).status_code == 403
    Browser(app, officer).post(attendance, {"attended": [str(enrolment)]}, page=attendance)
    assert session.scalar(select(Support.sme_id)) == smes[0].sme_id
    # Begun: no longer listed, no longer open for enrolment.
    assert course.title not in Browser(app).get("/courses/").get_data(as_text=True)
    Browser(app, smes[1]).post(f"/courses/{course.id}/enrol", {}, page="/courses/")
    assert session.scalar(select(func.count()).select_from(Enrolment)) == 1


def test_pages_in_english(app, session, people):
    officer, _, _, smes = people
    _publish(app, officer)
    client = Browser(app, smes[0])
    client.post("/lang/en", {"next": "/courses/"}, page="/courses/")
    page = html.unescape(client.get("/courses/").get_data(as_text=True))
    assert "Upcoming digital transformation courses" in page and "Enrol" in page
    organiser = Browser(app, officer)
    organiser.post("/lang/en", {"next": "/courses/new"}, page="/courses/new")
    refused = html.unescape(organiser.post("/courses/new", _course(seats="0"), page="/courses/new")
                            .get_data(as_text=True))
    assert "Seats: " in refused


THREADS = 20


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_twenty_smes_enrolling_at_once_never_overbook(app, session, factory, backend):
    officer = factory.user("officer")
    users = [factory.user("sme").id for _ in range(THREADS)]
    course = courses.publish(session, officer, courses.CourseInput(
        "Bán hàng trực tuyến", "ecommerce", _next_week(), time(9, 0), 2.0,
        "Hội trường", "", 5, ""))
    session.commit()
    barrier, errors, refused = threading.Barrier(THREADS), [], []

    def enrol(n: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                user = db.session.get(User, users[n])
                try:
                    courses.enrol(db.session, user, course.id)
                    db.session.commit()
                except Conflict:
                    db.rollback()
                    refused.append(n)
        except Exception as exc:  # noqa: BLE001 - reported below with the thread's number
            errors.append((n, repr(exc)))

    threads = [threading.Thread(target=enrol, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    session.expire_all()
    assert session.get(Course, course.id).taken == 5 == session.scalar(
        select(func.count()).where(Enrolment.course_id == course.id))
    assert len(refused) == THREADS - 5


def test_the_organiser_calls_a_course_off_and_the_smes_enrolled_are_told_why(app, session, people):
    officer, consultant_user, _, smes = people
    _publish(app, consultant_user, seats="3")
    course = _stored(session)
    for user in smes[:2]:
        Browser(app, user).post(f"/courses/{course.id}/enrol", {}, page="/courses/")
    organiser = Browser(app, consultant_user)
    cancel = f"/courses/{course.id}/cancel"
    organised = html.unescape(organiser.get("/courses/organised").get_data(as_text=True))
    assert "Hủy khóa và báo cho doanh nghiệp" in organised
    # No reason: refused, nothing changes.
    organiser.post(cancel, {"reason": "  "}, page="/courses/organised")
    assert _stored(session).cancelled_at is None
    assert "cần ghi lý do" in html.unescape(organiser.get("/courses/organised").get_data(as_text=True))
    # Another consultant, an SME: not theirs to call off.
    assert Browser(app, smes[2]).post(cancel, {"reason": "x"}, page="/courses/").status_code == 403
    reason = "Giảng viên ốm; lớp sẽ mở lại vào tháng sau."
    assert organiser.post(cancel, {"reason": reason}, page="/courses/organised").status_code == 302
    stored = _stored(session)
    assert stored.cancelled_at is not None and stored.cancel_reason == reason
    told = session.scalars(select(Notification).where(Notification.event == "courses.cancelled")).all()
    assert sorted(n.user_id for n in told) == sorted(u.id for u in smes[:2])
    assert told[0].context["reason"] == reason and told[0].context["title"] == COURSE["title"]
    assert "Đã hủy: " + reason in html.unescape(Browser(app, smes[0]).get("/sme/").get_data(as_text=True))
    # Off the public list; no enrolment, no attendance, no second cancellation.
    assert COURSE["title"] not in html.unescape(Browser(app).get("/courses/").get_data(as_text=True))
    Browser(app, smes[2]).post(f"/courses/{course.id}/enrol", {}, page="/courses/")
    assert session.scalar(select(func.count()).select_from(Enrolment)) == 2
    organiser.post(cancel, {"reason": "lần nữa"}, page="/courses/organised")
    assert _stored(session).cancel_reason == reason
    page = html.unescape(organiser.get("/courses/organised").get_data(as_text=True))
    assert "Khóa đào tạo này đã bị hủy." in page
    _begin(session, course.id)
    attendance = f"/courses/{course.id}/attendance"
    organiser.post(attendance, {"attended": []}, page=attendance)
    assert session.scalar(select(func.count()).select_from(Support)) == 0
    assert session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "course.cancelled")
    ) == 1


def test_a_course_that_has_begun_cannot_be_called_off(app, session, people):
    officer, _, _, _ = people
    _publish(app, officer)
    course = _stored(session)
    _begin(session, course.id)
    organiser = Browser(app, officer)
    organiser.post(f"/courses/{course.id}/cancel", {"reason": "muộn"}, page="/courses/organised")
    assert _stored(session).cancelled_at is None
    page = html.unescape(organiser.get("/courses/organised").get_data(as_text=True))
    assert "Khóa đào tạo đã bắt đầu, không hủy được nữa." in page
