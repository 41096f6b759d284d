"""The texts of offers and SME profiles that the BM25 index (core.bm25) reads."""

from __future__ import annotations

from core.vocab import CATEGORIES, label

from .model import Offer, Profile


def offer_text(offer: Offer) -> str:
    """What an offer says about itself: name, summary, description, category labels."""
    product = offer.product
    parts = [product.name, product.summary, product.description or ""]
    parts += [label(CATEGORIES, c) for c in product.categories]
    return " . ".join(parts)


def profile_text(profile: Profile) -> str:
    """What an SME says about itself: name, problem, the labels of its stated needs."""
    parts = [profile.name, profile.problem or ""] + [label(CATEGORIES, c) for c in profile.needs]
    return " . ".join(parts)
