"""Forms of the consultant network: registration, vetting, requests, sessions, assessments, proposals,
training courses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from accounts.forms import RegistrationForm
from consultants import courses
from consultants.vetting import CRITERIA, REASON_MAX
from consultants.work import NOTE_MAX
from core.forms import BoundedIntegerField, MultiCheckboxField, PageForm, vocab_choices
from core.vocab import CATEGORIES, PROVINCES, READINESS_LEVELS, SECTORS

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # ISO from a date picker; dd/mm/yyyy typed by hand
FRAMEWORK = "dbi-2158-2023"
REQUIRED = DataRequired(message=_l("Trường này là bắt buộc."))


class HoursField(StringField):
    """Hours with a decimal comma or point ('1,5'); empty is none."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip().replace(",", ".")
        if not text:
            return
        if not (text.isascii() and text.replace(".", "", 1).isdigit()):
            raise ValueError(_l("Nhập số giờ, vd. 1,5."))
        self.data = float(text)

    def _value(self):
        return "" if self.data is None else f"{self.data:g}".replace(".", ",")


class ConsultantRegistrationForm(PageForm):
    name = StringField(_l("Tên chuyên gia hoặc tổ chức tư vấn"), validators=[REQUIRED, Length(max=300)])
    kind = RadioField(
        _l("Loại"),
        choices=[SelectChoice("person", _l("Cá nhân")), SelectChoice("organisation", _l("Tổ chức"))],
        default="person",
        validators=[InputRequired()],
    )
    organisation = StringField(_l("Đơn vị công tác (với cá nhân)"), validators=[Optional(), Length(max=300)])
    specialties = MultiCheckboxField(_l("Lĩnh vực tư vấn"), validators=[REQUIRED])
    sectors = MultiCheckboxField(_l("Ngành am hiểu"), description=_l("Bỏ trống: mọi ngành."))
    provinces = MultiCheckboxField(_l("Tỉnh, thành phố làm việc"), description=_l("Bỏ trống: cả nước."))
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=40)])
    experience = TextAreaField(
        _l("Kinh nghiệm tư vấn chuyển đổi số"),
        validators=[REQUIRED, Length(max=4000)],
        description=_l("Số năm, các dự án, doanh nghiệp đã tư vấn."),
    )
    documents = TextAreaField(
        _l("Văn bằng, chứng chỉ"),
        validators=[REQUIRED, Length(max=4000)],
        description=_l("Tên văn bằng, chứng chỉ, nơi cấp, năm cấp."),
    )
    references = TextAreaField(
        _l("Người giới thiệu"),
        validators=[REQUIRED, Length(max=4000)],
        description=_l("Họ tên, đơn vị, số điện thoại của người xác nhận."),
    )
    full_name = RegistrationForm.full_name
    email = RegistrationForm.email
    password = RegistrationForm.password
    confirm = RegistrationForm.confirm

    def set_choices(self, lang: str) -> None:
        self.specialties.choices = vocab_choices(CATEGORIES, lang)
        self.sectors.choices = vocab_choices(SECTORS, lang)
        self.provinces.choices = [SelectChoice(p, p) for p in PROVINCES]


class CertifyForm(PageForm):
    documents = BooleanField(CRITERIA["documents"])
    experience = BooleanField(CRITERIA["experience"])
    references = BooleanField(CRITERIA["references"])
    certified_on = DateField(
        _l("Ngày công nhận đạt chuẩn"), validators=[InputRequired()], format=DATE_FORMATS
    )
    note = TextAreaField(_l("Ghi chú thẩm định"), validators=[Optional(), Length(max=REASON_MAX)])


class StatusForm(PageForm):
    reason = TextAreaField(_l("Lý do"), validators=[REQUIRED, Length(max=REASON_MAX)])


class AskForm(PageForm):
    message = TextAreaField(_l("Điều doanh nghiệp cần tư vấn"), validators=[Optional(), Length(max=NOTE_MAX)])


class SessionForm(PageForm):
    kind = SelectField(
        _l("Hoạt động"),
        choices=[SelectChoice("consulting", _l("Tư vấn")), SelectChoice("training", _l("Đào tạo"))],
    )
    on = DateField(_l("Ngày"), validators=[InputRequired()], format=DATE_FORMATS)
    hours = HoursField(_l("Số giờ"))
    note = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=NOTE_MAX)])


class AssessmentForm(PageForm):
    level = SelectField(_l("Mức sẵn sàng"), coerce=int, validators=[InputRequired()])
    assessed_on = DateField(_l("Ngày đánh giá"), validators=[InputRequired()], format=DATE_FORMATS)
    framework = StringField(
        _l("Bộ tiêu chí, phiên bản"), default=FRAMEWORK, validators=[REQUIRED, Length(max=100)]
    )

    def set_choices(self, lang: str) -> None:
        self.level.choices = [
            (int(c.value), f"{c.value} — {c.label}") for c in vocab_choices(READINESS_LEVELS, lang)
        ]


class ProposalForm(PageForm):
    listing_id = SelectField(_l("Sản phẩm trong danh mục"), validators=[REQUIRED])
    # Not `note`: the session form on the same page has one (ids are unique on a page).
    reason = TextAreaField(_l("Vì sao phù hợp"), validators=[Optional(), Length(max=NOTE_MAX)])


class CourseForm(PageForm):
    title = StringField(_l("Tên khóa học"), validators=[REQUIRED, Length(max=courses.TITLE_MAX)])
    topic = SelectField(_l("Chủ đề"), validators=[REQUIRED])
    held_on = DateField(_l("Ngày học"), validators=[InputRequired()], format=DATE_FORMATS)
    starts_at = TimeField(_l("Giờ bắt đầu"), validators=[InputRequired()], format="%H:%M",
                          description=_l("Giờ Việt Nam, vd. 08:30."))
    hours = HoursField(_l("Thời lượng (giờ)"), description=_l("Vd. 3,5; ghi vào hoạt động hỗ trợ."))
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=courses.PLACE_MAX)],
                        description=_l("Bỏ trống nếu chỉ học trực tuyến."))
    online_url = StringField(
        _l("Đường dẫn học trực tuyến"),
        validators=[Optional(), Length(max=courses.URL_MAX)],
        description=_l("Chỉ doanh nghiệp đã đăng ký mới thấy."),
        render_kw={"inputmode": "url"},
    )
    seats = BoundedIntegerField(_l("Số chỗ"), validators=[InputRequired(), NumberRange(1, courses.MAX_SEATS)],
                                render_kw={"inputmode": "numeric"})
    description = TextAreaField(_l("Nội dung"), validators=[Optional(), Length(max=courses.DESCRIPTION_MAX)])

    def set_choices(self, lang: str) -> None:
        self.topic.choices = vocab_choices(CATEGORIES, lang, blank=str(_l("— Chọn chủ đề —")))
