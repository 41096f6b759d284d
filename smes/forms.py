"""SME forms: the profile (every SME field of the interchange format, contact data, consent) and the
readiness questionnaire (built from the framework file)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from accounts.forms import RegistrationForm
from core.forms import (
    AtMost,
    BoundedIntegerField,
    MultiCheckboxField,
    PageForm,
    WholeNumberField,
    vocab_choices,
)
from core.i18n import current_lang
from core.ids import TAX_CODE as TAX_CODE_PATTERN
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES
from interchange.format import MAX_EMPLOYEES, MAX_VND
from smes.models import CONTACT_FIELDS, INTERCHANGE_FIELDS, Sme
from smes.readiness import Framework

# The profile's own fields: the readiness comes from assessments, the tools are tags (ProfileForm.apply),
# the day the SME joined is the marketplace's record.
NOT_EDITED = ("id", "readiness_level", "readiness_framework", "current_tools", "joined_on")
PROFILE_FIELDS = tuple(
    dict.fromkeys(f for f in (*INTERCHANGE_FIELDS, *CONTACT_FIELDS) if f not in NOT_EDITED)
)
REQUIRED = DataRequired(message=_l("Trường này là bắt buộc."))
TAX_CODE = Regexp(TAX_CODE_PATTERN, message=_l("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số + '-' + 3 chữ số."))


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


def tags(text: str | None) -> list[str]:
    """'excel, zalo , ' -> ['excel', 'zalo'] (order kept, duplicates dropped)."""
    return list(dict.fromkeys(t.strip() for t in (text or "").split(",") if t.strip()))


def kept_order(stored: list[str] | None, ticked: list[str] | None) -> list[str]:
    """The ticked codes in their stored order, newly ticked ones after: checkboxes come back in the
    vocabulary's order, and a profile saved unchanged must stay unchanged (preferences are ranked)."""
    ticked = list(ticked or [])
    return [c for c in stored or [] if c in ticked] + [c for c in ticked if c not in (stored or [])]


class ProfileForm(PageForm):
    name = StringField(_l("Tên doanh nghiệp"), validators=[REQUIRED, _max(300)])
    tax_code = StringField(_l("Mã số thuế"), validators=[Optional(), TAX_CODE], filters=[_stripped])
    sector = SelectField(_l("Ngành nghề chính"), validators=[REQUIRED])
    size = SelectField(
        _l("Quy mô"),
        validators=[Optional()],
        description=_l("Để trống: hệ thống xác định từ số lao động và doanh thu."),
    )
    employees = BoundedIntegerField(
        _l("Số lao động tham gia BHXH (bình quân năm)"),
        validators=[
            Optional(),
            NumberRange(min=0, message=_l("Nhập số lao động từ 0.")),
            AtMost(MAX_EMPLOYEES),
        ],
    )
    annual_revenue_vnd = WholeNumberField(_l("Doanh thu năm (₫)"), validators=[Optional(), AtMost(MAX_VND)])
    province = StringField(_l("Tỉnh/thành phố"), validators=[Optional(), _max(100)])
    ward = StringField(_l("Phường/xã"), validators=[Optional(), _max(100)])
    address = StringField(_l("Địa chỉ trụ sở"), validators=[Optional(), _max(300)],
                          description=_l("Số nhà, đường, phường/xã, tỉnh/thành phố"))
    phone = StringField(_l("Điện thoại doanh nghiệp"), validators=[Optional(), _max(40)])
    needs = MultiCheckboxField(_l("Nhu cầu"))
    problem = TextAreaField(
        _l("Mô tả khó khăn, mong muốn (bằng lời của doanh nghiệp)"), validators=[Optional(), _max(4000)]
    )
    monthly_budget_vnd = WholeNumberField(
        _l("Ngân sách mỗi tháng (₫)"), validators=[Optional(), AtMost(MAX_VND)]
    )
    preferred_pricing_models = MultiCheckboxField(_l("Hình thức thanh toán ưu tiên"))
    current_tools = StringField(
        _l("Công cụ đang dùng (cách nhau bằng dấu phẩy)"),
        validators=[Optional(), _max(500)],
        description=_l("Ví dụ: excel, zalo, sổ sách giấy"),
    )
    contact_person = StringField(_l("Người liên hệ"), validators=[Optional(), _max(200)])
    contact_phone = StringField(_l("Điện thoại liên hệ"), validators=[Optional(), _max(40)])
    contact_email = EmailField(
        _l("Email liên hệ"), validators=[Optional(), Email(_l("Email không hợp lệ.")), _max(254)]
    )

    FIELDS = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.sector.choices = vocab_choices(SECTORS, lang)
        self.size.choices = vocab_choices(SIZES, lang, blank=_("Tự xác định theo Nghị định 80/2021"))
        self.needs.choices = vocab_choices(CATEGORIES, lang)
        self.preferred_pricing_models.choices = vocab_choices(PRICING_TYPES, lang)

    @classmethod
    def for_sme(cls, sme: Sme, **kwargs) -> ProfileForm:
        form = cls(obj=sme, **kwargs)
        if not form.is_submitted():
            form.size.data = sme.size or ""
        if not isinstance(form.current_tools.data, str):  # the stored list (a form without the field)
            form.current_tools.data = ", ".join(sme.current_tools or [])
        return form

    def apply(self, sme: Sme) -> None:
        """Copy the form onto the profile (consent is recorded separately, with its history)."""
        for name in self.FIELDS:
            value = getattr(self, name).data
            if name in ("needs", "preferred_pricing_models"):
                value = kept_order(getattr(sme, name), value)
            elif isinstance(value, str):
                value = value.strip() or None
            setattr(sme, name, value)
        sme.current_tools = tags(self.current_tools.data)


def questionnaire_form(framework: Framework, lang: str = "vi", formdata=None) -> PageForm:
    """A form with one required radio group per question of the framework (answers are option indexes),
    worded in `lang`."""

    class Questionnaire(PageForm):
        pass

    for pillar in framework.pillars:
        for question in pillar.questions:
            field = RadioField(
                question.text_in(lang),
                choices=[SelectChoice(str(i), o.label_in(lang)) for i, o in enumerate(question.options)],
                validators=[DataRequired(message=_l("Vui lòng chọn một câu trả lời."))],
            )
            setattr(Questionnaire, question.code, field)
    return Questionnaire(formdata=formdata) if formdata is not None else Questionnaire()


class SmeRegistrationForm(RegistrationForm):
    sme_name = StringField(_l("Tên doanh nghiệp"), validators=[DataRequired(), Length(max=300)])
    sector = SelectField(_l("Ngành nghề chính"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.choices = vocab_choices(SECTORS, current_lang())
