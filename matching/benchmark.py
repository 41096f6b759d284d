"""Engine speed on synthetic, seeded data: one SME against N offers (p95), M SMEs against N offers."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np

from catalog.product import Pricing, Product
from core.needs import default_lexicon
from core.vocab import CATEGORIES, PRICING_TYPES, PROVINCES, SECTORS, SIZES, label

from .engine import OfferIndex
from .model import Offer, Profile

FILLER = (
    "công ty",
    "chúng tôi",
    "hiện nay",
    "nhân viên",
    "khách hàng",
    "mỗi ngày",
    "rất",
    "nhiều",
    "cần",
    "muốn",
    "giải pháp",
    "đơn giản",
    "dễ dùng",
    "trên điện thoại",
    "hỗ trợ",
    "tận nơi",
    "nhanh",
    "tiết kiệm",
)


def _phrases_by_category() -> dict[str, list[str]]:
    lexicon = default_lexicon()
    found: dict[str, list[str]] = {}
    for phrase in lexicon.phrases:
        found.setdefault(phrase.category, []).append(" ".join(t.folded for t in phrase.tokens))
    return found


def _text(rng: random.Random, categories: list[str], phrases: dict[str, list[str]], length: int) -> str:
    parts = []
    while len(parts) < length:
        if rng.random() < 0.5:
            parts.append(rng.choice(phrases.get(rng.choice(categories), ["phần mềm"])))
        else:
            parts.append(rng.choice(FILLER))
    return " ".join(parts) + "."


def synthetic_offers(n: int, seed: int = 1) -> list[Offer]:
    rng = random.Random(seed)
    phrases = _phrases_by_category()
    codes, sectors, sizes, models = list(CATEGORIES), list(SECTORS), list(SIZES), list(PRICING_TYPES)
    offers = []
    for i in range(n):
        cats = rng.sample(codes, rng.randint(1, 3))
        low = rng.randint(0, 3)
        price = rng.choice([0, 50_000, 99_000, 200_000, 490_000, 900_000, 2_000_000, 8_000_000])
        chosen = ["subscription"] + rng.sample(models[1:], rng.randint(0, 2))
        pricing = []
        for kind in chosen:
            terms = {
                "one_time": {"price_vnd": price * 20 + 1_000_000},
                "use_first_pay_later": {"free_months": 2},
                "co_investment": {"vendor_share_pct": 30},
                "revenue_sharing": {"revenue_share_pct": 5},
            }.get(kind, {})
            pricing.append(Pricing(kind, **terms))
        product = Product(
            id=f"bp-{i:06d}",
            vendor_id=f"bv-{i % max(n // 4, 1):05d}",
            name=f"{label(CATEGORIES, cats[0])} {i}",
            summary=_text(rng, cats, phrases, 8),
            description=_text(rng, cats, phrases, 30),
            categories=tuple(cats),
            sectors=("*",) if rng.random() < 0.4 else tuple(rng.sample(sectors, rng.randint(1, 4))),
            readiness_min=low,
            readiness_max=rng.randint(low, 5),
            pricing_models=tuple(pricing),
            company_sizes=() if rng.random() < 0.5 else tuple(rng.sample(sizes, 2)),
            regions=("*",) if rng.random() < 0.8 else tuple(rng.sample(PROVINCES, rng.randint(1, 4))),
            price_monthly_vnd=price,
            setup_fee_vnd=rng.choice([0, 0, 2_000_000, 20_000_000]),
        )
        offers.append(Offer(product, official=rng.random() < 0.3))
    return offers


def synthetic_profiles(m: int, seed: int = 2) -> list[Profile]:
    rng = random.Random(seed)
    phrases = _phrases_by_category()
    codes = list(CATEGORIES)
    profiles = []
    for i in range(m):
        wanted = rng.sample(codes, rng.randint(1, 3))
        profiles.append(
            Profile(
                id=f"bs-{i:06d}",
                name=f"Công ty TNHH Thử nghiệm {i}",
                sector=rng.choice(list(SECTORS)),
                size=rng.choice(list(SIZES)),
                province=rng.choice(PROVINCES),
                readiness_level=rng.randint(0, 5),
                needs=tuple(wanted[: rng.randint(0, len(wanted))]),
                problem=_text(rng, wanted, phrases, rng.randint(10, 25)),
                monthly_budget_vnd=rng.choice([200_000, 500_000, 1_000_000, 3_000_000, 10_000_000]),
                preferred_pricing_models=tuple(rng.sample(list(PRICING_TYPES), rng.randint(0, 2))),
            )
        )
    return profiles


def run(
    products: int,
    smes: int,
    top: int = 10,
    one_samples: int = 200,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """{"products", "smes", "one_p95_ms", "all_seconds"}: p95 of single rankings, wall time of all of them.

    Single rankings run against an index built beforehand (as a server keeps it); the batch time includes
    building the index. Each SME's problem text is read inside the timed sections.
    """
    offers = synthetic_offers(products)
    profiles = synthetic_profiles(max(smes, one_samples))
    start = time.perf_counter()
    index = OfferIndex(offers)
    build_seconds = time.perf_counter() - start
    timings = []
    for profile in profiles[:one_samples]:
        start = time.perf_counter()
        index.rank(profile, top)
        timings.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    for _ in index.rank_many(profiles[:smes], top, progress=progress):
        pass
    all_seconds = time.perf_counter() - start + build_seconds
    return {
        "products": products,
        "smes": smes,
        "one_p95_ms": round(float(np.percentile(timings, 95)), 2),
        "all_seconds": round(all_seconds, 2),
    }
