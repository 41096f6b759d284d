"""The review form, the vendor's reply, a reader's report and the officers' decisions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.forms import PageForm
from core.i18n import current_lang
from core.translation import N_, translate
from reviews import rules
from reviews.services import BODY_MAX, NOTE_MAX, REPLY_MAX, TITLE_MAX, WORK_MAX

STAR_CHOICES = [SelectChoice(n, "★" * n) for n in rules.RATINGS]


def _optional_int(value):
    return (
        int(value)
        if value not in (None, "", "None") and str(value).isascii() and str(value).isdigit()
        else None
    )


class ReviewForm(PageForm):
    rating = RadioField(
        _l("Đánh giá chung"),
        choices=STAR_CHOICES,
        coerce=int,
        validators=[InputRequired(_l("Chọn từ 1 đến 5 sao."))],
        description=_l("1 sao: rất không hài lòng; 5 sao: rất hài lòng."),
    )
    ease_of_use = SelectField(_l("Dễ sử dụng"), coerce=_optional_int, validators=[Optional()])
    support = SelectField(_l("Hỗ trợ của nhà cung cấp"), coerce=_optional_int, validators=[Optional()])
    value_for_money = SelectField(_l("Đáng đồng tiền"), coerce=_optional_int, validators=[Optional()])
    sector_fit = SelectField(_l("Phù hợp với ngành"), coerce=_optional_int, validators=[Optional()])
    title = StringField(
        _l("Tiêu đề"),
        validators=[
            DataRequired(_l("Cần một tiêu đề.")),
            Length(max=TITLE_MAX, message=_l("Tối đa 200 ký tự.")),
        ],
    )
    body = TextAreaField(
        _l("Trải nghiệm của doanh nghiệp"),
        validators=[
            DataRequired(_l("Viết ít nhất 20 ký tự về trải nghiệm dùng sản phẩm.")),
            Length(min=20, max=BODY_MAX, message=_l("Từ 20 đến 5.000 ký tự.")),
        ],
        description=_l(
            "Điều gì tốt, điều gì chưa tốt. Không ghi số điện thoại, email hay thông tin cá nhân."
        ),
    )
    work_change = TextAreaField(
        _l("Công việc đã thay đổi thế nào"),
        validators=[Optional(), Length(max=WORK_MAX, message=_l("Tối đa 2.000 ký tự."))],
        description=_l("Ví dụ: xuất hóa đơn nhanh hơn, bớt nhập liệu tay, bán được trên kênh mới."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank = translate(N_("Không đánh giá"), current_lang())
        for name in ("ease_of_use", "support", "value_for_money", "sector_fit"):
            getattr(self, name).choices = [SelectChoice(None, blank), *STAR_CHOICES]


class ReplyForm(PageForm):
    reply = TextAreaField(
        _l("Trả lời công khai"),
        validators=[
            DataRequired(_l("Viết câu trả lời công khai.")),
            Length(max=REPLY_MAX, message=_l("Tối đa 3.000 ký tự.")),
        ],
        description=_l("Mỗi đánh giá được trả lời một lần; ai xem sản phẩm cũng đọc được."),
    )


class ReportForm(PageForm):
    reason = SelectField(_l("Lý do"), validators=[DataRequired(_l("Chọn một lý do trong danh sách."))])
    note = TextAreaField(
        _l("Ghi chú"), validators=[Optional(), Length(max=NOTE_MAX, message=_l("Tối đa 2.000 ký tự."))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.reason.choices = [
            SelectChoice(code, translate(text, lang)) for code, text in rules.REPORT_REASONS.items()
        ]


class DecisionForm(PageForm):
    """An officer's decision on a review (reason when refusing) or on a report (note required there)."""

    reason = SelectField(_l("Lý do từ chối"), validators=[Optional()])
    note = TextAreaField(
        _l("Ghi chú của cán bộ"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("Tối đa 2.000 ký tự."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.reason.choices = [
            SelectChoice("", "—"),
            *(SelectChoice(c, translate(t, lang)) for c, t in rules.REASONS.items()),
        ]
