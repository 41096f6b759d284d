"""Forms of the programme and voucher pages (money typed the Vietnamese way: 1.500.000)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from core.forms import (
    AtMost,
    BoundedIntegerField,
    MultiCheckboxField,
    PageForm,
    PercentField,
    WholeNumberField,
)
from interchange.format import MAX_CONTRACT_MONTHS, MAX_VND
from vouchers import rules
from vouchers.services import NAME_MAX, REASON_MAX

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # a date picker's ISO, or dd/mm/yyyy typed by hand


class ProgrammeForm(PageForm):
    name = StringField(
        _l("Tên chương trình"), validators=[DataRequired(_l("Nhập tên chương trình.")), Length(max=NAME_MAX)]
    )
    province = StringField(
        _l("Tỉnh, thành phố (để trống: mọi nơi)"), validators=[Optional(), Length(max=100)]
    )
    opens_on = DateField(_l("Nhận hồ sơ từ ngày"), validators=[InputRequired()], format=DATE_FORMATS)
    closes_on = DateField(_l("Đến ngày"), validators=[InputRequired()], format=DATE_FORMATS)
    budget_vnd = WholeNumberField(_l("Ngân sách (₫)"), validators=[InputRequired(), AtMost(MAX_VND)])
    max_share_pct = PercentField(
        _l("Tỷ lệ hỗ trợ tối đa (%)"),
        default=rules.DEFAULT_SHARE_PCT,
        description=_l("Nghị định 80/2021/NĐ-CP: tối đa một nửa chi phí thuê, mua giải pháp chuyển đổi số."),
    )
    cap_micro = WholeNumberField(
        _l("Hạn mức/năm, doanh nghiệp siêu nhỏ (₫)"),
        default=rules.DEFAULT_CAPS_VND["micro"],
        validators=[InputRequired(), AtMost(MAX_VND)],
    )
    cap_small = WholeNumberField(
        _l("Hạn mức/năm, doanh nghiệp nhỏ (₫)"),
        default=rules.DEFAULT_CAPS_VND["small"],
        validators=[InputRequired(), AtMost(MAX_VND)],
    )
    cap_medium = WholeNumberField(
        _l("Hạn mức/năm, doanh nghiệp vừa (₫)"),
        default=rules.DEFAULT_CAPS_VND["medium"],
        validators=[InputRequired(), AtMost(MAX_VND)],
        description=_l("0: quy mô này không thuộc đối tượng của chương trình."),
    )
    categories = MultiCheckboxField(_l("Lĩnh vực được hỗ trợ (không chọn: mọi lĩnh vực)"), choices=[])


class ApplyForm(PageForm):
    programme_id = SelectField(_l("Chương trình hỗ trợ"), validators=[DataRequired()], choices=[])
    product_id = SelectField(_l("Sản phẩm"), validators=[DataRequired()], choices=[])
    pricing_type = SelectField(_l("Hình thức thanh toán dự kiến"), validators=[DataRequired()], choices=[])
    value_vnd = WholeNumberField(
        _l("Giá trị hợp đồng dự kiến (₫)"),
        validators=[InputRequired(), AtMost(MAX_VND)],
        description=_l("Tổng số tiền doanh nghiệp dự kiến trả theo hợp đồng."),
    )
    months = BoundedIntegerField(
        _l("Thời hạn dự kiến (tháng)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_CONTRACT_MONTHS)],
        description=_l("Không cần với hình thức mua đứt."),
    )


class ReasonForm(PageForm):
    reason = TextAreaField(
        _l("Lý do"),
        validators=[Optional(), Length(max=REASON_MAX)],
        description=_l("Bắt buộc khi từ chối hoặc thu hồi; doanh nghiệp thấy lý do này."),
    )
