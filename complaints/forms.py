"""Filing a complaint, a message on it, an officer's closing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from complaints import rules
from complaints.services import ATTACHMENTS_MAX, DESCRIPTION_MIN, TEXT_MAX
from core.forms import PageForm
from core.i18n import current_lang
from core.translation import translate


class ComplaintForm(PageForm):
    category = SelectField(
        _l("Loại khiếu nại"), validators=[DataRequired(_l("Chọn một loại trong danh sách."))]
    )
    description = TextAreaField(
        _l("Nội dung khiếu nại"),
        validators=[
            DataRequired(_l("Mô tả điều đã xảy ra.")),
            Length(min=DESCRIPTION_MIN, max=TEXT_MAX, message=_l("Từ 20 đến 5.000 ký tự.")),
        ],
        description=_l("Điều đã xảy ra, từ khi nào, doanh nghiệp mong nhà cung cấp làm gì."),
    )
    attachments = TextAreaField(
        _l("Tài liệu kèm theo"),
        validators=[Optional(), Length(max=ATTACHMENTS_MAX, message=_l("Tối đa 5.000 ký tự."))],
        description=_l("Liệt kê hoặc dán nội dung: số hóa đơn, email trao đổi, biên bản."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.category.choices = [
            SelectChoice("", "—"),
            *(SelectChoice(c, translate(t, lang)) for c, t in rules.CATEGORIES.items()),
        ]


class MessageForm(PageForm):
    text = TextAreaField(
        _l("Nội dung"),
        validators=[
            DataRequired(_l("Cần nội dung.")),
            Length(max=TEXT_MAX, message=_l("Tối đa 5.000 ký tự.")),
        ],
    )


class CloseForm(PageForm):
    outcome = RadioField(
        _l("Kết luận"), validators=[DataRequired(_l("Chọn khiếu nại đúng hoặc không đúng."))]
    )
    reason = TextAreaField(
        _l("Lý do"),
        validators=[
            DataRequired(_l("Cần lý do của kết luận.")),
            Length(max=TEXT_MAX, message=_l("Tối đa 5.000 ký tự.")),
        ],
        description=_l("Cả doanh nghiệp và nhà cung cấp đọc được lý do này."),
    )
    suspend = BooleanField(
        _l("Tạm ngừng sản phẩm vì khiếu nại đúng"),
        description=_l("Sản phẩm rời danh mục đến khi cán bộ công bố lại; nhà cung cấp thấy lý do."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.outcome.choices = [SelectChoice(c, translate(t, lang)) for c, t in rules.OUTCOMES.items()]
