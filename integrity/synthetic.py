"""A synthetic, labelled set for measuring the integrity checks: ordinary deals, planted abuse, and
benign deals that look like abuse (pure; deterministic for a seed).

The document is sme-catalog/1 (vendors, products, SMEs, contracts) with one more list,
`integrity_labels`: {"contract_id", "abuse": true, "patterns": [...]} for each planted abuse and
{"contract_id", "abuse": false, "near_miss": kind} for each benign near miss; every other contract is
ordinary business. Ground truth is written here, in the terms of the schemes audited elsewhere, not
in the terms of the checks: paybacks through a related firm (a shared line, mailbox, private domain,
address or a branch's tax code), prices at two to four times the list, walking away within a month,
a vendor signing many firms created days before, one purchase cut into two or three.

The same real-world facts are written the way people write them: phones with and without +84, dots
and spaces; addresses with and without diacritics, abbreviated ("P.", "Q.", "TP.HCM") or in full;
mailboxes in other cases, with dots and +tags. Ids are drawn after shuffling and say nothing.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from core.formatting import VN_TZ
from core.text import fold

SEED = 2026
FORMAT = "sme-catalog/1"
YEAR_START = date(2026, 1, 1)
YEAR_DAYS = 330  # deals are signed from January to November; terms run on

# Places: city -> (names people write for it, districts -> wards), and streets every city has.
CITIES = {
    "Hà Nội": (
        ("Hà Nội", "TP. Hà Nội", "Thành phố Hà Nội", "HN"),
        {
            "Cầu Giấy": ("Dịch Vọng", "Nghĩa Đô", "Mai Dịch"),
            "Đống Đa": ("Láng Hạ", "Ô Chợ Dừa", "Kim Liên"),
            "Hai Bà Trưng": ("Bạch Mai", "Thanh Nhàn", "Lê Đại Hành"),
            "Thanh Xuân": ("Nhân Chính", "Khương Mai"),
        },
    ),
    "TP. Hồ Chí Minh": (
        ("TP. Hồ Chí Minh", "TP.HCM", "Thành phố Hồ Chí Minh", "TP HCM"),
        {
            "1": ("Bến Nghé", "Đa Kao", "Tân Định"),
            "3": ("Võ Thị Sáu", "Phường 5"),
            "Bình Thạnh": ("Phường 15", "Phường 25"),
            "Tân Bình": ("Phường 2", "Phường 4"),
        },
    ),
    "Hải Phòng": (
        ("Hải Phòng", "TP. Hải Phòng"),
        {"Ngô Quyền": ("Máy Tơ", "Lạch Tray"), "Lê Chân": ("An Biên", "Dư Hàng")},
    ),
    "Đà Nẵng": (
        ("Đà Nẵng", "TP. Đà Nẵng"),
        {"Hải Châu": ("Thạch Thang", "Hòa Cường"), "Sơn Trà": ("An Hải Bắc", "Mân Thái")},
    ),
    "Đồng Nai": (
        ("Đồng Nai", "tỉnh Đồng Nai"),
        {"Biên Hòa": ("Tân Phong", "Quyết Thắng"), "Long Thành": ("Long An", "An Phước")},
    ),
    "Huế": (("Huế", "TP. Huế"), {"Thuận Hóa": ("Phú Hội", "Vĩnh Ninh"), "Phú Xuân": ("Đông Ba", "Tây Lộc")}),
}
STREETS = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Huệ",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Nguyễn Trãi",
    "Điện Biên Phủ",
    "Lê Duẩn",
    "Hoàng Diệu",
    "Phan Chu Trinh",
    "Nguyễn Văn Cừ",
    "Trường Chinh",
    "Cách Mạng Tháng Tám",
    "Võ Văn Tần",
    "Pasteur",
    "Lạc Long Quân",
    "Hùng Vương",
    "Bạch Đằng",
    "Nguyễn Chí Thanh",
    "Kim Mã",
    "Xuân Thủy",
    "Tôn Đức Thắng",
    "Lê Thánh Tôn",
    "Quang Trung",
    "Phạm Văn Đồng",
    "Nguyễn Thị Minh Khai",
    "Đinh Tiên Hoàng",
    "Hàng Bài",
    "Bà Triệu",
    "Láng Hạ",
)
BUILDINGS = ("Viettel", "Sông Đà", "Hà Thành", "Sao Mai", "Thiên Sơn", "An Phú", "Hòa Bình", "Đông Dương")
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
GIVEN = (
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoa",
    "Hùng",
    "Lan",
    "Linh",
    "Minh",
    "Nam",
    "Ngọc",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Việt",
    "Yến",
)
TRADES = (
    "Thương mại",
    "Dịch vụ",
    "Sản xuất",
    "Xây dựng",
    "Du lịch",
    "Thực phẩm",
    "May mặc",
    "Vận tải",
    "Nông sản",
    "Gốm sứ",
    "Nội thất",
    "Dược phẩm",
    "In ấn",
    "Cơ khí",
    "Điện tử",
    "Giáo dục",
)
MARKS = (
    "An Phát",
    "Bình Minh",
    "Hưng Thịnh",
    "Phú Quý",
    "Thành Công",
    "Tân Tiến",
    "Đại Việt",
    "Hòa Phát",
    "Kim Long",
    "Sao Việt",
    "Hoàng Gia",
    "Minh Anh",
    "Việt Tín",
    "Đông Á",
    "Nam Sơn",
    "Thái Bình",
    "Hải Âu",
    "Trường Xuân",
    "Ngọc Lan",
    "Phương Đông",
    "Bảo Tín",
    "Gia Phát",
    "Hồng Hà",
    "Lộc Phát",
)
PUBLIC_MAIL = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "yahoo.com.vn",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "hn.vnn.vn",
    "hcm.vnn.vn",
    "fpt.vn",
)
SECTORS = (
    "trade",
    "services",
    "manufacturing",
    "tourism",
    "construction",
    "agriculture",
    "logistics",
    "craft_village",
    "education",
    "healthcare",
)
CATEGORIES = (
    "accounting",
    "e_invoice",
    "sales_pos",
    "crm",
    "hrm",
    "ecommerce",
    "inventory_logistics",
    "digital_marketing",
    "booking",
    "e_contract",
    "cybersecurity",
    "data_analytics",
)


@dataclass
class Place:
    city: str
    district: str
    ward: str
    street: str
    number: int
    alley: int | None = None
    floor: int | None = None
    building: str | None = None


@dataclass
class Party:
    id: str
    record: dict
    place: Place
    phone: str  # digits, national form
    mailbox: str  # local part
    domain: str  # the firm's domain, or a public provider's
    tax_code: str
    joined_on: date | None = None


@dataclass
class Product:
    id: str
    vendor: Party
    record: dict

    @property
    def monthly(self) -> int:
        return self.record["price_monthly_vnd"]

    @property
    def setup(self) -> int:
        return self.record.get("setup_fee_vnd", 0)

    def model(self, kind: str) -> dict | None:
        return next((m for m in self.record["pricing_models"] if m["type"] == kind), None)


@dataclass
class Generator:
    rng: random.Random
    vendors: list[Party] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    smes: list[Party] = field(default_factory=list)
    contracts: list[dict] = field(default_factory=list)
    labels: dict[int, dict] = field(default_factory=dict)  # contract index -> label
    by_vendor: dict[str, list[Product]] = field(default_factory=dict)
    prefix: str = ""  # of every id (a benchmark's rows are told apart by it)
    taken: set = field(default_factory=set)  # tax codes, phones, domains, (sme, product) pairs in use

    # -- writing things the way people do --------------------------------------------------------------

    def unique(self, make):
        while (value := make()) in self.taken:
            pass
        self.taken.add(value)
        return value

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.7:
            return self.unique(
                lambda: rng.choice(("09", "03", "07", "08")) + "".join(rng.choices("0123456789", k=8))
            )
        area = rng.choice(("024", "028", "0225", "0236", "0251", "0234"))
        return self.unique(lambda: area + "".join(rng.choices("0123456789", k=11 - len(area))))

    def show_phone(self, digits: str) -> str:
        rng = self.rng
        if len(digits) == 10 and digits[1] != "2":
            a, b, c = digits[:4], digits[4:7], digits[7:]
            styles = (
                f"{a} {b} {c}",
                f"{a}.{b}.{c}",
                f"+84 {a[1:]} {b} {c}",
                f"(+84) {digits[1:]}",
                digits,
                f"{a}-{b}-{c}",
                f"84{digits[1:]}",
            )
        else:
            area, rest = (
                digits[:3] if digits[2] in "48" else digits[:4],
                digits[3:] if digits[2] in "48" else digits[4:],
            )
            styles = (
                f"({area}) {rest[:4]} {rest[4:]}",
                f"{area} {rest[:4]} {rest[4:]}",
                f"+84 {area[1:]} {rest}",
                f"{area}.{rest}",
            )
        return rng.choice(styles)

    def name(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(GIVEN)}"

    def mailbox(self, domain: str | None = None) -> str:
        """A mailbox's local part; on a public provider, one nobody else has (a person's own account)."""
        if domain in PUBLIC_MAIL:
            return self.unique(lambda: f"{self.mailbox()}{self.rng.randint(1, 999)}@{domain}").partition("@")[
                0
            ]
        person = fold(self.name()).split()
        return self.rng.choice(
            (
                f"{person[1]}.{person[0]}",
                f"{person[1]}{person[0]}",
                "info",
                "ketoan",
                "lienhe",
                "sales",
                "admin",
                f"{person[0]}{person[1]}{self.rng.randint(1, 99)}",
            )
        )

    def show_email(self, mailbox: str, domain: str, subdomain: bool = False) -> str:
        if domain == "gmail.com" and self.rng.random() < 0.5 and "." not in mailbox and len(mailbox) > 4:
            mailbox = mailbox[:3] + "." + mailbox[3:]  # Gmail ignores dots
        if self.rng.random() < 0.2:
            mailbox = mailbox.capitalize()
        if subdomain:
            domain = "mail." + domain
        return f"{mailbox}@{domain}"

    def place(self, city: str | None = None) -> Place:
        rng = self.rng
        city = city or rng.choice(list(CITIES))
        district = rng.choice(list(CITIES[city][1]))
        building = rng.random() < 0.2
        return Place(
            city,
            district,
            rng.choice(CITIES[city][1][district]),
            rng.choice(STREETS),
            rng.randint(1, 420),
            rng.randint(2, 80) if not building and rng.random() < 0.25 else None,
            rng.randint(2, 25) if building else None,
            rng.choice(BUILDINGS) if building else None,
        )

    def show_address(self, p: Place) -> str:
        rng = self.rng
        city_names = CITIES[p.city][0]
        district = f"Quận {p.district}" if p.district.isdigit() else p.district
        ward = p.ward
        if rng.random() < 0.5:  # the long form
            door = f"Số {p.number}" + (f", ngõ {p.alley}" if p.alley else "")
            street = f"đường {p.street}" if rng.random() < 0.5 else f"phố {p.street}" if p.alley else p.street
            parts = [
                door,
                street,
                f"phường {ward}" if not ward.startswith("Phường") else ward,
                district,
                city_names[0] if rng.random() < 0.5 else city_names[min(2, len(city_names) - 1)],
            ]
        else:
            door = f"{p.number}/{p.alley}" if p.alley else str(p.number)
            short_district = f"Q.{p.district}" if p.district.isdigit() else f"Q. {p.district}"
            parts = [
                f"{door} {p.street}",
                f"P. {ward.removeprefix('Phường ')}" if rng.random() < 0.7 else ward,
                short_district if rng.random() < 0.6 else district,
                rng.choice(city_names),
            ]
            if rng.random() < 0.3:
                parts.pop(1)  # the ward left out
        if p.floor:
            parts = [f"Tầng {p.floor}", f"tòa nhà {p.building}", *parts]
        text = ", ".join(parts)
        return fold(text).title() if rng.random() < 0.15 else text

    def move(self, party: Party, place: Place) -> None:
        """The party's address becomes `place` (its province with it)."""
        party.place = place
        party.record.update(address=self.show_address(place), province=place.city)

    def tax_code(self) -> str:
        return self.unique(
            lambda: (
                self.rng.choice(("01", "02", "03", "04", "05", "08"))
                + "".join(self.rng.choices("0123456789", k=8))
            )
        )

    def company(self, vendor: bool) -> str:
        mark = self.rng.choice(MARKS)
        if vendor:
            return (
                f"Công ty Cổ phần Công nghệ {mark} {self.rng.choice(('Số', 'Software', 'Solutions', 'Tech'))}"
            )
        kind = self.rng.choice(("Công ty TNHH", "Công ty Cổ phần", "Hộ kinh doanh", "Công ty TNHH MTV"))
        return f"{kind} {self.rng.choice(TRADES)} {mark}"

    def domain_of(self, name: str) -> str:
        slug = "".join(w[0] for w in fold(name).split()[-3:]) + fold(name).split()[-1]
        return self.unique(
            lambda: f"{slug}{self.rng.randint(1, 999)}" + self.rng.choice((".vn", ".com.vn", ".com"))
        )

    # -- firms and products ----------------------------------------------------------------------------

    def new_party(self, kind: str, index: int, *, public_mail: float, joined_on: date | None = None) -> Party:
        vendor = kind == "vendor"
        name = self.company(vendor)
        domain = self.rng.choice(PUBLIC_MAIL) if self.rng.random() < public_mail else self.domain_of(name)
        party = Party(
            f"{self.prefix}{kind[0]}-{index}",
            {},
            self.place(),
            self.phone(),
            self.mailbox(domain),
            domain,
            self.tax_code(),
            joined_on,
        )
        party.record = {
            "id": party.id,
            "name": name,
            "tax_code": party.tax_code,
            "province": party.place.city,
            "phone": self.show_phone(party.phone),
            "contact_email": self.show_email(party.mailbox, domain),
            "address": self.show_address(party.place),
        }
        if not vendor:
            party.record.update(sector=self.rng.choice(SECTORS), employees=self.rng.randint(1, 150))
            if joined_on is not None:
                party.record["joined_on"] = joined_on.isoformat()
        return party

    def new_product(self, vendor: Party, index: int) -> Product:
        rng = self.rng
        monthly = rng.choice(
            (99_000, 150_000, 250_000, 390_000, 500_000, 800_000, 1_200_000, 2_000_000, 3_500_000, 5_000_000)
        )
        models = [{"type": "subscription"}]
        if rng.random() < 0.35:
            models.append({"type": "one_time", "price_vnd": monthly * rng.choice((18, 24, 30))})
        if rng.random() < 0.3:
            models.append({"type": "use_first_pay_later", "free_months": rng.randint(1, 3)})
        if rng.random() < 0.2:
            models.append({"type": "co_investment", "vendor_share_pct": rng.choice((20, 30, 40))})
        if rng.random() < 0.15:
            models.append({"type": "revenue_sharing", "revenue_share_pct": rng.choice((2, 3, 5))})
        category = rng.choice(CATEGORIES)
        record = {
            "id": f"{self.prefix}p-{index}",
            "vendor_id": vendor.id,
            "name": f"{vendor.record['name'].split()[-2]} {category.replace('_', ' ').title()} {index}",
            "summary": "Giải pháp chuyển đổi số cho DNNVV.",
            "categories": [category],
            "sectors": ["*"],
            "readiness_min": 0,
            "readiness_max": 5,
            "price_monthly_vnd": monthly,
            "pricing_models": models,
        }
        if rng.random() < 0.3:
            record["setup_fee_vnd"] = rng.choice((500_000, 1_000_000, 3_000_000, 5_000_000))
        return Product(record["id"], vendor, record)

    # -- contracts -------------------------------------------------------------------------------------

    def moment(self, day: date) -> str:
        at = datetime.combine(day, time(self.rng.randint(8, 17), self.rng.randint(0, 59)), VN_TZ)
        return at.isoformat()

    def list_value(self, product: Product, pricing: dict, months: int) -> int:
        kind = pricing["type"]
        if kind == "one_time":
            return pricing["price_vnd"] + product.setup
        paying = months - pricing.get("free_months", 0)
        return product.monthly * paying + product.setup

    def contract(
        self,
        sme: Party,
        product: Product,
        day: date,
        *,
        kind: str | None = None,
        months: int | None = None,
        factor: float | None = None,
        start_after: int | None = None,
        ended: date | None = None,
        status: str | None = None,
        label: dict | None = None,
    ) -> dict:
        """A signed contract: the SME signs on `day` - 0..2, the vendor on `day` (the counted day)."""
        rng = self.rng
        models = [m for m in product.record["pricing_models"] if m["type"] != "revenue_sharing"]
        pricing = dict(next((m for m in models if m["type"] == kind), None) or rng.choice(models))
        months = months or rng.choice((6, 12, 12, 12, 24, 36))
        if pricing["type"] == "one_time":
            months = rng.choice((12, 24, 36))
        if pricing.get("free_months", 0) >= months:
            pricing["free_months"] = 1
        listed = self.list_value(product, pricing, months)
        value = int(round(listed * (factor if factor is not None else rng.uniform(0.75, 1.25)), -3))
        if pricing["type"] == "one_time":
            pricing["price_vnd"] = value
        start = day + timedelta(days=start_after if start_after is not None else rng.randint(0, 10))
        record = {
            "id": None,
            "sme_id": sme.id,
            "product_id": product.id,
            "pricing": pricing,
            "value_vnd": value,
            "start_date": start.isoformat(),
            "months": months,
            "sme_signed_at": self.moment(day - timedelta(days=rng.randint(0, 2))),
            "vendor_signed_at": self.moment(day),
        }
        term_end = start + timedelta(days=round(months * 30.44))
        if ended is not None:
            record.update(status=status or "terminated", ended_at=self.moment(ended))
        elif term_end < date(2026, 12, 31):
            record.update(status="completed", ended_at=self.moment(term_end))
        else:
            record["status"] = status or "active"
        self.contracts.append(record)
        if label is not None:
            self.labels[len(self.contracts) - 1] = label
        self.taken.add((sme.id, product.id))
        return record

    def day(self, low: int = 0, high: int = YEAR_DAYS) -> date:
        return YEAR_START + timedelta(days=self.rng.randint(low, high))

    def fresh_product(self, sme: Party, vendor: Party | None = None) -> Product:
        """A product the SME has not bought yet (ordinary business never buys the same one twice by chance),
        of `vendor` when given."""
        choices = self.by_vendor[vendor.id] if vendor is not None else self.products
        for _ in range(50):
            product = self.rng.choice(choices)
            if (sme.id, product.id) not in self.taken:
                return product
        return product

    def established_sme(self, before: date) -> Party:
        """A new SME that joined long before `before`."""
        return self.add_sme(before - timedelta(days=self.rng.randint(90, 700)))

    def add_sme(self, joined_on: date | None, public_mail: float = 0.55) -> Party:
        sme = self.new_party("sme", len(self.smes) + 1, public_mail=public_mail, joined_on=joined_on)
        self.smes.append(sme)
        return sme


