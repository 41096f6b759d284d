"""Form pieces shared by every package's forms: the base classes, choices from vocabularies, bounds.

WTForms' own messages ("Not a valid choice.", "Not a valid integer value."...) have English msgids and
WTForms ships no Vietnamese catalog. Every form derives from PageForm (NestedForm inside a FormField),
whose translations give them in the page's language: Vietnamese from WTFORMS_VI below, any other
language from WTForms' own catalogs (through Flask-WTF).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as wtforms_translations
from wtforms import Form, IntegerField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from core.formatting import grouped
from core.i18n import current_lang
from core.vocab import label

# Every msgid of WTForms' catalog (wtforms/locale/wtforms.pot), plural ones by their singular:
# Vietnamese has a single plural form.
WTFORMS_VI = {
    "Invalid field name '%s'.": "Tên trường '%s' không hợp lệ.",
    "Field must be equal to %(other_name)s.": "Phải trùng với %(other_name)s.",
    "Field must be at least %(min)d character long.": "Phải có ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Tối đa %(max)d ký tự.",
    "Field must be exactly %(max)d character long.": "Phải có đúng %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.": "Phải có từ %(min)d đến %(max)d ký tự.",
    "Number must be at least %(min)s.": "Phải lớn hơn hoặc bằng %(min)s.",
    "Number must be at most %(max)s.": "Phải nhỏ hơn hoặc bằng %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Phải từ %(min)s đến %(max)s.",
    "Date must be at least %(min)s.": "Ngày phải từ %(min)s trở đi.",
    "Date must be at most %(max)s.": "Ngày phải không muộn hơn %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Ngày phải từ %(min)s đến %(max)s.",
    "This field is required.": "Trường này là bắt buộc.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Invalid email address.": "Email không hợp lệ.",
    "Invalid IP address.": "Địa chỉ IP không hợp lệ.",
    "Invalid Mac address.": "Địa chỉ MAC không hợp lệ.",
    "Invalid URL.": "Địa chỉ URL không hợp lệ.",
    "Invalid UUID.": "UUID không hợp lệ.",
    "Invalid value, must be one of: %(values)s.": "Giá trị không hợp lệ; phải là một trong: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Giá trị không hợp lệ; không được là: %(values)s.",
    "This field cannot be edited.": "Không được sửa trường này.",
    "This field is disabled and cannot have a value.": "Trường này đang khóa, không nhận giá trị.",
    "Invalid CSRF Token.": "Mã bảo vệ biểu mẫu (CSRF) không hợp lệ.",
    "CSRF token missing.": "Thiếu mã bảo vệ biểu mẫu (CSRF).",
    "CSRF failed.": "Kiểm tra mã bảo vệ biểu mẫu (CSRF) không thành công.",
    "CSRF token expired.": "Mã bảo vệ biểu mẫu (CSRF) đã hết hạn; hãy tải lại trang.",
    "Invalid Choice: could not coerce.": "Lựa chọn không hợp lệ.",
    "Choices cannot be None.": "Chưa có danh sách lựa chọn.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Có lựa chọn không hợp lệ.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' không phải là lựa chọn hợp lệ.",
    "Not a valid datetime value.": "Thời điểm không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy, vd. 31/12/2026.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid week value.": "Tuần không hợp lệ.",
    "Not a valid integer value.": "Phải là một số nguyên.",
    "Not a valid decimal value.": "Phải là một số.",
    "Not a valid float value.": "Phải là một số.",
}


class WTFormsTranslations:
    """The translations object WTForms asks for its own messages, looked up at each message."""

    def gettext(self, string: str) -> str:
        if current_lang() == "vi":
            return WTFORMS_VI.get(string, string)
        return wtforms_translations.gettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if current_lang() == "vi":
            return WTFORMS_VI.get(singular, singular if n == 1 else plural)
        return wtforms_translations.ngettext(singular, plural, n)


TRANSLATIONS = WTFormsTranslations()


class PageForm(FlaskForm):
    """The base of every form of a page: Flask-WTF's CSRF, WTForms' messages in the page's language."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS

        def render_field(self, field, render_kw):
            # The hidden CSRF input gets no id: a page with several forms would repeat id="csrf_token".
            if field.type == "CSRFTokenField":
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)


