"""Officers' forms: review decisions and editions of the official catalog."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from core.forms import PageForm


class ReasonForm(PageForm):
    """A decision on a listing; the reason is required for requesting changes, rejecting, suspending."""

    reason = TextAreaField(
        _l("Nhận xét / lý do"),
        validators=[Optional(), Length(max=5000)],
        description=_l(
            "Bắt buộc khi yêu cầu chỉnh sửa, từ chối hoặc tạm ngừng; nhà cung cấp sẽ thấy nội dung này."
        ),
    )


class EditionForm(PageForm):
    decision_number = StringField(
        _l("Số quyết định"),
        validators=[DataRequired(_l("Cần nhập số quyết định.")), Length(max=100)],
        description=_l("vd. 123/QĐ-SKHCN"),
    )
    decision_date = StringField(
        _l("Ngày quyết định (dd/mm/yyyy)"), validators=[DataRequired(_l("Cần nhập ngày quyết định."))]
    )
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=5000)])

    def validate_decision_date(self, field) -> None:
        try:
            field.parsed = datetime.strptime(field.data.strip(), "%d/%m/%Y").date()
        except ValueError as exc:
            raise ValidationError(_("Ngày theo dạng dd/mm/yyyy, vd. 15/07/2026.")) from exc
