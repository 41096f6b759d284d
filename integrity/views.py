"""The officers' page of flagged deals and their decisions (thin: parse, call integrity.decisions)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from catalog.services import newest_revision
from core.access import officer_required
from core.domain import InvalidTransition, ValidationFailed
from core.extensions import db
from core.i18n import current_lang, field_messages_of, message_of
from core.refusals import form_refused
from core.translation import translate
from integrity import decisions
from integrity.forms import DecisionForm
from integrity.labels import SIGNAL_LABELS, STATUS_LABELS
from integrity.models import OPEN, STATUSES
from integrity.reasons import Reason

bp = Blueprint("integrity", __name__, url_prefix="/officer/integrity", template_folder="templates")
ACTIONS = {"clear": decisions.clear, "suspend": decisions.suspend_listing}


def _signals(flag, lang: str) -> list[tuple[str, str]]:
    """(signal name, reason) pairs of a flag, in the reader's language."""
    return [
        (
            translate(SIGNAL_LABELS[code], lang) if code in SIGNAL_LABELS else code,
            Reason.from_json(reason).text(lang),
        )
        for code, reason in zip(flag.signals, flag.reasons, strict=True)
    ]


def _product_name(flag) -> str:
    listing = flag.contract.listing
    return newest_revision(listing).name if listing.revisions else listing.id


def _page_number() -> int:
    """The page asked for, 1 for anything that is not a page number ('²' is a digit to Python)."""
    text = request.args.get("page", "1")
    if not (text.isascii() and text.isdigit()):
        return 1
    return max(1, min(int(text[:8]), 10**6))


@bp.route("/")
@officer_required
def flags():
    status = request.args.get("status", OPEN)
    if status not in STATUSES:
        status = OPEN
    shown = decisions.queue(db.session, status, _page_number())
    lang = current_lang()
    return render_template(
        "integrity/flags.html",
        flags=[(flag, _product_name(flag), _signals(flag, lang)) for flag in shown.flags],
        status=status,
        page=shown.page,
        pages=shown.pages,
        counts=decisions.counts(db.session),
        status_labels={code: translate(text, lang) for code, text in STATUS_LABELS.items()},
        form=DecisionForm(formdata=None),
    )


@bp.route("/<contract_id>/<action>", methods=["POST"])
@officer_required
def decide(contract_id: str, action: str):
    if action not in ACTIONS:
        abort(404)
    form = DecisionForm()
    back = url_for(".flags")
    if not form.validate_on_submit():
        return form_refused(form, back + f"#flag-{contract_id}")
    try:
        ACTIONS[action](db.session, current_user, contract_id, form.note.data)
    except (ValidationFailed, InvalidTransition) as exc:
        db.rollback()
        flash(" ".join([message_of(exc), *field_messages_of(exc).values()]), "danger")
        return redirect(back + f"#flag-{contract_id}")
    flash(
        _("Đã bỏ cờ hợp đồng %(id)s.", id=contract_id)
        if action == "clear"
        else _("Đã tạm ngừng sản phẩm của hợp đồng %(id)s.", id=contract_id),
        "success",
    )
    return redirect(back)
