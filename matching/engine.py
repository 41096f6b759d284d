"""Ranks offers for SME profiles.

Hard constraints first: only published offers, serving the SME's province, allowing its size, and not
asking for more than one readiness level above the SME's. Then a soft score, the product of:

- relevance: how well the offer's categories cover the SME's needs (stated in `needs`, or read from its
  problem text), blended with BM25 text similarity between the profile and the offer;
- sector fit: built for the SME's sector > for any sector (less so where a sector-specific offer covers
  the same needs) > built for other sectors;
- readiness fit: within the offer's range, one level short, or beyond its top;
- affordability: the best pricing model's monthly cost against the budget, with preferred models first;
- a small bonus for the official catalog;
- a small bonus for what buyers say: the product's rating as a Bayesian average (catalog.stars, so a
  product without reviews counts as the prior 3.5 and one review moves it little).

Offer features are precomputed once as NumPy arrays (OfferIndex), so ranking one SME is a handful of
vector operations over all offers; a little vendor diversity is applied to the head of the list.
Everything is deterministic: ties are broken by offer id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from catalog.stars import PRIOR_MEAN
from core.bm25 import TextIndex, terms
from core.needs import NeedLexicon, NeedReading, default_lexicon
from core.vocab import ANY, CATEGORIES, SECTORS, SIZES

from .affordability import (
    PRICING_ORDER,
    CostTerms,
    PaymentOption,
    best_fit,
    best_option,
    cost_vector,
    payment_options,
)
from .model import Offer, Profile, province_key
from .reasons import MatchFacts, NeedFact, reasons_for
from .textindex import offer_text, profile_text

CATEGORY_CODES = tuple(CATEGORIES)
CATEGORY_INDEX = {c: i for i, c in enumerate(CATEGORY_CODES)}
SECTOR_INDEX = {s: i for i, s in enumerate(SECTORS)}
SIZE_INDEX = {s: i for i, s in enumerate(SIZES)}


@dataclass(frozen=True)
class Weights:
    """The knobs of the soft score (see the module docstring)."""

    stated_decay: float = 0.9  # the i-th stated need weighs decay**i
    text_alone: float = 0.9  # needs read from the text when none are stated
    text_beside_stated: float = 0.6  # needs read from the text next to stated ones
    category_position: tuple[float, ...] = (1.0, 0.85, 0.75, 0.65, 0.55)  # an offer lists its main use first
    text_share: float = 0.35  # share of BM25 text similarity in relevance
    text_terms: int | None = 64  # BM25 over this many of the profile's rarest terms (long texts)
    floor: float = 0.05  # relevance of every eligible offer (orders profiles with no readable needs)
    generic: float = 0.85  # any-sector offer where a sector-specific one covers the same needs
    shadow: float = 1.0  # a sector-specific offer shadows a generic one if at least this share as relevant
    other_sector: float = 0.35  # offer built for other sectors only
    readiness_short: float = 0.5  # offer starts one level above the SME
    readiness_beyond: float = 0.75  # per level the SME is above the offer's top level
    max_readiness_gap: int = 1  # more levels above the SME than this rules an offer out
    no_preferred_model: float = 0.85  # SME lists preferred pricing models, offer has none of them
    official: float = 0.03  # what an offer outside the official catalog gives up
    # What an offer rated 1 star gives up against one rated 5, linearly between (an offer without reviews
    # sits at the prior, 3.5: 0.011). As small as the official bonus: buyers' ratings break near-ties
    # between offers that fit equally well, they never lift an offer that fits worse above one that fits.
    rating: float = 0.03
    vendor_repeat: float = 0.95  # factor per earlier match of the same vendor in the list
    costs: CostTerms = field(default_factory=CostTerms)


def _categories(product) -> list[str]:
    """The product's known categories, each once, in its own order."""
    return [c for c in dict.fromkeys(product.categories) if c in CATEGORY_INDEX]


