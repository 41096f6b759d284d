"""Pages of the training courses (thin: parse, call consultants.courses, render; the shell commits).

Public: the upcoming courses. SMEs: enrol, give a seat back; their courses on the dashboard. Officers and
certified consultants: publish a course, their courses, call one off before it begins (with a reason the
SMEs enrolled are told), the attendance list once a course has begun."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consultants import courses
from consultants.forms import CourseForm, StatusForm
from consultants.models import Consultant
from consultants.views import REFUSALS
from core.access import roles_required, sme_required
from core.domain import ValidationFailed
from core.extensions import db
from core.forms import PageForm
from core.i18n import current_lang, field_messages_of, message_of
from core.refusals import refused, refused_in_place

bp = Blueprint("courses", __name__, url_prefix="/courses")
organiser_required = roles_required("officer", "admin", "consultant")


def _organiser_names(found) -> dict[str, str]:
    ids = {c.consultant_id for c in found if c.consultant_id}
    if not ids:
        return {}
    return dict(db.session.query(Consultant.id, Consultant.name).filter(Consultant.id.in_(ids)).all())


@bp.route("/")
def index():
    found = courses.upcoming(db.session)
    is_sme = current_user.is_authenticated and current_user.role == "sme"
    return render_template(
        "consultants/courses.html",
        courses=found,
        organisers=_organiser_names(found),
        enrolled=courses.enrolled_ids(db.session, current_user.sme_id) if is_sme else set(),
        is_sme=is_sme,
        form=PageForm(formdata=None),
    )


@bp.route("/<course_id>/enrol", methods=["POST"])
@sme_required
def enrol(course_id: str):
    back = url_for(".index") + f"#course-{course_id}"
    try:
        enrolment = courses.enrol(db.session, current_user, course_id)
    except REFUSALS as exc:
        return refused(exc, back)
    title = courses.get(db.session, enrolment.course_id).title
    flash(_("Đã đăng ký khóa “%(title)s”.", title=title), "success")
    return redirect(back)


@bp.route("/<course_id>/withdraw", methods=["POST"])
@sme_required
def withdraw(course_id: str):
    back = url_for(".index") + f"#course-{course_id}"
    try:
        courses.withdraw(db.session, current_user, course_id)
    except REFUSALS as exc:
        return refused(exc, back)
    flash(_("Đã hủy đăng ký."), "info")
    return redirect(back)


@bp.route("/new", methods=["GET", "POST"])
@organiser_required
def new():
    courses.organiser_of(db.session, current_user)  # 403 for a consultant not (or no longer) certified
    form = CourseForm()
    form.set_choices(current_lang())
    if form.validate_on_submit():
        try:
            course = courses.publish(
                db.session,
                current_user,
                courses.CourseInput(
                    title=form.title.data or "",
                    topic=form.topic.data or "",
                    day=form.held_on.data,
                    start=form.starts_at.data,
                    hours=form.hours.data,
                    place=form.place.data or "",
                    online_url=form.online_url.data or "",
                    seats=form.seats.data,
                    description=form.description.data or "",
                ),
            )
        except ValidationFailed as exc:
            db.rollback()
            for name, message in field_messages_of(exc).items():
                form[name].errors.append(message)
            _flash_errors(form, message_of(exc))
        else:
            flash(_("Đã đăng khóa “%(title)s”.", title=course.title), "success")
            return redirect(url_for(".organised"))
    elif form.errors:
        db.rollback()
        _flash_errors(form, _("Chưa đăng được khóa đào tạo."))
    return render_template("consultants/course_form.html", form=form), (422 if form.errors else 200)


def _flash_errors(form, lead: str) -> None:
    """What is wrong, naming each field by its label (the messages are also under the fields)."""
    named = [f"{form[name].label.text}: {text}" for name, errors in form.errors.items() for text in errors]
    flash(" ".join([lead, *named]), "danger")


@bp.route("/organised")
@organiser_required
def organised():
    found = courses.organised_by(db.session, current_user)
    return render_template(
        "consultants/courses_organised.html",
        courses=found,
        organisers=_organiser_names(found),
        attended={c.id: courses.attended_count(db.session, c.id) for c in found},
        now=courses.utcnow(),
        may_publish=_may_publish(),
        cancel_form=StatusForm(formdata=None),
    )


@bp.route("/<course_id>/cancel", methods=["POST"])
@organiser_required
def cancel(course_id: str):
    back = url_for(".organised") + f"#course-{course_id}"
    form = StatusForm()
    if not form.validate_on_submit():
        db.rollback()
        flash(_("Chưa hủy được khóa đào tạo: cần ghi lý do (tối đa 2.000 ký tự)."), "danger")
        return redirect(back)
    try:
        told = courses.cancel(db.session, current_user, course_id, form.reason.data or "")
    except REFUSALS as exc:
        return refused(exc, back)
    flash(_("Đã hủy khóa đào tạo; đã báo cho %(n)s doanh nghiệp đã đăng ký.", n=len(told)), "success")
    return redirect(back)


def _may_publish() -> bool:
    try:
        courses.organiser_of(db.session, current_user)
    except courses.Forbidden:
        return False
    return True


@bp.route("/<course_id>/attendance", methods=["GET", "POST"])
@organiser_required
def attendance(course_id: str):
    course = courses.managed(db.session, current_user, course_id)
    if request.method == "POST":  # (the CSRF token is checked for every POST before the view)
        ticked = {int(v) for v in request.form.getlist("attended") if v.isascii() and v.isdigit()}
        try:
            added = courses.mark_attendance(db.session, current_user, course.id, ticked)
        except REFUSALS as exc:
            refused_in_place(exc)
        else:
            flash(_("Đã ghi danh sách tham dự: %(n)s hoạt động đào tạo mới.", n=added), "success")
            return redirect(url_for(".attendance", course_id=course.id))
    return render_template(
        "consultants/course_attendance.html",
        course=course,
        roster=courses.roster(db.session, course),
        begun=course.starts_at <= courses.utcnow(),
        form=PageForm(formdata=None),
    )


def dashboard_section(sme) -> dict:
    """The SME's courses, on its dashboard (smes.views.dashboard_sections)."""
    return {"enrolments": courses.enrolments_of_sme(db.session, sme.id), "now": courses.utcnow()}
