"""What the search index holds for one listing revision (pure).

A listing can have two revisions that someone may search: the live one (what the public
sees, while the listing is published) and the newest one (what its vendor works on and
officers review). When they are the same revision, one document carries both roles.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from functools import lru_cache

from catalog.product import Product
from catalog.stars import bayesian, mean
from core.text import fold
from core.vocab import ANY, CATEGORIES, SECTORS, label

# Searchable fields, best first: the "attribute" ranking rule prefers matches in earlier ones.
ATTRIBUTES = ("name", "labels", "summary", "description", "integrations", "vendor_name")


@dataclass(frozen=True)
class SearchDocument:
    doc_id: str  # unique for ever: listing id and revision number
    listing_id: str
    vendor_id: str
    vendor_name: str
    name: str
    summary: str
    description: str
    categories: tuple[str, ...]
    sectors: tuple[str, ...]
    readiness_min: int
    readiness_max: int
    company_sizes: tuple[str, ...]  # empty = every size
    regions: tuple[str, ...]  # ("*",) = every region
    pricing_types: tuple[str, ...]
    price_monthly_vnd: int | None
    integrations: tuple[str, ...]
    public: bool  # the live revision of a published listing
    latest: bool  # the listing's newest revision (what its vendor sees first)
    listing_status: str
    revision_status: str
    official: bool  # an entry of the latest catalog edition
    timestamp: float  # when it was published (or last submitted), for recency ties
    rating_count: int = 0  # published reviews of the listing (catalog.ratings)
    rating_total: int = 0  # the sum of their stars

    @classmethod
    def from_product(
        cls,
        product: Product,
        *,
        doc_id: str | None = None,
        vendor_name: str = "",
        public: bool = True,
        latest: bool = True,
        listing_status: str = "published",
        revision_status: str = "approved",
        official: bool = False,
        timestamp: float = 0.0,
        rating: tuple[int, int] = (0, 0),
    ) -> SearchDocument:
        return cls(
            doc_id=doc_id or product.id,
            listing_id=product.id,
            vendor_id=product.vendor_id,
            vendor_name=vendor_name,
            name=product.name,
            summary=product.summary,
            description=product.description or "",
            categories=tuple(product.categories),
            sectors=tuple(product.sectors),
            readiness_min=product.readiness_min,
            readiness_max=product.readiness_max,
            company_sizes=tuple(product.company_sizes),
            regions=tuple(product.regions) or (ANY,),
            pricing_types=tuple(dict.fromkeys(p.type for p in product.pricing_models)),
            price_monthly_vnd=product.price_monthly_vnd,
            integrations=tuple(product.integrations),
            public=public,
            latest=latest,
            listing_status=listing_status,
            revision_status=revision_status,
            official=official,
            timestamp=timestamp,
            rating_count=rating[0],
            rating_total=rating[1],
        )

    @property
    def rating_mean(self) -> float | None:
        return mean(self.rating_count, self.rating_total)

    @property
    def rating_score(self) -> float:
        """The Bayesian average the catalog sorts by (catalog.stars)."""
        return bayesian(self.rating_count, self.rating_total)

    @property
    def labels(self) -> str:
        """Category and sector names in both languages: a query for the category finds its products."""
        parts = [label(CATEGORIES, c, lang) for c in self.categories for lang in ("vi", "en")]
        parts += [label(SECTORS, s, lang) for s in self.sectors if s != ANY for lang in ("vi", "en")]
        return " | ".join(parts)

    def searchable(self) -> tuple[str, ...]:
        """The text of each of ATTRIBUTES, in order."""
        return (
            self.name,
            self.labels,
            self.summary,
            self.description,
            " | ".join(self.integrations),
            self.vendor_name,
        )

    @property
    def any_sector(self) -> bool:
        return ANY in self.sectors

    @property
    def any_region(self) -> bool:
        return ANY in self.regions

    def region_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(region_key(r) for r in self.regions if r != ANY))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SearchDocument:
        values = {}
        for f in fields(cls):
            if f.name not in data and f.name.startswith("rating_"):
                continue  # stored before ratings existed: the default (no reviews)
            value = data[f.name]
            values[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)


@lru_cache(maxsize=4096)
def region_key(region: str) -> str:
    """Provinces compare without case, diacritics or extra spaces ('TP. Hồ Chí Minh' = 'tp. ho chi minh')."""
    return " ".join(fold(region).split())


def documents_from_interchange(document: dict) -> list[SearchDocument]:
    """The public documents of an interchange file's products (for evaluations and benchmarks)."""
    vendors = {v["id"]: v.get("name", "") for v in document.get("vendors", [])}
    return [
        SearchDocument.from_product(Product.from_dict(p), vendor_name=vendors.get(p.get("vendor_id"), ""))
        for p in document.get("products", [])
    ]
