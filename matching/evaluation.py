"""Measures a ranking against graded relevance judgments, next to three baselines ranked the same way.

Metrics at a cutoff k (10): nDCG with gain 2^grade - 1, MAP and recall where a pair is relevant when its
grade is 1 or more; each averaged over the SMEs that have at least one relevant offer. Baselines:
popularity (how relevant other SMEs found each offer: leave-one-out over the judgments), BM25 of the
profile text against the offer text, and random order (seeded, averaged over several draws).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from catalog.product import Product
from core.bm25 import TextIndex, terms
from core.measures import CUTOFF, average_precision, ndcg, recall

from .engine import OfferIndex, Weights
from .model import Offer, Profile
from .textindex import offer_text, profile_text

RANDOM_DRAWS = 20

Grades = Mapping[tuple[str, str], int]  # (sme_id, product_id) -> grade; missing pairs are 0


@dataclass(frozen=True)
class JudgedSet:
    offers: tuple[Offer, ...]
    profiles: tuple[Profile, ...]
    grades: Grades


def grades_of(document: dict) -> dict[tuple[str, str], int]:
    """The judgments of an interchange document as {(sme_id, product_id): grade}."""
    return {(j["sme_id"], j["product_id"]): int(j["grade"]) for j in document.get("judgments", [])}


def judged_set_from_document(
    document: dict, size_of: Callable[[dict], str | None] | None = None, official: bool = False
) -> JudgedSet:
    """Offers, profiles and grades straight from a judged interchange document (every product published;
    `official`: and in the official catalog, as after `import --publish`).

    `size_of(sme_dict)` supplies the size when the document leaves it out (Decree 80/2021 sizing).
    """
    offers = tuple(Offer(Product.from_dict(p), official=official) for p in document.get("products", []))
    profiles = []
    for sme in document.get("smes", []):
        if sme.get("size") is None and size_of is not None:
            sme = {**sme, "size": size_of(sme)}
        profiles.append(Profile.from_dict(sme))
    return JudgedSet(offers, tuple(profiles), grades_of(document))


def score_rankings(
    rankings: Mapping[str, Sequence[str]], grades: Grades, k: int = CUTOFF
) -> dict[str, float]:
    """Mean nDCG@k, MAP@k and recall@k over the SMEs with at least one relevant offer."""
    per_sme: dict[str, dict[str, int]] = {}
    for (sme_id, product_id), grade in grades.items():
        per_sme.setdefault(sme_id, {})[product_id] = grade
    judged = [s for s, g in sorted(per_sme.items()) if any(v > 0 for v in g.values())]
    if not judged:
        return {f"ndcg@{k}": 0.0, f"map@{k}": 0.0, f"recall@{k}": 0.0}
    totals = [0.0, 0.0, 0.0]
    for sme_id in judged:
        ranked = rankings.get(sme_id, ())
        g = per_sme[sme_id]
        totals[0] += ndcg(ranked, g, k)
        totals[1] += average_precision(ranked, g, k)
        totals[2] += recall(ranked, g, k)
    n = len(judged)
    return {f"ndcg@{k}": totals[0] / n, f"map@{k}": totals[1] / n, f"recall@{k}": totals[2] / n}


def engine_rankings(data: JudgedSet, weights: Weights | None = None, k: int = CUTOFF) -> dict[str, list[str]]:
    index = OfferIndex(data.offers, weights or Weights())
    return {p.id: [m.offer.id for m in matches] for p, matches in index.rank_many(data.profiles, k)}


def bm25_rankings(data: JudgedSet, k: int = CUTOFF) -> dict[str, list[str]]:
    ids = [o.id for o in data.offers]
    index = TextIndex([terms(offer_text(o)) for o in data.offers])
    rankings = {}
    for profile in data.profiles:
        scores = index.scores(terms(profile_text(profile)))
        order = sorted(range(len(ids)), key=lambda i: (-float(scores[i]), ids[i]))
        rankings[profile.id] = [ids[i] for i in order[:k]]
    return rankings


def popularity_rankings(data: JudgedSet, k: int = CUTOFF) -> dict[str, list[str]]:
    """Offers by the total grade other SMEs gave them (the SME's own judgments left out)."""
    total: dict[str, int] = {}
    own: dict[tuple[str, str], int] = {}
    for (sme_id, product_id), grade in data.grades.items():
        total[product_id] = total.get(product_id, 0) + grade
        own[(sme_id, product_id)] = grade
    ids = [o.id for o in data.offers]
    rankings = {}
    for profile in data.profiles:
        order = sorted(ids, key=lambda pid: (-(total.get(pid, 0) - own.get((profile.id, pid), 0)), pid))
        rankings[profile.id] = order[:k]
    return rankings


def random_rankings(data: JudgedSet, seed: int, k: int = CUTOFF) -> dict[str, list[str]]:
    rng = random.Random(seed)
    ids = sorted(o.id for o in data.offers)
    rankings = {}
    for profile in data.profiles:
        order = ids[:]
        rng.shuffle(order)
        rankings[profile.id] = order[:k]
    return rankings


def evaluate(data: JudgedSet, weights: Weights | None = None, k: int = CUTOFF) -> dict[str, dict[str, float]]:
    """The engine's metrics next to the popularity, BM25 and random baselines."""
    draws = [score_rankings(random_rankings(data, seed, k), data.grades, k) for seed in range(RANDOM_DRAWS)]
    return {
        "engine": score_rankings(engine_rankings(data, weights, k), data.grades, k),
        "popularity": score_rankings(popularity_rankings(data, k), data.grades, k),
        "bm25": score_rankings(bm25_rankings(data, k), data.grades, k),
        "random": {name: sum(d[name] for d in draws) / len(draws) for name in draws[0]},
    }
