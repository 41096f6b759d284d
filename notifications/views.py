"""The notification centre (list, open, mark read), mail preferences, and unsubscribing from a mail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.audit import record_audit
from core.extensions import csrf, db
from core.i18n import current_lang
from core.navigation import safe_next
from core.translation import translate
from notifications import delivery, events

bp = Blueprint("notifications", __name__, template_folder="templates")


@bp.app_template_global()
def unread_notifications() -> int:
    """The header's badge: how many notifications the reader has not read."""
    if not current_user.is_authenticated:
        return 0
    return delivery.unread_count(db.session, current_user.id)


@bp.route("/notifications")
@login_required
def index():
    rows = delivery.latest(db.session, current_user.id)
    return render_template("notifications/index.html", items=delivery.texts(rows, current_lang()))


@bp.route("/notifications/<int:notification_id>/open", methods=["POST"])
@login_required
def open_one(notification_id: int):
    """Mark it read and go where the person acts."""
    row = delivery.own(db.session, current_user.id, notification_id)
    if row is None:
        abort(404)
    delivery.mark_read(db.session, current_user.id, row.id)
    return redirect(safe_next(row.link) or url_for(".index"))


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    marked = delivery.mark_read(db.session, current_user.id)
    flash(_("Đã đánh dấu %(num)s thông báo là đã đọc.", num=marked), "success")
    return redirect(url_for(".index"))


def _choices(user) -> list[dict]:
    lang = current_lang()
    modes = delivery.modes_of(db.session, user)
    return [{"code": e.code, "name": translate(e.name, lang), "mode": modes[e.code]}
            for e in events.for_role(user.role)]


@bp.route("/notifications/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    choices = _choices(current_user)
    if request.method == "POST":
        wrong = [c for c in choices if request.form.get(c["code"], c["mode"]) not in events.MODES]
        if wrong:
            db.rollback()
            flash(_("Cách nhận không hợp lệ cho: %(names)s.", names=", ".join(c["name"] for c in wrong)),
                  "danger")
            return render_template("notifications/preferences.html", choices=choices,
                                   mode_labels=_mode_labels()), 422
        for choice in choices:
            mode = request.form.get(choice["code"], choice["mode"])
            if mode != choice["mode"]:
                delivery.set_mode(db.session, current_user.id, choice["code"], mode)
        flash(_("Đã lưu cách nhận thông báo."), "success")
        return redirect(url_for(".preferences"))
    return render_template("notifications/preferences.html", choices=choices, mode_labels=_mode_labels())


def _mode_labels() -> dict[str, str]:
    lang = current_lang()
    return {mode: translate(text, lang) for mode, text in events.MODE_LABELS.items()}


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
# The signed token is the authority (no login, no session); mail programs POST here (RFC 8058).
@csrf.exempt
def unsubscribe(token: str):
    target = delivery.unsubscribe_target(token)
    if target is None:
        abort(404)
    user_id, event = target
    name = translate(events.get(event).name, current_lang())
    if request.method == "POST":
        delivery.set_mode(db.session, user_id, event, "off")
        record_audit(db.session, None, "notifications.unsubscribed", "user", str(user_id),
                     data={"event": event})
        return render_template("notifications/unsubscribed.html", name=name, done=True)
    # A link opened by a mail scanner changes nothing: the person confirms with one button.
    return render_template("notifications/unsubscribed.html", name=name, done=False, token=token)