def _abuse(*patterns: str) -> dict:
    return {"abuse": True, "patterns": list(patterns)}


def _benign(kind: str) -> dict:
    return {"abuse": False, "near_miss": kind}


def _plant_related(g: Generator, count: int) -> None:
    """SMEs sharing one identifier with the vendor they buy from, written their own way."""
    rng = g.rng
    for i in range(count):
        vendor = rng.choice(g.vendors)
        day = g.day()
        sme = (
            g.established_sme(day)
            if rng.random() < 0.6
            else g.add_sme(day - timedelta(days=rng.randint(5, 60)))
        )
        how = ("phone", "domain", "mailbox", "address", "tax_root")[i % 5]
        if how == "phone":
            sme.record["phone"] = g.show_phone(vendor.phone)
        elif how == "domain" and vendor.domain not in PUBLIC_MAIL:
            sme.record["contact_email"] = g.show_email(
                g.mailbox(), vendor.domain, subdomain=rng.random() < 0.3
            )
        elif how in ("mailbox", "domain"):
            sme.record["contact_email"] = g.show_email(vendor.mailbox, vendor.domain)
        elif how == "address":
            g.move(sme, vendor.place)
        else:
            sme.record["tax_code"] = f"{vendor.tax_code}-{rng.randint(1, 30):03d}"
        g.contract(sme, g.fresh_product(sme, vendor), day, label=_abuse("related_party"))


