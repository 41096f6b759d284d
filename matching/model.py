"""The engine's inputs: an offer (a listed product and its catalog status) and an SME profile."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from catalog.product import Product
from core.text import fold


@dataclass(frozen=True)
class Offer:
    """A product as the engine sees it: its content, whether it is published and officially listed, and
    its buyers' rating (catalog.stars' Bayesian average; None: no published reviews)."""

    product: Product
    official: bool = False
    published: bool = True
    rating: float | None = None

    @property
    def id(self) -> str:
        return self.product.id

    @property
    def vendor_id(self) -> str:
        return self.product.vendor_id


@dataclass(frozen=True)
class Profile:
    """An SME profile with the interchange SME fields; `size` is the given or derived size."""

    id: str
    name: str
    sector: str
    size: str | None = None
    employees: int | None = None
    annual_revenue_vnd: int | None = None
    province: str | None = None
    ward: str | None = None
    readiness_level: int | None = None
    readiness_framework: str | None = None
    needs: tuple[str, ...] = ()
    problem: str | None = None
    monthly_budget_vnd: int | None = None
    preferred_pricing_models: tuple[str, ...] = ()
    current_tools: tuple[str, ...] = ()
    tax_code: str | None = None

    @classmethod
    def from_dict(cls, data: dict) -> Profile:
        """From an interchange SME (unknown fields ignored, lists made tuples)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and v is not None}
        for name in ("needs", "preferred_pricing_models", "current_tools"):
            values[name] = tuple(values.get(name) or ())
        return cls(**values)


_PROVINCE_PREFIX = re.compile(r"^(thanh pho|tp|tinh)\b\.?\s*")
_PROVINCE_ALIASES = {
    "hcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "hn": "ha noi",
    "tt hue": "hue",
    "thua thien hue": "hue",
}


@lru_cache(maxsize=4096)
def province_key(name: str | None) -> str | None:
    """Comparable form of a province name: 'TP. Hồ Chí Minh', 'Hồ Chí Minh', 'tp hcm' -> 'ho chi minh'."""
    if not name:
        return None
    key = " ".join(re.sub(r"[^0-9a-z]+", " ", _PROVINCE_PREFIX.sub("", fold(name).strip())).split())
    return _PROVINCE_ALIASES.get(key, key) or None
