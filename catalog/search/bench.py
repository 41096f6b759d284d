"""Search benchmark: synthetic but realistic Vietnamese listings and a fixed mix of queries (pure).

Listings are assembled from the vocabularies' labels and the wording of the development catalog
(names, summary and description sentences of products in the same category), with Vietnamese
brand names, sectors, regions, readiness ranges and prices drawn from a seeded generator, so
every run indexes the same catalog. Queries are typed the ways SMEs type: with and without
diacritics, with a typo, in raw Telex, half-typed, and with filters.
"""

from __future__ import annotations

import random
import re
import time
import unicodedata
from collections.abc import Callable, Iterator

from catalog.facets import PRICE_BANDS, CatalogFilters
from catalog.product import Product
from catalog.search.analysis import TONES
from catalog.search.documents import SearchDocument
from catalog.search.model import SearchRequest
from core.text import fold
from core.vocab import CATEGORIES, PRICING_TYPES, PROVINCES, SECTORS, SIZES, label

SYLLABLES = (
    "An",
    "Bình",
    "Phát",
    "Minh",
    "Thành",
    "Việt",
    "Hưng",
    "Long",
    "Phú",
    "Gia",
    "Kim",
    "Hải",
    "Đăng",
    "Sơn",
    "Xanh",
    "Cát",
    "Tường",
    "Hồng",
    "Phúc",
    "Khai",
    "Trí",
    "Mây",
    "Nam",
    "Bắc",
    "Quang",
    "Huy",
    "Tín",
    "Đức",
    "Thịnh",
    "Vượng",
    "Lộc",
    "Tâm",
    "Nhật",
    "Hòa",
    "Tân",
    "Trung",
    "Đại",
    "Sao",
    "Biển",
    "Ngọc",
    "Bảo",
    "Hoàng",
    "Thiên",
    "Vinh",
    "Hà",
    "Lam",
    "Diệp",
    "Khang",
    "Thái",
    "Cường",
)
SUFFIXES = (
    "Cloud",
    "Pro",
    "Lite",
    "Plus",
    "Online",
    "Smart",
    "One",
    "Go",
    "Hub",
    "Suite",
    "360",
    "X",
    "Số",
    "Việt",
)
PRICES = (
    0,
    49_000,
    99_000,
    149_000,
    199_000,
    250_000,
    300_000,
    450_000,
    600_000,
    900_000,
    1_500_000,
    3_000_000,
)

BASE_QUERIES = (
    "hóa đơn điện tử",
    "phần mềm kế toán",
    "quản lý bán hàng",
    "quán cà phê",
    "truy xuất nguồn gốc",
    "chữ ký số",
    "quản lý kho",
    "chấm công",
    "bán hàng đa kênh",
    "website bán hàng",
    "quản lý khách sạn",
    "tem QR",
    "sao lưu dữ liệu",
    "an ninh mạng",
    "marketing số",
    "hợp đồng điện tử",
    "quản lý nhân sự",
    "phòng khám",
    "nhà thuốc",
    "quản lý trường học",
    "tưới thông minh",
    "livestream",
    "zalo",
    "misa",
    "thanh toán không dùng tiền mặt",
    "báo cáo quản trị",
    "dự báo nhu cầu",
    "chatbot chăm sóc khách hàng",
    "giám sát chuỗi lạnh",
    "quản lý vận tải",
    "sổ sách hộ kinh doanh",
    "đặt phòng trực tuyến",
    "nhật ký nông hộ",
    "chống mã độc",
    "đào tạo kỹ năng số",
    "quản lý sản xuất",
)

_TELEX_MARKS = {
    "\u0302": {"a": "aa", "e": "ee", "o": "oo"},
    "\u0306": {"a": "aw"},
    "\u031b": {"o": "ow", "u": "uw"},
}
_TELEX_TONES = {v: k for k, v in {"s": "1", "f": "2", "r": "3", "x": "4", "j": "5"}.items()}


def telex(text: str) -> str:
    """How a Vietnamese text comes out when typed in Telex with the input method off."""
    out = []
    for word in text.split():
        letters, tone = [], ""
        for ch in unicodedata.normalize("NFD", word.lower().replace("đ", "dd")):
            if ch in TONES:
                tone = _TELEX_TONES[TONES[ch]]
            elif ch in _TELEX_MARKS and letters:
                letters[-1] = _TELEX_MARKS[ch].get(letters[-1], letters[-1])
            else:
                letters.append(ch)
        out.append("".join(letters) + tone)
    return " ".join(out)


def with_typo(text: str, rng: random.Random) -> str:
    """The text folded, with two neighbouring letters swapped in its longest word."""
    words = fold(text).split()
    i = max(range(len(words)), key=lambda j: len(words[j]))
    w = words[i]
    if len(w) >= 4:
        at = rng.randrange(1, len(w) - 2)
        words[i] = w[:at] + w[at + 1] + w[at] + w[at + 2 :]
    return " ".join(words)