def _plant_price(g: Generator, count: int) -> None:
    """Prices at two to four times what the listing publishes for the same terms."""
    for _ in range(count):
        day = g.day()
        sme = g.established_sme(day)
        product = g.fresh_product(sme)
        kind = "one_time" if product.model("one_time") and g.rng.random() < 0.4 else None
        g.contract(
            sme, product, day, kind=kind, factor=g.rng.uniform(2.0, 4.0), label=_abuse("price_above_list")
        )


def _plant_quick(g: Generator, count: int) -> None:
    """Walked away within a month of signing."""
    for _ in range(count):
        day = g.day()
        sme = (
            g.established_sme(day)
            if g.rng.random() < 0.7
            else g.add_sme(day - timedelta(days=g.rng.randint(40, 90)))
        )
        g.contract(
            sme,
            g.fresh_product(sme),
            day,
            ended=day + timedelta(days=g.rng.randint(2, 30)),
            label=_abuse("quick_termination"),
        )


def _plant_bursts(g: Generator, bursts: int) -> None:
    """A vendor signing, within days, with several firms created days before."""
    rng = g.rng
    for _ in range(bursts):
        vendor = rng.choice(g.vendors)
        first = g.day(0, YEAR_DAYS - 12)
        for _ in range(rng.randint(4, 8)):
            day = first + timedelta(days=rng.randint(0, 9))
            sme = g.add_sme(day - timedelta(days=rng.randint(1, 20)), public_mail=0.8)
            g.contract(sme, g.fresh_product(sme, vendor), day, label=_abuse("vendor_burst"))


