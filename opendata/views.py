"""The officers' pages of the open data: partner keys (create, revoke, their calls) and the deliveries
to the national portal (the log, replay). Thin: parse, call opendata.keys / opendata.sync."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import officer_required
from core.db import utcnow
from core.domain import Conflict, DomainError
from core.extensions import db
from core.i18n import current_lang, field_messages_of, message_of
from core.translation import translate
from opendata import keys, sync
from opendata.forms import KeyForm

bp = Blueprint("opendata", __name__, url_prefix="/officer/open-data", template_folder="templates")


def _keys_page(form: KeyForm, created: tuple | None = None, status: int = 200):
    lang = current_lang()
    scope_labels = {code: translate(text, lang) for code, text in keys.SCOPES.items()}
    return render_template("opendata/keys.html", form=form, rows=keys.listing(db.session), created=created,
                           scope_labels=scope_labels), status


@bp.route("/keys", methods=["GET", "POST"])
@officer_required
def keys_page():
    form = KeyForm()
    if not form.is_submitted():
        return _keys_page(form)
    if not form.validate():
        db.rollback()
        return _keys_page(form, status=422)
    try:
        key, text = keys.create(db.session, current_user, form.name.data, form.scopes.data,
                                form.per_minute.data)
    except DomainError as exc:
        db.rollback()
        for name, message in field_messages_of(exc).items():
            getattr(form, name).errors = [*getattr(form, name).errors, message]
        return _keys_page(form, status=422)
    # The key's text is shown on this answer only (never stored, never in a redirect's flash cookie).
    return _keys_page(KeyForm(formdata=None), created=(key, text))


@bp.route("/keys/<int:key_id>")
@officer_required
def key_calls(key_id: int):
    key = keys.get(db.session, key_id)
    return render_template("opendata/key_calls.html", key=key, calls=keys.recent_calls(db.session, key.id))


@bp.route("/keys/<int:key_id>/revoke", methods=["POST"])
@officer_required
def revoke_key(key_id: int):
    try:
        key = keys.revoke(db.session, current_user, key_id)
    except Conflict as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return redirect(url_for(".keys_page"))
    flash(_("Đã thu hồi khóa %(prefix)s.", prefix=key.prefix), "success")
    return redirect(url_for(".keys_page"))


@bp.route("/deliveries")
@officer_required
def deliveries():
    return render_template("opendata/deliveries.html", deliveries=sync.deliveries(db.session))


@bp.route("/deliveries/<int:delivery_id>/replay", methods=["POST"])
@officer_required
def replay(delivery_id: int):
    try:
        delivery = sync.replay(db.session, current_user, delivery_id, utcnow())
    except Conflict as exc:
        db.rollback()
        flash(message_of(exc), "danger")
        return redirect(url_for(".deliveries"))
    flash(_("Lần đồng bộ %(key)s sẽ được gửi lại ở lượt chạy tới.", key=delivery.idempotency_key), "success")
    return redirect(url_for(".deliveries"))
