"""GET /api/v1/reports/contracts: the same JSON as `marketplace report contracts --json`, for officers."""

from __future__ import annotations

from flask import jsonify, request
from flask_login import current_user

from marketplace.api import bp, error
from marketplace.domain import ValidationFailed
from marketplace.extensions import db
from reports.aggregate import check_dimension, parse_period
from reports.queries import contract_report


@bp.get("/reports/contracts")
def contracts_report():
    if not current_user.is_authenticated:
        return error(401, "unauthorized", "Cần đăng nhập.")
    if not current_user.is_officer:
        return error(403, "forbidden", "Chỉ cán bộ quản lý xem được báo cáo.")
    try:
        start, end = parse_period(request.args.get("from"), request.args.get("to"))
        by = check_dimension(request.args.get("by"))
    except ValidationFailed as exc:
        return error(422, exc.code, exc.message, exc.fields)
    return jsonify(contract_report(db.session, start, end, by).to_json())
