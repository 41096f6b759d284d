"""Controlled vocabularies of the sme-catalog/1 interchange format, with Vietnamese and English labels."""

from __future__ import annotations

from types import MappingProxyType

from marketplace.bilingual import pick

# code -> (Vietnamese, English)
CATEGORIES = MappingProxyType({
    "digital_management": ("Quản trị doanh nghiệp số (ERP)", "Digital business management (ERP)"),
    "accounting": ("Kế toán điện tử", "E-accounting"),
    "e_invoice": ("Hóa đơn điện tử", "E-invoices"),
    "e_documents": ("Chứng từ số, chữ ký số", "E-documents, digital signatures"),
    "e_contract": ("Hợp đồng điện tử", "E-contracts"),
    "sales_pos": ("Quản lý bán hàng (POS)", "Sales management (POS)"),
    "ecommerce": ("Thương mại điện tử", "E-commerce"),
    "cashless_payment": ("Thanh toán không dùng tiền mặt", "Cashless payment"),
    "crm": ("Quản lý khách hàng (CRM)", "Customer management (CRM)"),
    "hrm": ("Quản lý nhân sự, chấm công, lương", "HR, timekeeping, payroll"),
    "digital_marketing": ("Marketing số", "Digital marketing"),
    "booking": ("Đặt phòng, đặt chỗ trực tuyến", "Online booking"),
    "traceability": ("Truy xuất nguồn gốc, tem QR", "Traceability, QR labels"),
    "quality_management": ("Quản lý chất lượng", "Quality management"),
    "production_management": ("Quản lý sản xuất", "Production management"),
    "inventory_logistics": ("Quản lý kho, vận tải, logistics", "Inventory, transport, logistics"),
    "cybersecurity": ("An toàn thông tin mạng", "Cybersecurity"),
    "cloud_infrastructure": ("Hạ tầng đám mây, lưu trữ", "Cloud infrastructure, storage"),
    "data_analytics": ("Phân tích dữ liệu, báo cáo", "Data analytics, reporting"),
    "ai": ("Trí tuệ nhân tạo", "Artificial intelligence"),
    "iot_automation": ("IoT, tự động hóa", "IoT, automation"),
    "digital_skills_training": ("Đào tạo kỹ năng số", "Digital skills training"),
})

SECTORS = MappingProxyType({
    "science_technology": ("Khoa học - công nghệ", "Science and technology"),
    "manufacturing": ("Công nghiệp chế biến, chế tạo", "Manufacturing"),
    "agriculture": ("Nông nghiệp", "Agriculture"),
    "healthcare": ("Y tế", "Healthcare"),
    "trade": ("Thương mại, bán lẻ", "Trade, retail"),
    "logistics": ("Logistics", "Logistics"),
    "finance": ("Tài chính", "Finance"),
    "education": ("Giáo dục", "Education"),
    "tourism": ("Du lịch, lưu trú, ăn uống", "Tourism, accommodation, food service"),
    "construction": ("Xây dựng", "Construction"),
    "craft_village": ("Làng nghề, sản phẩm OCOP", "Craft villages, OCOP products"),
    "services": ("Dịch vụ khác", "Other services"),
})

SIZES = MappingProxyType({
    "micro": ("Siêu nhỏ", "Micro"),
    "small": ("Nhỏ", "Small"),
    "medium": ("Vừa", "Medium"),
})

READINESS_LEVELS = MappingProxyType({
    0: ("Chưa khởi động", "Not started"),
    1: ("Khởi động", "Starting"),
    2: ("Bắt đầu", "Beginning"),
    3: ("Hình thành", "Forming"),
    4: ("Nâng cao", "Advanced"),
    5: ("Dẫn dắt", "Leading"),
})

PRICING_TYPES = MappingProxyType({
    "subscription": ("Thuê bao", "Subscription"),
    "one_time": ("Mua đứt", "One-time purchase"),
    "use_first_pay_later": ("Dùng trước - trả sau", "Use first, pay later"),
    "co_investment": ("Đồng đầu tư", "Co-investment"),
    "revenue_sharing": ("Chia sẻ doanh thu", "Revenue sharing"),
})

# What each pricing model means, in plain words, for forms and product pages.
PRICING_EXPLANATIONS = MappingProxyType({
    "subscription": ("Trả phí hằng tháng theo giá niêm yết.", "Pay the list price every month."),
    "one_time": ("Trả một lần để sở hữu giấy phép sử dụng lâu dài.", "Pay once for a perpetual licence."),
    "use_first_pay_later": (
        "Dùng miễn phí một số tháng đầu, sau đó mới trả phí hằng tháng.",
        "Use free for the first months, then pay monthly.",
    ),
    "co_investment": (
        "Nhà cung cấp cùng bỏ vốn: doanh nghiệp chỉ trả phần còn lại sau khi trừ phần nhà cung cấp chịu.",
        "The vendor co-invests: the SME pays only what is left after the vendor's share.",
    ),
    "revenue_sharing": (
        "Không trả phí cố định: doanh nghiệp chia cho nhà cung cấp một tỷ lệ doanh thu"
        " mà giải pháp mang lại.",
        "No fixed fee: the SME shares a percentage of the revenue the solution brings in.",
    ),
})

DEPLOYMENTS = MappingProxyType({
    "cloud": ("Điện toán đám mây", "Cloud"),
    "on_premise": ("Cài đặt tại doanh nghiệp", "On premise"),
    "hybrid": ("Kết hợp", "Hybrid"),
})

CONTRACT_STATUSES = MappingProxyType({
    "draft": ("Nháp", "Draft"),
    "awaiting_signatures": ("Chờ ký", "Awaiting signatures"),
    "signed": ("Đã ký", "Signed"),
    "active": ("Đang thực hiện", "Active"),
    "completed": ("Đã hoàn thành", "Completed"),
    "terminated": ("Đã chấm dứt", "Terminated"),
    "cancelled": ("Đã hủy", "Cancelled"),
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
    pair = vocabulary.get(code)
    if pair is None:
        return "Tất cả" if code == ANY and lang == "vi" else ("Any" if code == ANY else str(code))
    return pick(pair, lang)
