"""Privacy pages: a person's consents, data export and requests; officers' request queue."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.access import officer_required
from core.db import utcnow
from core.domain import InvalidTransition, ValidationFailed
from core.extensions import db
from core.formatting import to_vn
from core.i18n import current_lang, field_messages_of, message_of
from core.navigation import safe_next
from core.text import ascii_digits
from core.translation import translate
from privacy import requests as dsr
from privacy.consent import active_consent, consent_history, set_consent
from privacy.deadlines import KIND_LABELS, MAX_EXTENSION_DAYS
from privacy.purposes import CONTACT_BY_VENDORS, PURPOSES
from privacy.visibility import user_may_see_contact

bp = Blueprint("privacy", __name__, template_folder="templates")


def _purposes_for(user) -> list:
    # Contact by vendors is about the SME's contact data: only SME users are asked.
    return list(PURPOSES.values()) if user.role == "sme" else []


def _labels() -> dict:
    """The request kind and status labels in the page's language."""
    lang = current_lang()
    return {
        "kind_labels": {code: translate(text, lang) for code, text in KIND_LABELS.items()},
        "status_labels": {code: translate(text, lang) for code, text in dsr.STATUS_LABELS.items()},
    }


@bp.route("/privacy")
@login_required
def index():
    consents = {p.code: active_consent(db.session, current_user, p.code) for p in _purposes_for(current_user)}
    return render_template(
        "privacy/index.html", purposes=_purposes_for(current_user), consents=consents,
        history=consent_history(db.session, current_user), requests=dsr.requests_of(db.session, current_user),
        **_labels(),
    )


@bp.route("/privacy/consents/<purpose>", methods=["POST"])
@login_required
def change_consent(purpose: str):
    if purpose not in {p.code for p in _purposes_for(current_user)}:
        abort(404)
    agreed = request.form.get("agreed") == "1"
    set_consent(db.session, current_user, purpose, agreed, source="privacy_page", ip=request.remote_addr,
                lang=current_lang())
    flash(_("Đã ghi nhận sự đồng ý của bạn.") if agreed else _("Đã rút lại sự đồng ý."), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("privacy.index"))


@bp.app_template_global()
def may_see_contact(sme) -> bool:
    """Whether the reader may see `sme`'s contact person, phone and email (privacy.visibility)."""
    return user_may_see_contact(db.session, current_user, sme)


def profile_consent_section(sme) -> dict:
    """The SME profile page's card for the consent to be contacted by vendors."""
    return {"purpose": CONTACT_BY_VENDORS,
            "record": active_consent(db.session, current_user, CONTACT_BY_VENDORS.code)}


@bp.route("/privacy/export", methods=["POST"])
@login_required
def export():
    """Download one's data as JSON; recorded as an access request fulfilled at once."""
    data = dsr.export_personal_data(db.session, current_user)
    access = dsr.submit_request(db.session, current_user, "access")
    dsr.close_self_service(db.session, access, current_user)
    stamp = to_vn(utcnow()).strftime("%Y%m%d")
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'})


@bp.route("/privacy/requests", methods=["POST"])
@login_required
def submit():
    try:
        dsr.submit_request(db.session, current_user, request.form.get("kind", ""),
                           request.form.get("details", ""))
    except ValidationFailed as exc:
        db.rollback()
        flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
    else:
        flash(_("Đã nhận yêu cầu. Chúng tôi sẽ xác nhận trong 2 ngày làm việc."), "success")
    return redirect(url_for("privacy.index"))


@bp.route("/officer/privacy-requests")
@officer_required
def officer_requests():
    return render_template("privacy/officer_requests.html", requests=dsr.open_requests_first(db.session),
                           **_labels(),
                           today=to_vn(utcnow()).date(), max_extension=MAX_EXTENSION_DAYS)


@bp.route("/officer/privacy-requests/<int:request_id>/<action>", methods=["POST"])
@officer_required
def resolve(request_id: int, action: str):
    outcome = request.form.get("outcome", "")
    try:
        if action == "complete":
            dsr.complete_request(db.session, request_id, current_user, outcome)
        elif action == "refuse":
            dsr.refuse_request(db.session, request_id, current_user, outcome)
        elif action == "extend":
            days = request.form.get("days", "")
            dsr.extend_request(db.session, request_id, current_user, int(days) if ascii_digits(days) else 0,
                               outcome)
        else:
            abort(404)
    except (ValidationFailed, InvalidTransition) as exc:
        db.rollback()
        flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
    else:
        flash(_("Đã cập nhật yêu cầu #%(id)s.", id=request_id), "success")
    return redirect(url_for("privacy.officer_requests"))