class NestedForm(Form):
    """The base of a form inside a PageForm's FormField (no CSRF token of its own; WTForms does not
    pass the outer form's meta down)."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS


def vocab_choices(vocabulary, lang: str = "vi", blank: str | None = None) -> list[SelectChoice]:
    """Select choices for a vocabulary, labelled in `lang`; `blank` adds an empty first choice."""
    choices = [SelectChoice(str(code), label(vocabulary, code, lang)) for code in vocabulary]
    if blank is not None:
        choices.insert(0, SelectChoice("", blank))
    return choices


class AtMost:
    """A number no larger than `limit` (the interchange format's bound, which the database column fits),
    refused with a message naming the field: '99999999999999999999999' must not reach the database."""

    def __init__(self, limit: int):
        self.limit = limit

    def __call__(self, form, field) -> None:
        if field.data is not None and field.data > self.limit:
            limit = grouped(self.limit)  # the labels of money fields say (₫) already
            raise ValidationError(_("%(field)s: tối đa %(max)s.", field=field.label.text, max=limit))


# No number a form takes has more digits (money stops at 10^15). A longer one is read as 10^18 (with its
# sign): the field's bound (AtMost, NumberRange) then refuses it naming the field, and WTForms'
# NumberRange never meets a 400-digit integer, which it cannot compare (OverflowError).
MAX_DIGITS = 18
NOT_AN_INTEGER = "Not a valid integer value."  # WTForms' own message (WTFORMS_VI above in Vietnamese)


def _whole_number(text: str) -> int:
    """An ASCII whole number (sign allowed), at most ±10^MAX_DIGITS; ValueError for anything else ("²",
    "١٢": int() takes any Unicode digit, the database and the signed terms only ASCII ones)."""
    digits = text.lstrip("+-")
    if not (digits.isascii() and digits.isdigit()) or len(text) - len(digits) > 1:
        raise ValueError(text)
    sign = -1 if text.startswith("-") else 1
    return sign * 10**MAX_DIGITS if len(digits.lstrip("0")) > MAX_DIGITS else int(text)


class BoundedIntegerField(IntegerField):
    """WTForms' IntegerField, reading ASCII digits only and numbers beyond 10^18 as 10^18 (see above)."""

    def process_formdata(self, valuelist):
        self.data = None
        if not valuelist or not valuelist[0].strip():
            return
        try:
            self.data = _whole_number(valuelist[0].strip())
        except ValueError as exc:
            raise ValueError(self.gettext(NOT_AN_INTEGER)) from exc


class WholeNumberField(IntegerField):
    """A whole number typed the Vietnamese way: '1.500.000', '1 500 000 ₫' or '1500000', shown grouped.

    A text box with the numeric keypad, not IntegerField's <input type=number>: Chromium refuses
    '1.500.000' in a number box and shows it empty, so that saving a form unchanged lost the amount.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = "".join(ch for ch in (valuelist[0] if valuelist else "") if ch not in ". ₫đ\u00a0,")
        if not text:
            return
        if not (text.isascii() and text.isdigit()):
            raise ValueError(_("Nhập một số nguyên không âm, vd. 1.500.000."))
        self.data = _whole_number(text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else grouped(self.data)


class PercentField(StringField):
    """A percentage 0-100 with a decimal comma or point: '12,5'. Whole numbers stay integers."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip().rstrip("%").strip().replace(",", ".")
        if not text:
            return
        try:
            number = float(text)
        except ValueError as exc:
            raise ValueError(_("Nhập một số từ 0 đến 100, vd. 12,5.")) from exc
        if not 0 <= number <= 100:
            raise ValueError(_("Tỷ lệ phải từ 0 đến 100%."))
        self.data = int(number) if number.is_integer() else number

    def _value(self):
        return "" if self.data is None else str(self.data).replace(".", ",")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