class Catalog:
    """Wording of a real catalog, by category, to assemble synthetic listings from."""

    def __init__(self, document: dict):
        self.names: dict[str, list[str]] = {c: [] for c in CATEGORIES}
        self.sentences: dict[str, list[str]] = {c: [] for c in CATEGORIES}
        self.integrations: list[str] = []
        for product in document.get("products", []):
            for category in product.get("categories", []):
                if category not in self.names:
                    continue
                name = product["name"]
                self.names[category].append(name.split("–", 1)[1].strip() if "–" in name else name)
                text = " ".join([product.get("summary", ""), product.get("description") or ""])
                self.sentences[category] += [
                    s.strip() for s in re.split(r"(?<=[.;])\s+", text) if len(s) > 20
                ]
            self.integrations += product.get("integrations", [])
        for category in CATEGORIES:
            self.names[category].append(label(CATEGORIES, category))
            if not self.sentences[category]:
                self.sentences[category].append(
                    f"Giải pháp {label(CATEGORIES, category).lower()} cho doanh nghiệp."
                )
        self.integrations = sorted(set(self.integrations)) or ["zalo", "excel"]


def synthetic_documents(n: int, document: dict, seed: int = 2026) -> Iterator[SearchDocument]:
    """`n` listings in the shape of `document`'s products, reproducibly."""
    rng = random.Random(seed)
    catalog = Catalog(document)
    categories, sectors = list(CATEGORIES), list(SECTORS)
    vendors = [
        f"Công ty {rng.choice(('TNHH', 'CP'))} Công nghệ {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        for _ in range(max(1, n // 8))
    ]
    now = time.time()
    for i in range(n):
        primary = rng.choice(categories)
        cats = [primary] + rng.sample(categories, rng.choice((0, 0, 1, 2)))
        brand = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        name = f"{brand} {rng.choice(SUFFIXES)} – {rng.choice(catalog.names[primary])}"
        sentences = catalog.sentences[primary]
        secs = ["*"] if rng.random() < 0.4 else rng.sample(sectors, rng.randint(1, 3))
        if secs != ["*"]:
            sentences = sentences + [
                f"Phù hợp cho doanh nghiệp ngành {label(SECTORS, s).lower()}." for s in secs
            ]
        summary = rng.choice(sentences)
        description = " ".join(rng.sample(sentences, min(len(sentences), rng.randint(2, 4))))
        low = rng.randint(0, 3)
        price = rng.choice(PRICES)
        pricing = [{"type": "subscription"}] + (
            [{"type": t} for t in rng.sample(list(PRICING_TYPES)[1:], 1)] if rng.random() < 0.4 else []
        )
        for p in pricing:
            if p["type"] == "one_time":
                p["price_vnd"] = price * 12
            elif p["type"] == "use_first_pay_later":
                p["free_months"] = 3
            elif p["type"] == "co_investment":
                p["vendor_share_pct"] = 30
            elif p["type"] == "revenue_sharing":
                p["revenue_share_pct"] = 5
        product = Product.from_dict(
            {
                "id": f"bp-{i}",
                "vendor_id": f"bv-{i % len(vendors)}",
                "name": name,
                "summary": summary,
                "description": description,
                "categories": list(dict.fromkeys(cats)),
                "sectors": secs,
                "readiness_min": low,
                "readiness_max": rng.randint(low, 5),
                "company_sizes": [] if rng.random() < 0.6 else rng.sample(list(SIZES), rng.randint(1, 2)),
                "regions": ["*"] if rng.random() < 0.8 else rng.sample(PROVINCES, rng.randint(1, 3)),
                "price_monthly_vnd": price,
                "pricing_models": pricing,
                "integrations": rng.sample(catalog.integrations, min(3, len(catalog.integrations))),
            }
        )
        yield SearchDocument.from_product(
            product,
            doc_id=f"bd-{i}",
            vendor_name=vendors[i % len(vendors)],
            official=rng.random() < 0.7,
            timestamp=now - rng.randint(0, 730 * 86400),
        )


def query_mix(seed: int = 7) -> list[SearchRequest]:
    """The fixed queries: each base query as typed with diacritics, without, with a typo, in Telex,
    half-typed, and with diacritics plus a filter."""
    rng = random.Random(seed)
    requests = []
    for i, base in enumerate(BASE_QUERIES):
        words = base.split()
        half = " ".join(words[:-1] + [words[-1][: max(1, len(words[-1]) // 2)]])
        filters = (
            CatalogFilters(category=(list(CATEGORIES)[i % len(CATEGORIES)],)),
            CatalogFilters(level=i % 6),
            CatalogFilters(region=(PROVINCES[i % len(PROVINCES)],)),
            CatalogFilters(price=list(PRICE_BANDS)[i % len(PRICE_BANDS)]),
        )[i % 4]
        for q, f in (
            (base, CatalogFilters()),
            (fold(base), CatalogFilters()),
            (with_typo(base, rng), CatalogFilters()),
            (telex(base), CatalogFilters()),
            (fold(half), CatalogFilters()),
            (base, filters),
        ):
            requests.append(SearchRequest(q=q, filters=f, limit=20))
    return requests


def run(
    index_documents: Callable[[list[SearchDocument]], object],
    search: Callable[[SearchRequest], object],
    n: int,
    document: dict,
) -> dict:
    """Index `n` synthetic listings, run the query mix, and report the figures."""
    docs = list(synthetic_documents(n, document))
    started = time.perf_counter()
    index_documents(docs)
    index_seconds = time.perf_counter() - started
    search(SearchRequest(q="khởi động"))  # first query pays for lazy caches, as in a fresh worker
    timings = []
    for request in query_mix():
        t = time.perf_counter()
        search(request)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    return {
        "listings": n,
        "index_seconds": round(index_seconds, 2),
        "p50_ms": round(timings[len(timings) // 2], 2),
        "p95_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.95))], 2),
        "queries": len(timings),
    }
