"""GET /api/v1/reports/contracts: the same JSON as `marketplace report contracts --json`, for officers."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from core.api import bp, error
from core.domain import ValidationFailed
from core.extensions import db
from core.i18n import field_messages_of, message_of
from reports.aggregate import check_dimension, parse_period
from reports.queries import contract_report


@bp.get("/reports/contracts")
def contracts_report():
    if not current_user.is_authenticated:
        return error(401, "unauthorized", _("Cần đăng nhập."))
    if not current_user.is_officer:
        return error(403, "forbidden", _("Chỉ cán bộ quản lý xem được báo cáo."))
    try:
        start, end = parse_period(request.args.get("from"), request.args.get("to"))
        by = check_dimension(request.args.get("by"))
    except ValidationFailed as exc:
        return error(422, exc.code, message_of(exc), field_messages_of(exc))
    return jsonify(contract_report(db.session, start, end, by).to_json())
