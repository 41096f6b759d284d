"""Login, and the fields of every organisation's registration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from core.forms import PageForm


class LoginForm(PageForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email()])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])


class RegistrationForm(PageForm):
    """The fields every registration has: the first account, and the organisation's tax code and province."""

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


class PasswordChangeForm(PageForm):
    current_password = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired()])
    password = PasswordField(_l("Mật khẩu mới (ít nhất 8 ký tự)"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(), EqualTo("password", _l("Hai mật khẩu không khớp."))],
    )


class ForgotPasswordForm(PageForm):
    email = EmailField(_l("Email đăng nhập"), validators=[DataRequired(), Email(), Length(max=254)])


class ResetPasswordForm(PageForm):
    password = PasswordField(_l("Mật khẩu mới (ít nhất 8 ký tự)"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(), EqualTo("password", _l("Hai mật khẩu không khớp."))],
    )
