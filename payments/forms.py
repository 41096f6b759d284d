"""Payment forms: saving a card, declaring a month's revenue, refunding, and plain CSRF-only actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp, ValidationError

from core.forms import AtMost, BoundedIntegerField, PageForm, WholeNumberField
from interchange.format import MAX_VND
from payments.gateway import CardDetails


class CardForm(PageForm):
    number = StringField(_l("Số thẻ"), validators=[
        DataRequired(), Regexp(r"^[0-9 ]{12,23}$", message=_l("Số thẻ chỉ gồm chữ số."))],
                         render_kw={"inputmode": "numeric", "autocomplete": "cc-number"})
    exp_month = BoundedIntegerField(_l("Tháng hết hạn"), validators=[InputRequired(), NumberRange(1, 12)],
                             render_kw={"inputmode": "numeric", "autocomplete": "cc-exp-month"})
    exp_year = BoundedIntegerField(_l("Năm hết hạn"), validators=[InputRequired()],
                            render_kw={"inputmode": "numeric", "autocomplete": "cc-exp-year"})
    cvc = PasswordField(_l("Mã bảo mật (CVC)"), validators=[DataRequired(), Regexp(
        r"^[0-9]{3,4}$", message=_l("CVC gồm 3 hoặc 4 chữ số."))], render_kw={"autocomplete": "cc-csc"})
    # Re-authentication: a borrowed, logged-in phone must not be enough to change where money comes from.
    password = PasswordField(_l("Mật khẩu tài khoản (để xác nhận)"),
                             validators=[DataRequired(_l("Cần nhập mật khẩu."))],
                             render_kw={"autocomplete": "current-password"})

    def validate_exp_year(self, field) -> None:
        year = field.data + 2000 if field.data is not None and field.data < 100 else field.data
        if year is None or not 2000 <= year <= 2100:
            raise ValidationError(_l("Năm hết hạn không hợp lệ (vd. 2030)."))
        field.data = year

    def card(self) -> CardDetails:
        return CardDetails(self.number.data.replace(" ", ""), self.exp_month.data, self.exp_year.data,
                           self.cvc.data)


class RevenueForm(PageForm):
    revenue_vnd = WholeNumberField(_l("Doanh thu của kỳ (₫)"),
                                   validators=[InputRequired(), NumberRange(min=0), AtMost(MAX_VND)],
                                   render_kw={"inputmode": "numeric"})


class RefundForm(PageForm):
    amount_vnd = WholeNumberField(_l("Số tiền hoàn (₫)"),
                                  validators=[InputRequired(), NumberRange(min=1), AtMost(MAX_VND)],
                                  render_kw={"inputmode": "numeric"})
    reason = TextAreaField(_l("Lý do hoàn tiền"), validators=[DataRequired(), Length(max=1000)])


class ActionForm(PageForm):
    """A button that changes something: only the CSRF token."""
