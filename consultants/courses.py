"""Training courses: an officer or a certified consultant publishes one, SMEs enrol while seats are left,
the organiser marks attendance once it has begun, and each attended enrolment becomes one SUPPORT record
of kind training (the plans count SMEs trained). The organiser may call a course off before it begins,
with a reason the SMEs enrolled are told. Flush only.

Seats: one conditional UPDATE takes a seat (`taken < seats`), so two SMEs taking the last seat at the
same moment cannot both have it: PostgreSQL re-checks the condition against the first one's committed
row, SQLite serialises writers; the CHECK not_overbooked is the last guard. Attendance: the SUPPORT
record of an enrolment has an id made from the enrolment's and is made only while the enrolment has
none, under the course's row lock, so marking twice (or two organisers at once) never makes a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.models import User
from consultants import notices as course_notices
from consultants.models import Consultant, Course, Enrolment, Support
from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from core.formatting import VN_TZ, to_vn
from core.ids import new_id
from core.vocab import CATEGORIES
from smes.models import Sme

STAFF = ("officer", "admin")
TITLE_MAX, PLACE_MAX, URL_MAX, DESCRIPTION_MAX = 300, 300, 500, 4000
MAX_SEATS = 10_000
MAX_HOURS = 100  # one course; a programme's longer training is several courses
MAX_DAYS_AHEAD = 730
REASON_MAX = 2000
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*\Z", re.IGNORECASE)


@dataclass(frozen=True)
class CourseInput:
    title: str
    topic: str
    day: date | None  # in Vietnam
    start: time | None  # in Vietnam
    hours: float | None
    place: str
    online_url: str
    seats: int | None
    description: str


def vn_today() -> date:
    return to_vn(utcnow()).date()


def organiser_of(session: Session, user: User) -> Consultant | None:
    """Who may publish: officers (None: the office), or a consultant certified and active (theirs)."""
    if user.role in STAFF:
        return None
    consultant = session.scalar(select(Consultant).where(Consultant.user_id == user.id))
    if consultant is None or consultant.status != "active" or consultant.certified_on is None:
        raise Forbidden(N_("Chỉ cán bộ hoặc chuyên gia đạt chuẩn đang hoạt động được đăng khóa đào tạo."))
    return consultant


def publish(session: Session, user: User, given: CourseInput) -> Course:
    consultant = organiser_of(session, user)
    problems = {}
    title, place, url = given.title.strip(), given.place.strip(), given.online_url.strip()
    if not title or len(title) > TITLE_MAX:
        problems["title"] = N_("Cần tên khóa học (tối đa 300 ký tự).")
    if given.topic not in CATEGORIES:
        problems["topic"] = N_("Chọn chủ đề trong danh sách.")
    starts = None
    if given.day is None:
        problems["held_on"] = N_("Cần ngày học.")
    elif given.day < vn_today():
        problems["held_on"] = N_("Thời gian bắt đầu phải sau bây giờ.")
    elif given.day > vn_today() + timedelta(days=MAX_DAYS_AHEAD):
        problems["held_on"] = N_("Ngày học trong vòng 2 năm tới.")
    elif given.start is None:
        problems["starts_at"] = N_("Cần giờ bắt đầu.")
    else:
        starts = datetime.combine(given.day, given.start, tzinfo=VN_TZ).astimezone(UTC)
        if starts <= utcnow():
            problems["starts_at"] = N_("Thời gian bắt đầu phải sau bây giờ.")
    if not place and not url:
        problems["place"] = N_("Cần địa điểm hoặc đường dẫn học trực tuyến.")
    if len(place) > PLACE_MAX:
        problems["place"] = N_("Tối đa 300 ký tự.")
    if url and (len(url) > URL_MAX or not WEB_ADDRESS.match(url)):
        problems["online_url"] = N_("Đường dẫn bắt đầu bằng https:// hoặc http:// (tối đa 500 ký tự).")
    if given.seats is None or not 1 <= given.seats <= MAX_SEATS:
        problems["seats"] = N_("Số chỗ từ 1 đến 10.000.")
    if given.hours is not None and not 0 < given.hours <= MAX_HOURS:
        problems["hours"] = N_("Thời lượng lớn hơn 0 và tối đa 100 giờ.")
    if len(given.description) > DESCRIPTION_MAX:
        problems["description"] = N_("Tối đa 4.000 ký tự.")
    if problems:
        raise ValidationFailed(N_("Chưa đăng được khóa đào tạo."), problems)
    course = Course(
        id=new_id("kh"),
        title=title,
        topic=given.topic,
        held_on=given.day,
        starts_at=starts,
        hours=given.hours,
        place=place or None,
        online_url=url or None,
        description=given.description.strip() or None,
        seats=given.seats,
        taken=0,
        consultant_id=consultant.id if consultant else None,
        published_by_id=user.id,
    )
    session.add(course)
    session.flush()
    record_audit(session, user, "course.published", "course", course.id, to_state=str(course.seats))
    return course


def get(session: Session, course_id: str) -> Course:
    course = session.get(Course, course_id)
    if course is None:
        raise NotFound(N_("Không có khóa đào tạo này."))
    return course


def upcoming(session: Session) -> list[Course]:
    """Courses not begun yet and not called off, soonest first."""
    return list(
        session.scalars(
            select(Course)
            .where(Course.held_on >= vn_today(), Course.starts_at > utcnow(), Course.cancelled_at.is_(None))
            .order_by(Course.starts_at, Course.id)
        )
    )


def organised_by(session: Session, user: User) -> list[Course]:
    """The courses a person may manage: every course for officers, their own for a consultant."""
    query = select(Course).order_by(Course.starts_at.desc(), Course.id)
    if user.role not in STAFF:
        consultant = session.scalar(select(Consultant).where(Consultant.user_id == user.id))
        if consultant is None:
            return []
        query = query.where(Course.consultant_id == consultant.id)
    return list(session.scalars(query))


def managed(session: Session, user: User, course_id: str) -> Course:
    """The course, when `user` organises it (officers: any); NotFound otherwise."""
    course = get(session, course_id)
    if user.role in STAFF:
        return course
    consultant = session.scalar(select(Consultant).where(Consultant.user_id == user.id))
    if consultant is None or course.consultant_id != consultant.id:
        raise NotFound(N_("Không có khóa đào tạo này."))
    return course


def enrolments_of_sme(session: Session, sme_id: str) -> list[tuple[Enrolment, Course]]:
    return list(
        session.execute(
            select(Enrolment, Course)
            .join(Course, Course.id == Enrolment.course_id)
            .where(Enrolment.sme_id == sme_id)
            .order_by(Course.starts_at.desc(), Course.id)
        ).tuples()
    )


def enrolled_ids(session: Session, sme_id: str) -> set[str]:
    return set(session.scalars(select(Enrolment.course_id).where(Enrolment.sme_id == sme_id)))


def _enrolment(session: Session, course_id: str, sme_id: str) -> Enrolment | None:
    return session.scalar(
        select(Enrolment).where(Enrolment.course_id == course_id, Enrolment.sme_id == sme_id)
    )


def enrol(session: Session, user: User, course_id: str) -> Enrolment:
    """The SME takes a seat: Conflict when it is enrolled already or no seat is left, InvalidTransition
    once the course has begun. The seat's UPDATE comes first: it holds the course's row until the commit,
    so the same SME in two tabs finds its first enrolment (a refusal rolls the seat back)."""
    course = get(session, course_id)
    _refuse_cancelled(course)
    if course.starts_at <= utcnow():
        raise InvalidTransition(N_("Khóa đào tạo đã bắt đầu, không nhận đăng ký nữa."))
    taken = session.execute(
        update(Course)
        .where(Course.id == course.id, Course.taken < Course.seats)
        .values(taken=Course.taken + 1)
        .returning(Course.taken)
        .execution_options(synchronize_session=False)
    ).first()
    if _enrolment(session, course.id, user.sme_id) is not None:
        raise Conflict(N_("Doanh nghiệp đã đăng ký khóa này."))
    if taken is None:
        raise Conflict(N_("Khóa đào tạo đã hết chỗ."))
    enrolment = Enrolment(course_id=course.id, sme_id=user.sme_id)
    session.add(enrolment)
    try:
        session.flush()
    except IntegrityError as exc:  # (the unique constraint: the same SME, at the same moment)
        raise Conflict(N_("Doanh nghiệp đã đăng ký khóa này.")) from exc
    session.refresh(course, ["taken"])
    record_audit(session, user, "course.enrolled", "course", course.id, data={"sme": user.sme_id})
    return enrolment


def withdraw(session: Session, user: User, course_id: str) -> None:
    """The SME gives its seat back before the course begins."""
    course = get(session, course_id)
    enrolment = _enrolment(session, course.id, user.sme_id)
    if enrolment is None:
        raise InvalidTransition(N_("Doanh nghiệp chưa đăng ký khóa này."))
    if course.starts_at <= utcnow():
        raise InvalidTransition(N_("Khóa đào tạo đã bắt đầu, không hủy đăng ký được nữa."))
    session.delete(enrolment)
    session.flush()
    session.execute(
        update(Course)
        .where(Course.id == course.id, Course.taken > 0)
        .values(taken=Course.taken - 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(course, ["taken"])
    record_audit(session, user, "course.withdrawn", "course", course.id, data={"sme": user.sme_id})


def _refuse_cancelled(course: Course) -> None:
    if course.cancelled_at is not None:
        raise InvalidTransition(N_("Khóa đào tạo này đã bị hủy."))


def cancel(session: Session, user: User, course_id: str, reason: str) -> list[str]:
    """The organiser calls the course off before it begins; the SMEs enrolled (returned) are told why.
    Under the course's row lock, so an SME enrolling at the same moment is either refused or told."""
    course = managed(session, user, course_id)
    reason = reason.strip()
    if not reason or len(reason) > REASON_MAX:
        raise ValidationFailed(
            N_("Chưa hủy được khóa đào tạo."), {"reason": N_("Cần ghi lý do (tối đa 2.000 ký tự).")}
        )
    cancelled = session.execute(
        update(Course)
        .where(Course.id == course.id, Course.cancelled_at.is_(None), Course.starts_at > utcnow())
        .values(cancelled_at=utcnow(), cancel_reason=reason)
        .returning(Course.id)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(course)
    if cancelled is None:
        _refuse_cancelled(course)
        raise InvalidTransition(N_("Khóa đào tạo đã bắt đầu, không hủy được nữa."))
    enrolled = list(
        session.scalars(
            select(Enrolment.sme_id).where(Enrolment.course_id == course.id).order_by(Enrolment.id)
        )
    )
    record_audit(
        session, user, "course.cancelled", "course", course.id, to_state="cancelled",
        data={"reason": reason, "enrolled": len(enrolled)},
    )
    course_notices.cancelled(session, course, enrolled)
    return enrolled


def roster(session: Session, course: Course) -> list[tuple[Enrolment, Sme]]:
    return list(
        session.execute(
            select(Enrolment, Sme)
            .join(Sme, Sme.id == Enrolment.sme_id)
            .where(Enrolment.course_id == course.id)
            .order_by(Sme.name, Sme.id)
        ).tuples()
    )


def support_id_of(enrolment: Enrolment) -> str:
    """The one SUPPORT record an attended enrolment becomes."""
    return f"su-kh-{enrolment.id}"


def mark_attendance(session: Session, user: User, course_id: str, attended: set[int]) -> int:
    """Record who attended (enrolment ids); the others did not. Each attended enrolment becomes a SUPPORT
    record of kind training, once: one already recorded stays as it is (a support is kept, like every
    programme record). Only once the course has begun. Returns how many supports were added."""
    course = managed(session, user, course_id)
    _refuse_cancelled(course)
    if course.starts_at > utcnow():
        raise InvalidTransition(
            N_("Chỉ ghi danh sách tham dự từ khi khóa học bắt đầu (%(when)s)."),
            when=to_vn(course.starts_at).strftime("%d/%m/%Y %H:%M"),
        )
    # Hold the course's row until the commit: a second organiser marking at the same moment waits, then
    # reads the records this one made (PostgreSQL's row lock; SQLite's write lock).
    session.execute(
        update(Course)
        .where(Course.id == course.id)
        .values(taken=Course.taken)
        .execution_options(synchronize_session=False)
    )
    added = 0
    enrolments = session.scalars(
        select(Enrolment)
        .where(Enrolment.course_id == course.id)
        .order_by(Enrolment.id)
        .execution_options(populate_existing=True)  # as committed before this one took the lock
    ).all()
    for enrolment in enrolments:
        if enrolment.support_id is not None:
            continue  # recorded already: it stays attended
        if enrolment.id not in attended:
            enrolment.attended = False
            continue
        support = session.get(Support, support_id_of(enrolment))
        if support is None:
            support = Support(
                id=support_id_of(enrolment),
                sme_id=enrolment.sme_id,
                kind="training",
                on=course.held_on,
                consultant_id=course.consultant_id,
                hours=course.hours,
                note=course.title,
                extra={"course_id": course.id},
            )
            session.add(support)
            session.flush()
            added += 1
        enrolment.attended, enrolment.support_id = True, support.id
    session.flush()
    record_audit(session, user, "course.attendance", "course", course.id, data={"added": added})
    return added


def seats_left(course: Course) -> int:
    return course.seats - course.taken


def attended_count(session: Session, course_id: str) -> int:
    return session.scalar(
        select(func.count()).where(Enrolment.course_id == course_id, Enrolment.support_id.is_not(None))
    ) or 0
