"""Login and registration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from catalog.vocab import SECTORS
from marketplace.forms import PageForm, vocab_choices
from marketplace.templating import current_lang


class LoginForm(PageForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])


class _AccountFields(PageForm):
    full_name = StringField(_l("Họ và tên người đại diện"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("Email đăng nhập"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Mật khẩu (ít nhất 8 ký tự)"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu"),
        validators=[DataRequired(), EqualTo("password", _l("Hai mật khẩu không khớp."))],
    )
    tax_code = StringField(
        _l("Mã số thuế"), validators=[DataRequired()],
        description=_l("10 chữ số, hoặc 10 chữ số-3 chữ số với chi nhánh (vd. 0101234567-001)"),
    )
    province = StringField(_l("Tỉnh/thành phố"), validators=[Length(max=100)])


class VendorRegistrationForm(_AccountFields):
    vendor_name = StringField(_l("Tên doanh nghiệp công nghệ"), validators=[DataRequired(), Length(max=300)])


class SmeRegistrationForm(_AccountFields):
    sme_name = StringField(_l("Tên doanh nghiệp"), validators=[DataRequired(), Length(max=300)])
    sector = SelectField(_l("Ngành nghề chính"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = vocab_choices(SECTORS, current_lang())
