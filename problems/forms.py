"""Forms of the board: posting a problem (an SME's, or an officer's city problem) and moderating it."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from catalog.listing_forms import PricingTermFields
from core.forms import (
    AtMost,
    BoundedIntegerField,
    MultiCheckboxField,
    PageForm,
    WholeNumberField,
    vocab_choices,
)
from core.i18n import current_lang
from core.translation import translate
from core.vocab import CATEGORIES, PRICING_TERMS, PRICING_TYPES, PROVINCES, SECTORS
from interchange.format import MAX_VND
from problems.lifecycle import MODERATION_REASONS
from problems.proposals import MAX_TIMELINE_DAYS, ProposalInput
from problems.services import MAX_MONTHS, NOTE_MAX, TEXT_MAX, TITLE_MAX, ProblemInput

REQUIRED = DataRequired(message=_l("Trường này là bắt buộc."))


def _max(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


class ProblemForm(PageForm):
    problem_id = HiddenField()  # chosen when the page is shown: the form sent twice makes one problem
    title = StringField(_l("Tên bài toán"), validators=[REQUIRED, _max(TITLE_MAX)],
                        description=_l("Một câu, vd. Quản lý tồn kho cho hai cửa hàng."))
    description = TextAreaField(
        _l("Mô tả bài toán"), validators=[REQUIRED, _max(TEXT_MAX)],
        description=_l("Bằng lời của bạn: đang làm thế nào, vướng ở đâu, muốn đạt được gì. "
                       "Không ghi số điện thoại, email hay tên người."),
    )
    categories = MultiCheckboxField(
        _l("Lĩnh vực"),
        description=_l("Gợi ý từ mô tả (bấm “Gợi ý lĩnh vực”); sửa lại nếu chưa đúng. Tối đa 5."),
    )
    budget_min_vnd = WholeNumberField(_l("Ngân sách từ (₫)"), validators=[Optional(), AtMost(MAX_VND)])
    budget_max_vnd = WholeNumberField(
        _l("Ngân sách đến (₫)"), validators=[Optional(), AtMost(MAX_VND)],
        description=_l("Tổng cho cả thời hạn bên dưới, vd. 18.000.000."),
    )
    months = BoundedIntegerField(
        _l("Thời hạn sử dụng dự kiến (tháng)"), default=12,
        validators=[Optional(), NumberRange(1, MAX_MONTHS, _l("Từ 1 đến 120 tháng."))],
    )
    preferred_pricing_models = MultiCheckboxField(_l("Hình thức thanh toán mong muốn"))
    deadline = DateField(
        _l("Hạn nhận đề xuất"), validators=[InputRequired(_l("Cần nêu hạn nhận đề xuất."))],
        format=["%Y-%m-%d", "%d/%m/%Y"], description=_l("Nhận đề xuất đến hết ngày này (dd/mm/yyyy)."),
    )
    show_name = BooleanField(
        _l("Cho nhà cung cấp thấy tên doanh nghiệp ngay"),
        description=_l("Nếu không chọn, nhà cung cấp chỉ thấy tên khi được bạn đưa vào danh sách ngắn."),
    )
    # City problems (officers) only.
    sector = SelectField(_l("Ngành"), validators=[Optional()])
    province = SelectField(_l("Tỉnh/thành phố"), validators=[Optional()])
    prize_vnd = WholeNumberField(
        _l("Giải thưởng (₫)"), validators=[Optional(), AtMost(MAX_VND)],
        description=_l("Thay cho ngân sách, nếu bài toán trao giải."),
    )
    evaluation_criteria = TextAreaField(
        _l("Tiêu chí đánh giá"), validators=[Optional(), _max(TEXT_MAX)],
        description=_l("Mỗi dòng một tiêu chí, vd. Hiệu quả (40%)."),
    )

    def __init__(self, *args, city: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.city = city
        self.categories.choices = vocab_choices(CATEGORIES, lang)
        self.preferred_pricing_models.choices = vocab_choices(PRICING_TYPES, lang)
        self.sector.choices = vocab_choices(SECTORS, lang, blank=_("— chọn ngành —"))
        self.province.choices = [SelectChoice("", _("— chọn tỉnh/thành phố —"))] + [
            SelectChoice(p, p) for p in PROVINCES
        ]
        if not city:
            for name in ("sector", "province", "prize_vnd", "evaluation_criteria"):
                del self[name]

    def data_in(self) -> ProblemInput:
        city = {}
        if self.city:
            city = {"sector": self.sector.data or None, "province": self.province.data or None,
                    "prize_vnd": self.prize_vnd.data, "evaluation_criteria": self.evaluation_criteria.data}
        return ProblemInput(
            title=(self.title.data or "").strip(),
            description=(self.description.data or "").strip(),
            deadline=self.deadline.data,
            categories=tuple(self.categories.data or ()),
            budget_min_vnd=self.budget_min_vnd.data,
            budget_max_vnd=self.budget_max_vnd.data,
            months=self.months.data,
            preferred_pricing_models=tuple(self.preferred_pricing_models.data or ()),
            show_name=bool(self.show_name.data),
            **city,
        )


class ModerationForm(PageForm):
    reason = SelectField(_l("Lý do không duyệt"), validators=[Optional()])
    note = TextAreaField(
        _l("Ghi chú cho doanh nghiệp"), validators=[Optional(), _max(NOTE_MAX)],
        description=_l("Bắt buộc khi không duyệt: điều cần sửa."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.reason.choices = [SelectChoice("", _("— không —"))] + [
            SelectChoice(code, translate(text, lang)) for code, text in MODERATION_REASONS.items()
        ]


class ProposalForm(PageForm, PricingTermFields):
    """A proposal: a catalog product of the vendor or a new solution, the pricing model with its terms
    (the listing and contract fields), value, start, term, timeline and deliverables."""

    product_id = SelectField(_l("Sản phẩm trong danh mục"), validators=[Optional()],
                             description=_l("Hoặc để trống và mô tả giải pháp mới bên dưới."))
    solution_name = StringField(_l("Tên giải pháp mới"), validators=[Optional(), _max(TITLE_MAX)])
    summary = TextAreaField(_l("Cách giải bài toán"), validators=[REQUIRED, _max(TEXT_MAX)])
    pricing_type = SelectField(_l("Hình thức thanh toán"), validators=[REQUIRED])
    value_vnd = WholeNumberField(_l("Tổng giá trị (₫)"), validators=[InputRequired(), AtMost(MAX_VND)],
                                 description=_l("Cho cả thời hạn, vd. 15.000.000."))
    start_date = DateField(_l("Ngày bắt đầu dự kiến"), validators=[InputRequired()],
                           format=["%Y-%m-%d", "%d/%m/%Y"])
    months = BoundedIntegerField(
        _l("Thời hạn (tháng)"), default=12,
        validators=[InputRequired(), NumberRange(1, MAX_MONTHS, _l("Từ 1 đến 120 tháng."))],
    )
    timeline_days = BoundedIntegerField(
        _l("Thời gian triển khai (ngày)"),
        validators=[InputRequired(), NumberRange(1, MAX_TIMELINE_DAYS, _l("Từ 1 đến 730 ngày."))],
        description=_l("Từ khi được chọn đến khi doanh nghiệp dùng được."),
    )
    deliverables = TextAreaField(_l("Doanh nghiệp nhận được gì"), validators=[REQUIRED, _max(TEXT_MAX)],
                                 description=_l("Phần mềm, cài đặt, đào tạo, hỗ trợ..."))

    def __init__(self, *args, products: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.product_id.choices = [SelectChoice("", _("— giải pháp mới —"))] + [
            SelectChoice(pid, name) for pid, name in products
        ]
        self.pricing_type.choices = vocab_choices(PRICING_TYPES, lang)

    def data_in(self) -> ProposalInput:
        kind = self.pricing_type.data
        pricing = {"type": kind}
        for name, value in self.pricing_terms(kind).items():
            pricing[name] = float(value) if name.endswith("_pct") else value
        return ProposalInput(
            product_id=self.product_id.data or None,
            solution_name=(self.solution_name.data or "").strip() or None,
            summary=(self.summary.data or "").strip(),
            pricing=pricing,
            value_vnd=self.value_vnd.data,
            start_date=self.start_date.data,
            months=self.months.data,
            timeline_days=self.timeline_days.data,
            deliverables=(self.deliverables.data or "").strip(),
        )

    def fill(self, proposal) -> None:
        self.product_id.data = proposal.product_id or ""
        self.solution_name.data = proposal.solution_name
        self.summary.data, self.deliverables.data = proposal.summary, proposal.deliverables
        self.pricing_type.data = proposal.pricing_type
        for name in PRICING_TERMS.get(proposal.pricing_type, ()):
            self[name].data = proposal.pricing.get(name)
        self.value_vnd.data, self.start_date.data = proposal.value_vnd, proposal.start_date
        self.months.data, self.timeline_days.data = proposal.months, proposal.timeline_days


class TextForm(PageForm):
    """One text: a question, an answer, a request for changes."""

    text = TextAreaField(_l("Nội dung"), validators=[REQUIRED, _max(NOTE_MAX)])
