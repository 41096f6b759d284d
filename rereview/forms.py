"""The vendor's filing, an officer's decision, a programme's criteria."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from core.forms import BoundedIntegerField, PageForm
from rereview.services import NOTE_MAX

RATING_STEPS = (0.0, 3.0, 3.5, 4.0, 4.5)  # 0: no minimum


class FileForm(PageForm):
    note = TextAreaField(
        _l("Ghi chú cho cán bộ"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Tối đa 4.000 ký tự."))],
        description=_l("Ví dụ: khách hàng mới, thay đổi giá, khiếu nại đã xử lý."),
    )


class DecisionForm(PageForm):
    note = TextAreaField(
        _l("Ghi chú của cán bộ"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Tối đa 4.000 ký tự."))],
        description=_l("Bắt buộc khi yêu cầu bổ sung hoặc để hết hạn; nhà cung cấp đọc được."),
    )


class CriteriaForm(PageForm):
    programme = StringField(
        _l("Mã chương trình"),
        validators=[DataRequired(_l("Cần mã chương trình.")), Length(max=40)],
        description=_l("“default” áp dụng cho mọi sản phẩm chưa thuộc chương trình nào."),
    )
    min_customers = BoundedIntegerField(
        _l("Số khách hàng đang dùng tối thiểu"),
        validators=[DataRequired(_l("Cần một số.")), NumberRange(0, 10_000)],
    )
    min_rating = SelectField(
        _l("Điểm đánh giá tối thiểu"),
        coerce=float,
        choices=[SelectChoice(v, f"{v:.1f}".replace(".", ",")) for v in RATING_STEPS],
    )
    no_unresolved_complaints = BooleanField(_l("Không còn khiếu nại chưa giải quyết"))
    approval_days = BoundedIntegerField(
        _l("Thời hạn phê duyệt (ngày)"), validators=[DataRequired(_l("Cần một số.")), NumberRange(30, 1830)]
    )
