"""BM25 over folded Vietnamese words and word pairs, with term weights precomputed per document.

Vietnamese words are mostly two syllables ("hóa đơn", "kế toán"), so adjacent syllable pairs are
indexed next to single syllables. Scoring a query gathers the postings of its terms and sums them
with one bincount: fast enough for one SME against 100,000 offers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from catalog.text import folded_words
from catalog.vocab import CATEGORIES, label

from .model import Offer, Profile


def terms(text: str) -> list[str]:
    """Folded syllables and adjacent syllable pairs of a text."""
    syllables = folded_words(text)
    return syllables + [f"{a}_{b}" for a, b in zip(syllables, syllables[1:], strict=False)]


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


class TextIndex:
    """Okapi BM25 (k1, b) over a fixed list of documents."""

    def __init__(self, documents: Sequence[Iterable[str]], k1: float = 1.2, b: float = 0.75):
        self.size = len(documents)
        self._ids: dict[str, int] = {}
        doc_index: list[int] = []
        term_index: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(self.size)
        for d, doc in enumerate(documents):
            counter = Counter(doc)
            lengths[d] = sum(counter.values())
            for term, n in counter.items():
                doc_index.append(d)
                term_index.append(self._ids.setdefault(term, len(self._ids)))
                counts.append(n)
        docs = np.asarray(doc_index, dtype=np.int32)
        term_ids = np.asarray(term_index, dtype=np.int64)
        tf = np.asarray(counts, dtype=np.float64)
        df = np.bincount(term_ids, minlength=len(self._ids)).astype(np.float64)
        idf = np.log1p((self.size - df + 0.5) / (df + 0.5))
        avg = float(lengths.mean()) if self.size else 0.0
        norm = k1 * (1 - b + b * lengths[docs] / (avg or 1.0))
        weights = idf[term_ids] * tf * (k1 + 1) / (tf + norm)
        order = np.argsort(term_ids, kind="stable")
        self._docs = docs[order]
        self._weights = weights[order].astype(np.float32)
        self._starts = np.concatenate([[0], np.cumsum(df.astype(np.int64))])
        # Terms in more than half the documents weigh little (idf < ln 2) and cost the most to gather.
        self._common = max(self.size // 2, 1)

    def scores(self, query: Iterable[str], max_terms: int | None = None) -> np.ndarray:
        """BM25 score of every document for a query (a bag of terms); with `max_terms`, only that many of
        the query's rarest terms (the most telling ones) count."""
        slices = [
            (a, z, n)
            for term, n in Counter(query).items()
            if (i := self._ids.get(term)) is not None
            and (z := self._starts[i + 1]) - (a := self._starts[i]) <= self._common
        ]
        if max_terms is not None and len(slices) > max_terms:
            slices = sorted(slices, key=lambda s: (s[1] - s[0], s[0]))[:max_terms]
        if not slices:
            return np.zeros(self.size, dtype=np.float32)
        docs = np.concatenate([self._docs[a:z] for a, z, _ in slices])
        weights = np.concatenate([self._weights[a:z] * n for a, z, n in slices])
        return np.bincount(docs, weights=weights, minlength=self.size).astype(np.float32)