def _plant_splits(g: Generator, count: int) -> None:
    """One purchase cut into two or three contracts signed days apart, running side by side."""
    rng = g.rng
    for _ in range(count):
        day = g.day()
        sme = g.established_sme(day)
        product = g.fresh_product(sme)
        months = rng.choice((12, 24))
        for part in range(rng.choice((2, 2, 3))):
            g.contract(
                sme,
                product,
                day + timedelta(days=part * rng.randint(0, 5)),
                months=months,
                factor=rng.uniform(0.4, 0.6),
                label=_abuse("split_contract"),
            )


def _plant_combined(g: Generator, count: int) -> None:
    """Two patterns in one deal: a related firm paying an inflated price, or walking away."""
    rng = g.rng
    for i in range(count):
        vendor = rng.choice(g.vendors)
        day = g.day()
        sme = g.established_sme(day)
        sme.record["phone"] = g.show_phone(vendor.phone)
        product = g.fresh_product(sme, vendor)
        if i % 2:
            g.contract(
                sme,
                product,
                day,
                factor=rng.uniform(2.0, 3.5),
                label=_abuse("related_party", "price_above_list"),
            )
        else:
            g.contract(
                sme,
                product,
                day,
                ended=day + timedelta(days=rng.randint(3, 25)),
                label=_abuse("related_party", "quick_termination"),
            )