@dataclass(frozen=True)
class Match:
    offer: Offer
    score: float
    facts: MatchFacts

    @cached_property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in Vietnamese, the engine's language (pages write them in the reader's language from
        the same facts: reasons_for(facts, lang)); written when first read, not for every match ranked."""
        return reasons_for(self.facts)


class OfferIndex:
    """Offers with their features precomputed as arrays (one row per feature, one column per offer),
    so that rank() scores one profile against all offers with a few vector operations."""

    def __init__(
        self, offers: Sequence[Offer], weights: Weights = Weights(), lexicon: NeedLexicon | None = None
    ):
        self.offers = list(offers)
        self.weights = weights
        self.lexicon = lexicon or default_lexicon()
        n = len(self.offers)
        self.sector_specific = np.zeros((len(SECTOR_INDEX), n), dtype=bool)
        self.sector_any = np.zeros(n, dtype=bool)
        self.size_ok = np.ones((len(SIZE_INDEX), n), dtype=bool)
        self.readiness_min = np.zeros(n, dtype=np.int16)
        self.readiness_max = np.zeros(n, dtype=np.int16)
        self.published = np.zeros(n, dtype=bool)
        self.official = np.zeros(n, dtype=bool)
        self.region_any = np.zeros(n, dtype=bool)
        self.costs = np.full((len(PRICING_ORDER), n), np.inf, dtype=np.float32)
        self.vendor = np.zeros(n, dtype=np.int32)
        self.options: list[list[PaymentOption]] = []
        # Per offer, what its reasons read that no SME changes: (category, its index, its position weight)
        # for each known category, the pricing models offered, the regions served by name.
        self._described: list[tuple[tuple, tuple[str, ...], tuple[str, ...]]] = []
        regions: dict[str, list[int]] = {}
        vendor_codes: dict[str, int] = {}
        by_category: list[list[tuple[int, float]]] = [[] for _ in CATEGORY_CODES]
        for i, offer in enumerate(self.offers):
            product = offer.product
            categories = tuple(
                (code, CATEGORY_INDEX[code], self._position(k)) for k, code in enumerate(_categories(product))
            )
            for _, c, position in categories:
                by_category[c].append((i, position))
            self._described.append((
                categories,
                tuple(dict.fromkeys(p.type for p in product.pricing_models)),
                tuple(r for r in product.regions if r != ANY),
            ))
            self.sector_any[i] = ANY in product.sectors
            for sector in product.sectors:
                if sector in SECTOR_INDEX:
                    self.sector_specific[SECTOR_INDEX[sector], i] = True
            if product.company_sizes:
                self.size_ok[:, i] = [s in product.company_sizes for s in SIZE_INDEX]
            self.readiness_min[i], self.readiness_max[i] = product.readiness_min, product.readiness_max
            self.published[i], self.official[i] = offer.published, offer.official
            self.region_any[i] = not product.regions or ANY in product.regions
            for region in product.regions:
                key = province_key(region)
                if key and region != ANY:
                    regions.setdefault(key, []).append(i)
            self.options.append(payment_options(product, weights.costs))
            self.costs[:, i] = cost_vector(product, weights.costs)
            self.vendor[i] = vendor_codes.setdefault(offer.vendor_id, len(vendor_codes))
        self.region_members = {key: np.asarray(rows, dtype=np.intp) for key, rows in regions.items()}
        # Per category: the offers listing it, and how prominently (an offer lists its main use first).
        self.category_members = [np.asarray([i for i, _ in rows], dtype=np.intp) for rows in by_category]
        self.category_position = [np.asarray([p for _, p in rows], dtype=np.float32) for rows in by_category]
        self._sector_tables()
        self.offered = np.isfinite(self.costs)
        self.text = TextIndex([terms(offer_text(o)) for o in self.offers])
        self.id_rank = np.argsort(
            np.argsort(np.asarray([o.id for o in self.offers], dtype=object), kind="stable")
        )
        # Per SME readiness level 0-5, precomputed: which offers it may see, and their readiness fit.
        levels = np.arange(6)[:, None]
        self._readiness_ok = self.readiness_min[None, :] <= levels + weights.max_readiness_gap
        self._readiness_fit = (
            np.where(self.readiness_min[None, :] > levels, weights.readiness_short, 1.0)
            * weights.readiness_beyond ** np.clip(levels - self.readiness_max[None, :], 0, 5)
        ).astype(np.float32)
        self._official_fit = np.where(self.official, 1.0, 1.0 - weights.official).astype(np.float32)
        stars = np.asarray([PRIOR_MEAN if o.rating is None else o.rating for o in self.offers], np.float32)
        self._rating_fit = (1.0 - weights.rating * (5.0 - stars) / 4.0).astype(np.float32)
        self._cheapest: dict = {}  # cheapest cost per group of pricing models, filled on first use
        self._models = sum(self.offered[i].astype(np.int32) << i for i in range(len(PRICING_ORDER)))

    def _position(self, k: int) -> float:
        positions = self.weights.category_position
        return positions[min(k, len(positions) - 1)]

    # -- one profile --------------------------------------------------------------------------------
    def eligible(self, profile: Profile) -> np.ndarray:
        """The hard constraints: published, region served, size allowed, readiness not far beyond."""
        ok = self.published.copy()
        key = province_key(profile.province)
        if key is not None:
            served = self.region_any.copy()
            if key in self.region_members:
                served[self.region_members[key]] = True
            ok &= served
        if profile.size in SIZE_INDEX:
            ok &= self.size_ok[SIZE_INDEX[profile.size]]
        if profile.readiness_level is not None:
            ok &= self._readiness_ok[profile.readiness_level]
        return ok

    def need_weights(self, profile: Profile, reading: NeedReading) -> tuple[np.ndarray, np.ndarray]:
        """Weight 0-1 of every category for this SME, and which categories it stated."""
        w = self.weights
        stated = np.zeros(len(CATEGORY_CODES), dtype=np.float32)
        for i, code in enumerate(c for c in dict.fromkeys(profile.needs) if c in CATEGORY_INDEX):
            stated[CATEGORY_INDEX[code]] = w.stated_decay**i
        read = np.zeros_like(stated)
        share = w.text_beside_stated if profile.needs else w.text_alone
        for code, strength in reading.weights.items():
            if code in CATEGORY_INDEX:
                read[CATEGORY_INDEX[code]] = strength * share
        return np.minimum(1.0 - (1.0 - stated) * (1.0 - read), 0.99), stated > 0

    def rank(self, profile: Profile, top: int = 10, reading: NeedReading | None = None) -> list[Match]:
        """The best `top` eligible offers for a profile, best first, each with its reasons."""
        w = self.weights
        if reading is None:
            reading = self.lexicon.read(profile.problem)
        ok = self.eligible(profile)
        if top <= 0 or not ok.any():
            return []
        need, stated = self.need_weights(profile, reading)
        needed = [(c, float(need[c])) for c in np.flatnonzero(need > 0)]
        miss = np.ones(len(self.offers), dtype=np.float32)
        for c, weight in needed:  # coverage = 1 - prod(1 - need x position) over the offer's categories
            miss[self.category_members[c]] *= 1.0 - weight * self.category_position[c]
        coverage = 1.0 - miss
        text = self.text.scores(terms(profile_text(profile)), w.text_terms)
        top_text = float(np.where(ok, text, 0.0).max())  # BM25 scores are >= 0 (faster than max(where=))
        text_part = text * (w.text_share / top_text) if top_text > 0 else 0.0
        relevance = w.floor + (1 - w.floor) * ((1 - w.text_share) * coverage + text_part)

        score = relevance * self._sector_fit(profile, ok, needed, relevance)
        if profile.readiness_level is not None:
            score *= self._readiness_fit[profile.readiness_level]
        preferred = profile.preferred_pricing_models
        score *= best_fit(self.costs, profile.monthly_budget_vnd, preferred, w.costs, self._cheapest)
        if preferred:
            wanted = sum(1 << i for i, t in enumerate(PRICING_ORDER) if t in preferred)
            score *= np.where(self._models & wanted, np.float32(1.0), np.float32(w.no_preferred_model))
        score *= self._official_fit  # outside the official catalog a little less (scores stay within 0-1)
        score *= self._rating_fit  # rated poorly a little less
        score = np.where(ok, score, np.float32(-1.0))
        picked = self._diverse_top(score, top)
        return [self._match(profile, reading, i, s, need, stated) for i, s in picked]

    def _sector_tables(self) -> None:
        """Precomputed for the sector fit: the fit of every offer per SME sector before the generic
        penalty, the any-sector offers, and per category its any-sector members and, per sector, its
        sector-specific members."""
        w = self.weights
        self._generic_rows = np.flatnonzero(self.sector_any)
        local = np.full(len(self.offers), -1, dtype=np.intp)
        local[self._generic_rows] = np.arange(len(self._generic_rows))
        self._base_fit, self._both, self._sector_rows = [], [], []
        for s in range(len(SECTOR_INDEX)):
            specific = self.sector_specific[s]
            self._base_fit.append(
                np.where(specific | self.sector_any, 1.0, w.other_sector).astype(np.float32)
            )
            self._both.append(np.flatnonzero(specific & self.sector_any))  # "*" and the sector: specific
            self._sector_rows.append(np.flatnonzero(specific))
        self._generic_members, self._generic_position, self._specific_members = [], [], []
        for rows, positions in zip(self.category_members, self.category_position, strict=True):
            keep = self.sector_any[rows]
            self._generic_members.append(local[rows[keep]])
            self._generic_position.append(positions[keep])
            self._specific_members.append(
                [rows[self.sector_specific[s, rows]] for s in range(len(SECTOR_INDEX))]
            )

    def _sector_fit(
        self, profile: Profile, ok: np.ndarray, needed: list[tuple[int, float]], relevance: np.ndarray
    ) -> np.ndarray:
        """1 for the SME's sector; for any sector, less where an at-least-as-relevant offer built for the
        SME's sector covers the same needs; `other_sector` for offers built for other sectors only."""
        w = self.weights
        if profile.sector not in SECTOR_INDEX:
            return np.where(self.sector_any, 1.0, w.other_sector)
        s = SECTOR_INDEX[profile.sector]
        generic = relevance[self._generic_rows]
        total = np.zeros(len(generic), dtype=np.float32)
        shadowed = np.zeros(len(generic), dtype=np.float32)
        for c, weight in needed:
            rows, part = self._generic_members[c], weight * self._generic_position[c]
            specific = self._specific_members[c][s]
            best = np.max(relevance[specific], where=ok[specific], initial=0.0)
            total[rows] += part
            shadowed[rows] += part * (best >= generic[rows] * w.shadow)
        # An offer covering none of the needs is shadowed by any at-least-as-relevant specific offer.
        specific = self._sector_rows[s]
        best_any = np.max(relevance[specific], where=ok[specific], initial=0.0)
        share = np.where(total > 0, shadowed / np.maximum(total, 1e-9), best_any >= generic * w.shadow)
        fit = self._base_fit[s].copy()
        fit[self._generic_rows] = 1.0 - (1.0 - w.generic) * share
        fit[self._both[s]] = 1.0
        return fit

    def _diverse_top(self, score: np.ndarray, top: int) -> list[tuple[int, float]]:
        """Greedy pick of the best `top`, each earlier pick of the same vendor discounting the next."""
        pool_size = min(len(score), top * 4 + 20)
        if pool_size < len(score):
            kth = len(score) - pool_size
            cut = max(np.partition(score, kth)[kth], 0.0)  # the pool_size-th best score
            above, tied = np.flatnonzero(score > cut), np.flatnonzero(score == cut)
            tied = tied[np.argsort(self.id_rank[tied], kind="stable")][: pool_size - len(above)]
            pool = np.concatenate([above, tied])  # ties at the cut taken by id: independent of input order
        else:
            pool = np.arange(len(score))
        pool = pool[score[pool] >= 0]  # ineligible offers score -1
        pool = pool[np.lexsort((self.id_rank[pool], -score[pool]))]
        remaining = list(
            zip(
                score[pool].tolist(),
                self.id_rank[pool].tolist(),
                pool.tolist(),
                self.vendor[pool].tolist(),
                strict=True,
            )
        )  # best first, ties by id
        picked: list[tuple[int, float]] = []
        seen: dict[int, int] = {}
        repeat = self.weights.vendor_repeat
        while remaining and len(picked) < top:
            best, best_key = 0, (-1.0, 0)
            for j, (value, rank, _, vendor) in enumerate(remaining):
                if value < best_key[0]:
                    break  # sorted: no later offer can beat the best discounted score found
                key = (value * repeat ** seen.get(vendor, 0), -rank)
                if key > best_key:
                    best, best_key = j, key
            _, _, index, vendor = remaining.pop(best)
            picked.append((index, best_key[0]))
            seen[vendor] = seen.get(vendor, 0) + 1
        return picked

    def _match(
        self,
        profile: Profile,
        reading: NeedReading,
        i: int,
        score: float,
        need: np.ndarray,
        stated: np.ndarray,
    ) -> Match:
        offer = self.offers[i]
        product = offer.product
        categories, offered_models, regions = self._described[i]
        covered = []
        for code, index, position in categories:
            if need[index] <= 0:
                continue
            source = "stated" if stated[index] else "text"
            covered.append((need[index] * position, NeedFact(code, source, reading.evidence.get(code))))
        covered.sort(key=lambda pair: -pair[0])
        if profile.sector in SECTOR_INDEX and self.sector_specific[SECTOR_INDEX[profile.sector], i]:
            sector = "specific"
        else:
            sector = "any" if self.sector_any[i] else "other"
        key = province_key(profile.province)
        region = "any" if self.region_any[i] else ("served" if key is not None else "unknown")
        facts = MatchFacts(
            needs=tuple(fact for _, fact in covered),
            sector=sector,
            sme_sector=profile.sector,
            offer_sectors=tuple(product.sectors),
            readiness_level=profile.readiness_level,
            readiness_min=product.readiness_min,
            readiness_max=product.readiness_max,
            budget_vnd=profile.monthly_budget_vnd,
            affordability=best_option(
                self.options[i],
                profile.monthly_budget_vnd,
                profile.preferred_pricing_models,
                self.weights.costs,
            ),
            preferred_models=tuple(profile.preferred_pricing_models),
            offered_models=offered_models,
            region=region,
            province=profile.province,
            official=offer.official,
            regions=regions,
        )
        return Match(offer, round(score, 4), facts)

    # -- many profiles -------------------------------------------------------------------------------
    def rank_many(
        self, profiles: Iterable[Profile], top: int = 10, progress: Callable[[int], None] | None = None
    ) -> Iterator[tuple[Profile, list[Match]]]:
        """(profile, matches) for each profile, in order; `progress(1)` after each."""
        for profile in profiles:
            yield profile, self.rank(profile, top)
            if progress is not None:
                progress(1)
