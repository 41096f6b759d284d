"""SME endpoints of the JSON API: the matches of an SME, for the SME itself and for officers."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.api import bp, error
from core.extensions import db
from core.text import ascii_digits
from matching.service import TOP_DEFAULT, TOP_LIMIT, match_json, matches_for
from smes.services import get_sme


@bp.get("/smes/<sme_id>/matches")
@login_required
def sme_matches(sme_id: str):
    """The best offers for an SME, best first: [{"product_id", "score", "reasons"}, ...] (?limit=K, 1-100)."""
    own = current_user.role == "sme" and current_user.sme_id == sme_id
    if not (own or current_user.is_officer):
        return error(404, "not_found", _("Không tìm thấy doanh nghiệp."))
    raw = request.args.get("limit", str(TOP_DEFAULT))
    if not ascii_digits(raw) or not 1 <= int(raw) <= TOP_LIMIT:
        return error(
            400, "bad_limit", _("limit phải là số nguyên từ 1 đến %(most)s.", most=TOP_LIMIT), {"limit": raw}
        )
    sme = get_sme(db.session, sme_id)
    return jsonify([match_json(m) for m in matches_for(db.session, sme, int(raw))])
