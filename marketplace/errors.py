"""Errors to HTTP, in one place: JSON bodies under /api/, pages elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from core.domain import DomainError
from core.extensions import db
from core.i18n import field_messages_of, message_of

# Lazy: each answer is in the language of its request (JSON bodies too).
MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Cần đăng nhập."),
    403: _l("Bạn không có quyền thực hiện thao tác này."),
    404: _l("Không tìm thấy trang hoặc dữ liệu."),
    405: _l("Phương thức không được hỗ trợ."),
    409: _l("Thao tác xung đột với trạng thái hiện tại."),
    413: _l("Tệp tải lên quá lớn."),
    422: _l("Dữ liệu chưa hợp lệ."),
    429: _l("Quá nhiều yêu cầu; hãy thử lại sau ít phút."),
    500: _l("Đã xảy ra lỗi hệ thống."),
}


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    message = str(message)  # a lazy message is rendered now, in this request's language
    if request.path.startswith("/api/"):
        body = {"error": {"code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, fields=fields or {}), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        db.rollback()  # before the page reads anything (the answer's status rolls back anyway)
        return error_response(exc.status, exc.code, message_of(exc), field_messages_of(exc))

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return error_response(400, "csrf",
                              _("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang."))

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        message = MESSAGES.get(status, exc.description or "")
        if status == 429 and exc.description:
            message = exc.description
        return error_response(status, exc.name.lower().replace(" ", "_"), message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        # The page reads the logged-in user, which a failed statement leaves unreadable until rollback.
        try:
            db.rollback()
        except Exception:  # e.g. the connection is gone: still answer with the page
            app.logger.exception("rollback after the unhandled error failed")
        return error_response(500, "internal_error", MESSAGES[500])
