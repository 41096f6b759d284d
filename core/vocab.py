"""Controlled vocabularies of the sme-catalog/1 interchange format, with their labels (Vietnamese msgids:
label() gives them in the reader's language through the project's catalog)."""

from __future__ import annotations

from types import MappingProxyType

from core.translation import N_, translate

# code -> label
CATEGORIES = MappingProxyType({
    "digital_management": N_("Quản trị doanh nghiệp số (ERP)"),
    "accounting": N_("Kế toán điện tử"),
    "e_invoice": N_("Hóa đơn điện tử"),
    "e_documents": N_("Chứng từ số, chữ ký số"),
    "e_contract": N_("Hợp đồng điện tử"),
    "sales_pos": N_("Quản lý bán hàng (POS)"),
    "ecommerce": N_("Thương mại điện tử"),
    "cashless_payment": N_("Thanh toán không dùng tiền mặt"),
    "crm": N_("Quản lý khách hàng (CRM)"),
    "hrm": N_("Quản lý nhân sự, chấm công, lương"),
    "digital_marketing": N_("Marketing số"),
    "booking": N_("Đặt phòng, đặt chỗ trực tuyến"),
    "traceability": N_("Truy xuất nguồn gốc, tem QR"),
    "quality_management": N_("Quản lý chất lượng"),
    "production_management": N_("Quản lý sản xuất"),
    "inventory_logistics": N_("Quản lý kho, vận tải, logistics"),
    "cybersecurity": N_("An toàn thông tin mạng"),
    "cloud_infrastructure": N_("Hạ tầng đám mây, lưu trữ"),
    "data_analytics": N_("Phân tích dữ liệu, báo cáo"),
    "ai": N_("Trí tuệ nhân tạo"),
    "iot_automation": N_("IoT, tự động hóa"),
    "digital_skills_training": N_("Đào tạo kỹ năng số"),
})

SECTORS = MappingProxyType({
    "science_technology": N_("Khoa học - công nghệ"),
    "manufacturing": N_("Công nghiệp chế biến, chế tạo"),
    "agriculture": N_("Nông nghiệp"),
    "healthcare": N_("Y tế"),
    "trade": N_("Thương mại, bán lẻ"),
    "logistics": N_("Logistics"),
    "finance": N_("Tài chính"),
    "education": N_("Giáo dục"),
    "tourism": N_("Du lịch, lưu trú, ăn uống"),
    "construction": N_("Xây dựng"),
    "craft_village": N_("Làng nghề, sản phẩm OCOP"),
    "services": N_("Dịch vụ khác"),
})

SIZES = MappingProxyType({
    "micro": N_("Siêu nhỏ"),
    "small": N_("Nhỏ"),
    "medium": N_("Vừa"),
})

READINESS_LEVELS = MappingProxyType({
    0: N_("Chưa khởi động"),
    1: N_("Khởi động"),
    2: N_("Bắt đầu"),
    3: N_("Hình thành"),
    4: N_("Nâng cao"),
    5: N_("Dẫn dắt"),
})

PRICING_TYPES = MappingProxyType({
    "subscription": N_("Thuê bao"),
    "one_time": N_("Mua đứt"),
    "use_first_pay_later": N_("Dùng trước - trả sau"),
    "co_investment": N_("Đồng đầu tư"),
    "revenue_sharing": N_("Chia sẻ doanh thu"),
})

# What each pricing model means, in plain words, for forms and product pages.
PRICING_EXPLANATIONS = MappingProxyType({
    "subscription": N_("Trả phí hằng tháng theo giá niêm yết."),
    "one_time": N_("Trả một lần để sở hữu giấy phép sử dụng lâu dài."),
    "use_first_pay_later": N_("Dùng miễn phí một số tháng đầu, sau đó mới trả phí hằng tháng."),
    "co_investment": N_(
        "Nhà cung cấp cùng bỏ vốn: doanh nghiệp chỉ trả phần còn lại sau khi trừ phần nhà cung cấp chịu."
    ),
    "revenue_sharing": N_(
        "Không trả phí cố định: doanh nghiệp chia cho nhà cung cấp một tỷ lệ doanh thu"
        " mà giải pháp mang lại."
    ),
})

# The terms each pricing model carries (interchange PRICING), and the one it cannot do without. The one
# definition that the listing and contract forms, the contract rules, the templates and the pages'
# script (through data-term attributes) read.
PRICING_TERMS = MappingProxyType({
    "subscription": (),
    "one_time": ("price_vnd",),
    "use_first_pay_later": ("free_months",),
    "co_investment": ("vendor_share_pct",),
    "revenue_sharing": ("revenue_share_pct", "monthly_cap_vnd"),
})
REQUIRED_TERMS = MappingProxyType({
    "one_time": "price_vnd",
    "use_first_pay_later": "free_months",
    "co_investment": "vendor_share_pct",
    "revenue_sharing": "revenue_share_pct",
})

DEPLOYMENTS = MappingProxyType({
    "cloud": N_("Điện toán đám mây"),
    "on_premise": N_("Cài đặt tại doanh nghiệp"),
    "hybrid": N_("Kết hợp"),
})

CONTRACT_STATUSES = MappingProxyType({
    "draft": N_("Nháp"),
    "awaiting_signatures": N_("Chờ ký"),
    "signed": N_("Đã ký"),
    "active": N_("Đang thực hiện"),
    "completed": N_("Đã hoàn thành"),
    "terminated": N_("Đã chấm dứt"),
    "cancelled": N_("Đã hủy"),
})

# The 34 provincial-level units in force since 1 July 2025 (Resolution 202/2025/QH15).
PROVINCES = (
    "Hà Nội",
    "TP. Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Quảng Ninh",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Vĩnh Long",
    "Đồng Tháp",
    "An Giang",
    "Cà Mau",
    "Lào Cai",
    "Thái Nguyên",
    "Phú Thọ",
    "Tuyên Quang",
    "Lạng Sơn",
    "Cao Bằng",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
)

ANY = "*"


def label(vocabulary: MappingProxyType, code, lang: str = "vi") -> str:
    """Human label of a vocabulary code in `lang` ('vi' or 'en'); the code itself when unknown."""
    text = vocabulary.get(code)
    if text is None:
        return translate(N_("Tất cả"), lang) if code == ANY else str(code)
    return translate(text, lang)
