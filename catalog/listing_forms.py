"""The listing form: every PRODUCT field of the interchange format, pricing models with their terms."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from catalog.product import Product
from core.forms import (
    AtMost,
    MultiCheckboxField,
    NestedForm,
    PageForm,
    PercentField,
    WholeNumberField,
    vocab_choices,
)
from core.i18n import current_lang
from core.vocab import (
    ANY,
    CATEGORIES,
    DEPLOYMENTS,
    PRICING_TERMS,
    PRICING_TYPES,
    READINESS_LEVELS,
    REQUIRED_TERMS,
    SECTORS,
    SIZES,
    label,
)
from interchange.format import MAX_VND

# Models whose payments are the monthly list price.
NEEDS_MONTHLY_PRICE = ("subscription", "use_first_pay_later")
PRICING_ROWS = len(PRICING_TYPES)  # each model at most once


REQUIRED = DataRequired(message=_l("Trường này là bắt buộc."))


def _max_length(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự.", max=n))


def _tags(text: str | None) -> list[str]:
    """'zalo, misa , ' -> ['zalo', 'misa'] (order kept, duplicates dropped)."""
    return list(dict.fromkeys(t.strip() for t in (text or "").split(",") if t.strip()))


class PricingTermFields:
    """The terms of the pricing models (core.vocab.PRICING_TERMS), for the listing's pricing rows and the
    contract's terms. Each label names its model: without the page's script every term stays visible."""

    price_vnd = WholeNumberField(_l("Giá mua đứt (₫)"), validators=[Optional(), AtMost(MAX_VND)])
    free_months = WholeNumberField(
        _l("Số tháng dùng miễn phí (dùng trước - trả sau)"),
        validators=[Optional(), NumberRange(1, 36, _l("Từ 1 đến 36 tháng."))],
        description=_l("Từ 1 đến 36 tháng, trước lần trả phí đầu tiên."),
    )
    vendor_share_pct = PercentField(
        _l("Phần chi phí nhà cung cấp chịu (%, đồng đầu tư)"), description=_l("Từ 0 đến 100%, vd. 30.")
    )
    revenue_share_pct = PercentField(
        _l("Tỷ lệ chia sẻ doanh thu (%)"),
        description=_l("Phần doanh thu do giải pháp mang lại trả cho nhà cung cấp, vd. 12,5."),
    )
    monthly_cap_vnd = WholeNumberField(
        _l("Mức trần chia sẻ doanh thu mỗi tháng (₫, không bắt buộc)"),
        validators=[Optional(), AtMost(MAX_VND)],
    )

    def pricing_terms(self, kind: str) -> dict:
        """The terms of pricing model `kind` as entered (the other models' fields are ignored)."""
        return {t: self[t].data for t in PRICING_TERMS.get(kind, ()) if self[t].data is not None}

    def require_term(self, kind: str) -> None:
        """Mark the term model `kind` cannot do without when it is empty."""
        term = REQUIRED_TERMS.get(kind)
        if term and self[term].data is None and not self[term].errors:
            self[term].errors.append(
                _("Cần nhập cho hình thức %(kind)s.", kind=label(PRICING_TYPES, kind, current_lang()))
            )


class PricingRowForm(NestedForm, PricingTermFields):
    type = SelectField(_l("Chọn hình thức"), choices=vocab_choices(PRICING_TYPES, blank="—"), default="")


class ListingForm(PageForm):
    name = StringField(_l("Tên sản phẩm"), validators=[REQUIRED, _max_length(300)])
    summary = TextAreaField(
        _l("Tóm tắt"),
        validators=[REQUIRED, _max_length(1000)],
        description=_l("Một hoặc hai câu: sản phẩm giúp doanh nghiệp làm gì."),
    )
    description = TextAreaField(_l("Mô tả chi tiết"), validators=[Optional(), _max_length(20000)])
    categories = MultiCheckboxField(
        _l("Lĩnh vực"), description=_l("Sản phẩm làm được gì (chọn ít nhất một).")
    )
    all_sectors = BooleanField(_l("Phù hợp mọi ngành nghề"))
    sectors = MultiCheckboxField(
        _l("Ngành nghề phù hợp"), description=_l("Bỏ trống nếu đã chọn 'Phù hợp mọi ngành nghề'.")
    )
    readiness_min = SelectField(_l("Từ mức sẵn sàng"), coerce=int, default=0)
    readiness_max = SelectField(_l("Đến mức sẵn sàng"), coerce=int, default=5)
    company_sizes = MultiCheckboxField(
        _l("Quy mô doanh nghiệp"), description=_l("Theo Nghị định 80/2021/NĐ-CP. Bỏ trống = mọi quy mô.")
    )
    all_regions = BooleanField(_l("Phục vụ trên toàn quốc"), default=True)
    regions = StringField(
        _l("Tỉnh/thành phố phục vụ"), description=_l("Cách nhau bằng dấu phẩy, vd. Hà Nội, Hải Phòng, Huế.")
    )
    deployment = SelectField(_l("Hình thức triển khai"))
    price_monthly_vnd = WholeNumberField(
        _l("Giá niêm yết hằng tháng (₫)"),
        validators=[Optional(), AtMost(MAX_VND)],
        description=_l("0 = miễn phí. Cần cho hình thức thuê bao và dùng trước - trả sau."),
    )
    setup_fee_vnd = WholeNumberField(_l("Phí khởi tạo một lần (₫)"), validators=[Optional(), AtMost(MAX_VND)])
    pricing_models = FieldList(FormField(PricingRowForm), min_entries=PRICING_ROWS, max_entries=PRICING_ROWS)
    languages = StringField(
        _l("Ngôn ngữ giao diện"),
        default="vi",
        description=_l("Mã ngôn ngữ, cách nhau bằng dấu phẩy, vd. vi, en."),
    )
    integrations = StringField(
        _l("Tích hợp sẵn"), description=_l("Từ khóa cách nhau bằng dấu phẩy, vd. zalo, shopee, misa, vietqr.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lang = current_lang()
        self.categories.choices = vocab_choices(CATEGORIES, lang)
        self.sectors.choices = vocab_choices(SECTORS, lang)
        self.company_sizes.choices = vocab_choices(SIZES, lang)
        levels = [(n, f"{n} – {label(READINESS_LEVELS, n, lang)}") for n in READINESS_LEVELS]
        self.readiness_min.choices = self.readiness_max.choices = levels
        self.deployment.choices = vocab_choices(DEPLOYMENTS, lang, blank=_("— chưa nêu —"))
        for row in self.pricing_models:
            row.form.type.choices = vocab_choices(PRICING_TYPES, lang, blank=_("— không dùng —"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.categories.data:
            self.categories.errors.append(_("Chọn ít nhất một lĩnh vực."))
        if not self.all_sectors.data and not self.sectors.data:
            self.sectors.errors.append(_("Chọn ngành nghề phù hợp, hoặc đánh dấu 'Phù hợp mọi ngành nghề'."))
        if (
            self.readiness_min.data is not None
            and self.readiness_max.data is not None
            and self.readiness_min.data > self.readiness_max.data
        ):
            self.readiness_max.errors.append(_("Mức cao nhất phải lớn hơn hoặc bằng mức thấp nhất."))
        if not self.all_regions.data and not _tags(self.regions.data):
            self.regions.errors.append(
                _("Nhập tỉnh/thành phố phục vụ, hoặc đánh dấu 'Phục vụ trên toàn quốc'.")
            )
        self._validate_pricing()
        return valid and not any(self.errors.values()) and not self._row_errors()

    def _row_errors(self) -> bool:
        return any(field.errors for row in self.pricing_models for field in row.form)

    def _validate_pricing(self) -> None:
        chosen = [row.form for row in self.pricing_models if row.form.type.data]
        if not chosen:
            self.pricing_models.errors.append(_("Chọn ít nhất một hình thức thanh toán."))
            return
        seen = set()
        for row in chosen:
            kind = row.type.data
            if kind in seen:
                row.type.errors.append(_("Mỗi hình thức chỉ khai báo một lần."))
            seen.add(kind)
            row.require_term(kind)
            if kind in NEEDS_MONTHLY_PRICE and self.price_monthly_vnd.data is None:
                self.price_monthly_vnd.errors.append(
                    _(
                        "Cần giá hằng tháng cho hình thức %(kind)s.",
                        kind=label(PRICING_TYPES, kind, current_lang()),
                    )
                )

    def to_product(self, listing_id: str, vendor_id: str, extra: dict | None = None) -> Product:
        """The product this form describes (unknown interchange fields of the old content are kept)."""
        data: dict = {
            "id": listing_id,
            "vendor_id": vendor_id,
            "name": self.name.data.strip(),
            "summary": self.summary.data.strip(),
            "categories": list(self.categories.data),
            "sectors": [ANY] if self.all_sectors.data else list(self.sectors.data),
            "readiness_min": self.readiness_min.data,
            "readiness_max": self.readiness_max.data,
            "company_sizes": list(self.company_sizes.data),
            "regions": [ANY] if self.all_regions.data else _tags(self.regions.data),
            "pricing_models": [],
            "languages": _tags(self.languages.data),
            "integrations": _tags(self.integrations.data),
            **(extra or {}),
        }
        optional = {
            "description": (self.description.data or "").strip() or None,
            "deployment": self.deployment.data or None,
            "price_monthly_vnd": self.price_monthly_vnd.data,
            "setup_fee_vnd": self.setup_fee_vnd.data,
        }
        data.update({k: v for k, v in optional.items() if v is not None})
        for row in self.pricing_models:
            kind = row.form.type.data
            if kind:
                data["pricing_models"].append({"type": kind, **row.form.pricing_terms(kind)})
        return Product.from_dict(data)

    @staticmethod
    def data_from(product: Product) -> dict:
        """Initial form data showing a product."""
        rows = [p.to_dict() for p in product.pricing_models]
        rows += [{"type": ""}] * (PRICING_ROWS - len(rows))
        return {
            "name": product.name,
            "summary": product.summary,
            "description": product.description or "",
            "categories": list(product.categories),
            "all_sectors": product.any_sector,
            "sectors": [] if product.any_sector else list(product.sectors),
            "readiness_min": product.readiness_min,
            "readiness_max": product.readiness_max,
            "company_sizes": list(product.company_sizes),
            "all_regions": product.any_region,
            "regions": "" if product.any_region else ", ".join(product.regions),
            "deployment": product.deployment or "",
            "price_monthly_vnd": product.price_monthly_vnd,
            "setup_fee_vnd": product.setup_fee_vnd,
            "pricing_models": rows,
            "languages": ", ".join(product.languages),
            "integrations": ", ".join(product.integrations),
        }