def _near_misses(g: Generator, scale: int) -> None:
    """Ordinary business that looks like a pattern."""
    rng = g.rng
    public_vendors = [v for v in g.vendors if v.domain in PUBLIC_MAIL]
    for _ in range(3 * scale):  # both on a public mailbox provider, even the same one
        vendor = rng.choice(public_vendors)
        day = g.day()
        sme = g.established_sme(day)
        sme.domain = vendor.domain
        sme.record["contact_email"] = g.show_email(g.mailbox(vendor.domain), vendor.domain)
        g.contract(sme, g.fresh_product(sme, vendor), day, label=_benign("public_mailbox"))
    in_towers = [v for v in g.vendors if v.place.floor] or g.vendors
    for i in range(2 * scale):  # the same building's other floor, the street's other door, another city
        vendor = rng.choice(in_towers if i % 3 == 0 else g.vendors)
        day = g.day()
        sme = g.established_sme(day)
        p = vendor.place
        if i % 3 == 0:
            sme.place = Place(
                p.city,
                p.district,
                p.ward,
                p.street,
                p.number,
                None,
                (p.floor or 0) + rng.randint(1, 9),
                p.building or rng.choice(BUILDINGS),
            )
        elif i % 3 == 1:
            sme.place = Place(p.city, p.district, p.ward, p.street, p.number + rng.randint(2, 60), p.alley)
        else:
            other = rng.choice([c for c in CITIES if c != p.city])
            district = rng.choice(list(CITIES[other][1]))
            sme.place = Place(
                other, district, rng.choice(CITIES[other][1][district]), p.street, p.number, p.alley
            )
        g.move(sme, sme.place)
        g.contract(sme, g.fresh_product(sme, vendor), day, label=_benign("neighbour_address"))
    for _ in range(3 * scale):  # a premium for extras, or the setup fee on top of a discount
        day = g.day()
        sme = g.established_sme(day)
        g.contract(
            sme, g.fresh_product(sme), day, factor=rng.uniform(1.25, 1.45), label=_benign("premium_price")
        )
    for _ in range(2 * scale):  # ended, but after months
        day = g.day(0, 200)
        sme = g.established_sme(day)
        g.contract(
            sme,
            g.fresh_product(sme),
            day,
            months=rng.choice((12, 24)),
            ended=day + timedelta(days=rng.randint(75, 120)),
            label=_benign("late_termination"),
        )
    for _ in range(
        2 * scale
    ):  # upgraded: a bigger product (or package) of the same vendor replaces the first
        day = g.day(0, 280)
        sme = g.established_sme(day)
        first = g.fresh_product(sme)
        switch = day + timedelta(days=rng.randint(5, 40))
        g.contract(sme, first, day, start_after=0, ended=switch, label=_benign("upgrade"))
        same = rng.random() < 0.5
        second = first if same else g.fresh_product(sme, first.vendor)
        g.contract(sme, second, switch, start_after=0, factor=rng.uniform(1.0, 1.3), label=_benign("upgrade"))
    for _ in range(
        2 * scale
    ):  # a month's trial or term, then a year signed before it ends, starting after it
        day = g.day(0, 280)
        sme = g.established_sme(day)
        product = g.fresh_product(sme)
        g.contract(sme, product, day, kind="subscription", months=1, start_after=0, label=_benign("renewal"))
        renewed = day + timedelta(days=rng.randint(5, 28))
        g.contract(
            sme,
            product,
            renewed,
            kind="subscription",
            months=12,
            start_after=(day - renewed).days + 31,
            label=_benign("renewal"),
        )
    for _ in range(scale):  # a second site bought months after the first
        day = g.day(0, 200)
        sme = g.established_sme(day)
        product = g.fresh_product(sme)
        g.contract(sme, product, day, label=_benign("second_purchase"))
        g.contract(sme, product, day + timedelta(days=rng.randint(45, 120)), label=_benign("second_purchase"))
    for _ in range(2):  # a busy vendor: many deals in a week with established customers
        vendor = rng.choice(g.vendors)
        first = g.day(0, YEAR_DAYS - 10)
        for _ in range(rng.randint(8, 14)):
            day = first + timedelta(days=rng.randint(0, 7))
            sme = g.established_sme(day)
            g.contract(sme, g.fresh_product(sme, vendor), day, label=_benign("busy_vendor"))
    for _ in range(scale // 2 + 1):  # a vendor winning a few new firms in a week, among its customers
        vendor = rng.choice(g.vendors)
        first = g.day(0, YEAR_DAYS - 10)
        for n in range(rng.randint(5, 8)):
            day = first + timedelta(days=rng.randint(0, 7))
            sme = g.add_sme(day - timedelta(days=rng.randint(2, 25))) if n < 3 else g.established_sme(day)
            g.contract(sme, g.fresh_product(sme, vendor), day, label=_benign("few_new_firms"))


def generate(seed: int = SEED, scale: int = 10, background: int = 900, prefix: str = "") -> dict:
    """The labelled document: `background` ordinary SMEs (about 1.4 contracts each) and, per unit of
    `scale`, about a dozen planted abuses and as many near misses; every id starts with `prefix`."""
    g = Generator(random.Random(seed), prefix=prefix)
    # One vendor in four answers from a public mailbox (small vendors do).
    g.vendors = [
        g.new_party("vendor", i + 1, public_mail=float(i % 4 == 0)) for i in range(max(8, scale * 4))
    ]
    g.products = [g.new_product(g.vendors[i % len(g.vendors)], i + 1) for i in range(len(g.vendors) * 3)]
    for product in g.products:
        g.by_vendor.setdefault(product.vendor.id, []).append(product)
    for _ in range(background):  # ordinary SMEs: some joined just before their first deal
        day = g.day()
        sme = g.add_sme(
            day - timedelta(days=g.rng.randint(3, 30))
            if g.rng.random() < 0.08
            else day - timedelta(days=g.rng.randint(45, 900))
            if g.rng.random() < 0.9
            else None
        )
        for n in range(g.rng.choice((1, 1, 1, 2, 2, 3))):
            at = day + timedelta(days=n * g.rng.randint(30, 150))
            if at > YEAR_START + timedelta(days=YEAR_DAYS):
                break
            late = at + timedelta(days=g.rng.randint(90, 300)) if g.rng.random() < 0.05 else None
            g.contract(sme, g.fresh_product(sme), at, ended=late)
    _plant_related(g, 3 * scale)
    _plant_price(g, 2 * scale)
    _plant_quick(g, 2 * scale)
    _plant_bursts(g, max(1, scale // 2))
    _plant_splits(g, scale)
    _plant_combined(g, scale)
    _near_misses(g, scale)
    return _document(g)


def _document(g: Generator) -> dict:
    """Shuffle the contracts, number them, and write the labels by id."""
    order = list(range(len(g.contracts)))
    g.rng.shuffle(order)
    contracts, labels = [], []
    for number, index in enumerate(order, start=1):
        record = {**g.contracts[index], "id": f"{g.prefix}c-{number}"}
        contracts.append(record)
        if index in g.labels:
            labels.append({"contract_id": record["id"], **g.labels[index]})
    labels.sort(key=lambda label: int(label["contract_id"].rpartition("-")[2]))
    return {
        "format": FORMAT,
        "vendors": [v.record for v in g.vendors],
        "products": [p.record for p in g.products],
        "smes": [s.record for s in g.smes],
        "contracts": contracts,
        "integrity_labels": labels,
    }


def write(path: Path, seed: int = SEED) -> None:
    path.write_text(json.dumps(generate(seed), ensure_ascii=False, indent=1), encoding="utf-8")
