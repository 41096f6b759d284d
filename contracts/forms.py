"""Forms of the contract pages: request an offer, propose terms, accept, sign, end."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    PasswordField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from catalog.listing_forms import PricingTermFields
from contracts.terms import MAX_MONTHS, Terms, parse_terms
from core.domain import ValidationFailed
from core.forms import AtMost, BoundedIntegerField, PageForm, WholeNumberField
from core.i18n import field_messages_of
from core.vocab import PRICING_TERMS, PRICING_TYPES, label
from interchange.format import MAX_VND

REQUEST_ID = re.compile(r"^c-[0-9a-f]{16}$")


def pricing_choices(types, lang: str) -> list[SelectChoice]:
    return [SelectChoice(t, label(PRICING_TYPES, t, lang)) for t in types]


class RequestForm(PageForm):
    pricing_type = SelectField(_l("Hình thức thanh toán"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Nhu cầu của doanh nghiệp (không bắt buộc)"), validators=[Optional(), Length(max=2000)]
    )
    request_id = HiddenField()


class TermsForm(PageForm, PricingTermFields):
    """Terms proposed by either side: the pricing model with its terms, value, start and duration."""

    based_on_round = HiddenField()
    pricing_type = SelectField(_l("Hình thức thanh toán"), validators=[DataRequired()])
    value_vnd = WholeNumberField(
        _l("Tổng giá trị hợp đồng (₫)"), validators=[InputRequired(), AtMost(MAX_VND)]
    )
    # ISO from a date picker; dd/mm/yyyy when typed by hand where the browser shows a text box.
    start_date = DateField(_l("Ngày bắt đầu"), validators=[InputRequired()], format=["%Y-%m-%d", "%d/%m/%Y"])
    months = BoundedIntegerField(
        _l("Thời hạn (tháng)"), validators=[InputRequired(), NumberRange(min=1, max=MAX_MONTHS)]
    )
    note = TextAreaField(_l("Ghi chú cho bên kia"), validators=[Optional(), Length(max=2000)])

    def terms(self, allowed_types: tuple[str, ...]) -> Terms:
        """The proposed terms, validated by the contract rules; errors land on the fields."""
        kind = self.pricing_type.data
        pricing = {"type": kind}
        for name, value in self.pricing_terms(kind).items():
            pricing[name] = float(value) if name.endswith("_pct") else value
        try:
            return parse_terms(
                pricing,
                self.value_vnd.data,
                self.start_date.data,
                self.months.data,
                allowed_types=allowed_types,
                complete=True,
            )
        except ValidationFailed as refused:
            for name, message in field_messages_of(refused).items():
                target = "pricing_type" if name == "pricing.type" else name.removeprefix("pricing.")
                (self[target] if target in self else self.value_vnd).errors.append(message)
            raise

    def fill(self, terms: Terms) -> None:
        """Start from existing terms (the latest offer, or the contract being amended)."""
        self.pricing_type.data = terms.pricing.type
        for name in PRICING_TERMS.get(terms.pricing.type, ()):
            self[name].data = getattr(terms.pricing, name)
        self.value_vnd.data, self.start_date.data, self.months.data = (
            terms.value_vnd,
            terms.start_date,
            terms.months,
        )


class AcceptForm(PageForm):
    round = HiddenField(validators=[DataRequired()])


class SignForm(PageForm):
    digest = HiddenField(validators=[DataRequired()])
    consent = BooleanField(
        _l("Tôi đã đọc và đồng ý với đúng các điều khoản hiển thị ở trên (mã SHA-256 bên dưới)."),
        validators=[DataRequired(_l("Cần đánh dấu đồng ý với các điều khoản để ký."))],
    )
    password = PasswordField(
        _l("Nhập lại mật khẩu để ký"), validators=[DataRequired(_l("Cần nhập mật khẩu."))]
    )


class ActionForm(PageForm):
    reason = TextAreaField(_l("Lý do"), validators=[Optional(), Length(max=2000)])
