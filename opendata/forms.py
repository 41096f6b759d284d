"""The officers' form for a new partner key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from core.forms import MultiCheckboxField, PageForm, WholeNumberField
from core.i18n import current_lang
from core.translation import translate
from opendata.keys import MAX_PER_MINUTE, NAME_MAX, SCOPES


class KeyForm(PageForm):
    name = StringField(_l("Hệ thống đối tác"), validators=[
        DataRequired(_l("Cần nhập tên hệ thống đối tác.")),
        Length(max=NAME_MAX, message=_l("Tên tối đa 200 ký tự."))],
        description=_l("Ví dụ: Cổng thông tin hỗ trợ DNNVV quốc gia."))
    scopes = MultiCheckboxField(_l("Phạm vi được đọc"),
                                validators=[DataRequired(_l("Chọn ít nhất một phạm vi."))],
                                description=_l("Dữ liệu mà khóa này được đọc."))
    per_minute = WholeNumberField(_l("Hạn mức (lượt gọi mỗi phút)"), default=600, validators=[
        InputRequired(_l("Cần nhập hạn mức.")),
        NumberRange(min=1, max=MAX_PER_MINUTE, message=_l("Hạn mức phải từ 1 đến 100.000 lượt mỗi phút."))],
        description=_l("Quá hạn mức, lượt gọi bị từ chối (429) cho đến phút sau."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.scopes.choices = [(code, translate(text, lang)) for code, text in SCOPES.items()]
