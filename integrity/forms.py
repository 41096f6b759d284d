"""The officer's decision on a flag: a note, required (the decision's reason, kept in the audit log)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from core.forms import PageForm
from integrity.decisions import NOTE_MAX


class DecisionForm(PageForm):
    note = TextAreaField(
        _l("Ghi chú của cán bộ"),
        validators=[
            DataRequired(_l("Cần ghi chú lý do của quyết định.")),
            Length(max=NOTE_MAX, message=_l("Tối đa 4.000 ký tự.")),
        ],
        description=_l(
            "Điều đã kiểm tra và kết luận. Khi tạm ngừng sản phẩm, nhà cung cấp thấy ghi chú này."
        ),
    )
