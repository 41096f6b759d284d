"""Small builders for engine inputs (plain values, no database)."""

from __future__ import annotations

from collections.abc import Sequence

from catalog.product import Product
from matching.engine import Match, OfferIndex, Weights
from matching.model import Offer, Profile


def offer(id: str = "p-1", *, published: bool = True, official: bool = False, **over) -> Offer:
    data = {
        "id": id,
        "vendor_id": over.pop("vendor_id", f"v-{id}"),
        "name": f"Sản phẩm {id}",
        "summary": "Phần mềm cho doanh nghiệp nhỏ.",
        "categories": ["e_invoice"],
        "sectors": ["*"],
        "readiness_min": 0,
        "readiness_max": 5,
        "pricing_models": [{"type": "subscription"}],
        "price_monthly_vnd": 100_000,
        **over,
    }
    return Offer(Product.from_dict(data), official=official, published=published)


def profile(id: str = "s-1", **over) -> Profile:
    data = {
        "id": id,
        "name": "Công ty TNHH Thử",
        "sector": "trade",
        "size": "small",
        "province": "Hà Nội",
        "readiness_level": 2,
        "needs": ["e_invoice"],
        "monthly_budget_vnd": 1_000_000,
        **over,
    }
    return Profile.from_dict(data)


def rank_offers(profile: Profile, offers: Sequence[Offer], top: int = 10,
                weights: Weights | None = None) -> list[Match]:
    """The best `top` offers for one profile, through a throwaway index (the app keeps one per catalog)."""
    return OfferIndex(offers, weights or Weights()).rank(profile, top)
