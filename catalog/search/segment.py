"""One immutable block of the embedded index: postings, phrases and facet bitsets in NumPy arrays.

Built from analysed documents in a few vectorised sorts; each posting carries how well the document
holds the word (catalog.search.relevance.word_quality). A search evaluates every query word for all
documents of the segment at once: per word a row of match codes (typos, completion) and a row of
qualities; then which documents hold every word they must (or enough of them, when the search
relaxes), and one 64-bit key per result: the relevance score, then official listings, then recency.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from catalog.facets import PRICE_BANDS
from catalog.search import relevance
from catalog.search.documents import SearchDocument, region_key
from catalog.search.model import FACET_CODES
from catalog.search.relevance import BLEND, PHRASE_QUALITY, REVERSED_PHRASE, WRONG_ACCENTS
from core.vocab import READINESS_LEVELS

NO_MATCH = 127  # code of a word a document does not contain (see Segment.match)
SYNONYM_CODE = 2  # no typo, not the word itself, counts on its own
ANY_REGION = "*"  # key of the nationwide count among a segment's region counts
DENSE_MIN_DOCS = 4096
EPOCH = 1_577_836_800  # 2020-01-01 UTC: recency counts hours from here

# The ranking key, most significant part first; a smaller key ranks higher.
RECENCY_BITS = 22  # hours since EPOCH, newest first: about 478 years
TAIL_BITS = RECENCY_BITS + 1  # official listings first, then the most recent
LAST = np.int64(1 << 62)  # sort value of a document without one (no price): after every other


@dataclass
class Analysed:
    """A document as token arrays: folded-word id, accent-key id, attribute, and whether the
    next token follows in the same phrase."""

    doc: SearchDocument
    tids: np.ndarray
    akids: np.ndarray
    attrs: np.ndarray
    joins: np.ndarray


def _pack(rows: np.ndarray) -> np.ndarray:
    """Bool rows -> uint64 bitsets (for popcount facet counts)."""
    packed = np.packbits(rows, axis=-1, bitorder="little")
    pad = (-packed.shape[-1]) % 8
    if pad:
        packed = np.concatenate([packed, np.zeros(packed.shape[:-1] + (pad,), np.uint8)], axis=-1)
    return packed.view(np.uint64)


def _membership(values_per_doc: list, codes: tuple, strength=None) -> np.ndarray:
    """(codes, docs) matrix: row c, column d is True when document d lists code c (or, with
    `strength`, strength(position of c in d's list) as float32)."""
    index = {code: i for i, code in enumerate(codes)}
    rows, cols, values = [], [], []
    for d, listed in enumerate(values_per_doc):
        for at, v in enumerate(listed):
            if v in index:
                rows.append(index[v])
                cols.append(d)
                values.append(strength(at) if strength else True)
    out = np.zeros((len(codes), len(values_per_doc)), np.float32 if strength else bool)
    out[rows, cols] = values
    return out


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values starts in a sorted array."""
    if not len(values):
        return np.zeros(0, np.int64)
    return np.flatnonzero(np.append(True, values[1:] != values[:-1]))


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: faster here than np.unique's hashing)."""
    values = np.sort(values)
    keep = np.ones(len(values), bool)
    keep[1:] = values[1:] != values[:-1]
    return values[keep]


def _csr(keys: np.ndarray, size: int) -> np.ndarray:
    counts = np.bincount(keys, minlength=size) if len(keys) else np.zeros(size, np.int64)
    ptr = np.zeros(size + 1, np.int64)
    np.cumsum(counts[:size], out=ptr[1:])
    return ptr


@dataclass
class MatchState:
    """Per document of a segment: which query words it holds, and how well it holds each word and
    each pair of neighbouring words."""

    covered: np.ndarray  # (words, documents) bool: holds the word (or is built for its sector)
    count: np.ndarray  # required words held (int8)
    quality: np.ndarray  # (words, documents) uint8: how well each word is held, 0 = not at all
    phrases: np.ndarray  # (word pairs, documents) uint8: the pair side by side, by field

    @property
    def some(self) -> np.ndarray:
        """Documents holding at least one query word, required or not."""
        return self.covered.any(axis=0)


class Segment:
    def __init__(self, items: list[Analysed], vocab_size: int, accent_size: int):
        self.n = n = len(items)
        self.docs = [item.doc for item in items]
        self.alive = np.ones(n, bool)
        self.vocab_size = vocab_size
        self._build_postings(items, vocab_size, accent_size)
        self._build_columns()

    # ---- building -------------------------------------------------------------------------
    def _build_postings(self, items: list[Analysed], vocab_size: int, accent_size: int) -> None:
        n = self.n
        lengths = np.fromiter((len(i.tids) for i in items), np.int64, n)
        empty = np.zeros(0, np.int64)
        tids = np.concatenate([i.tids for i in items]).astype(np.int64) if n else empty
        akids = np.concatenate([i.akids for i in items]).astype(np.int64) if n else empty
        attrs = np.concatenate([i.attrs for i in items]).astype(np.int64) if n else empty
        joins = np.concatenate([i.joins for i in items]) if n else np.zeros(0, bool)
        docs = np.repeat(np.arange(n, dtype=np.int64), lengths)
        width = max(n, 1)

        # (word, document, field) -> occurrences; then (word, document) -> best field and quality
        triple = np.sort((tids * width + docs) * 8 + attrs)
        starts = _run_starts(triple)
        tf = np.diff(np.append(starts, len(triple)))
        triple = triple[starts]
        field, pair = triple & 7, triple >> 3
        lengths_by_field = np.bincount(docs * 8 + attrs, minlength=width * 8).reshape(width, 8)
        used = lengths_by_field > 0
        mean = lengths_by_field.sum(axis=0) / np.maximum(used.sum(axis=0), 1)
        shares = relevance.word_quality(field, tf, lengths_by_field[pair % width, field], mean[field])
        groups = _run_starts(pair)
        pair = pair[groups]
        self.post_doc = (pair % width).astype(np.int32)
        self.post_attr = field[groups].astype(np.int8)  # fields sort best first within a pair
        self.post_quality = relevance.combine_fields(shares, groups) if len(groups) else np.zeros(0, np.uint8)
        self.post_ptr = _csr(pair // width, vocab_size)
        # Frequent words also get dense rows (0/NO_MATCH for present/absent, quality): a vectorised
        # minimum over a whole row is many times faster than scattering a long posting.
        self.dense: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        df = np.diff(self.post_ptr)
        for tid in np.flatnonzero(df >= max(DENSE_MIN_DOCS, n // 16)):
            quality = np.zeros(n, np.uint8)
            lo, hi = self.post_ptr[tid], self.post_ptr[tid + 1]
            quality[self.post_doc[lo:hi]] = self.post_quality[lo:hi]  # never 0 where present
            self.dense[int(tid)] = (np.where(quality > 0, 0, NO_MATCH).astype(np.int8), quality)

        # (accent key, document)
        acc = _distinct(akids * width + docs)
        self.acc_doc = (acc % width).astype(np.int32)
        self.acc_ptr = _csr(acc // width, accent_size)

        # (word, next word in the same phrase, document) -> best attribute
        at = np.flatnonzero(joins)
        bigram = (tids[at] << 24) | tids[at + 1]
        self.bi_keys = _distinct(bigram)
        inverse = np.searchsorted(self.bi_keys, bigram)
        key = np.sort((inverse.astype(np.int64) * width + docs[at]) * 8 + attrs[at])
        pair = key >> 3
        first = np.ones(len(pair), bool)
        first[1:] = pair[1:] != pair[:-1]
        pair = pair[first]
        self.bi_doc = (pair % width).astype(np.int32)
        self.bi_attr = (key[first] & 7).astype(np.int8)
        self.bi_ptr = _csr(pair // width, len(self.bi_keys))
        self.df = np.diff(self.post_ptr)

    def _build_columns(self) -> None:
        docs = self.docs
        n = self.n
        self.public = np.fromiter((d.public for d in docs), bool, n)
        self.latest = np.fromiter((d.latest for d in docs), bool, n)
        self.submitted = np.fromiter((d.revision_status == "submitted" for d in docs), bool, n)
        self.vendor_ids = np.array([d.vendor_id for d in docs], dtype=object)
        self.official = np.fromiter((d.official for d in docs), bool, n)
        hours = np.fromiter(((d.timestamp - EPOCH) / 3600 for d in docs), np.float64, n)
        top = (1 << RECENCY_BITS) - 1
        self.recency = top - np.clip(hours, 0, top).astype(np.int64)  # smaller is newer
        self.tail = ((~self.official).astype(np.int64) << RECENCY_BITS) | self.recency
        self.price = np.fromiter(
            (-1 if d.price_monthly_vnd is None else d.price_monthly_vnd for d in docs), np.int64, n
        )
        self.rating_mean = np.fromiter((d.rating_mean or 0.0 for d in docs), np.float64, n)
        # Best first as a sort value: minus the Bayesian average in ten-thousandths of a star.
        self.rating_key = -np.fromiter((round(d.rating_score * 10_000) for d in docs), np.int64, n)
        rmin = np.fromiter((d.readiness_min for d in docs), np.int8, n)
        rmax = np.fromiter((d.readiness_max for d in docs), np.int8, n)

        self.any_sector = np.fromiter((d.any_sector for d in docs), bool, n)
        self.sector_explicit = _membership([d.sectors for d in docs], FACET_CODES["sector"])
        self.category_strength = _membership(
            [d.categories for d in docs], FACET_CODES["category"], relevance.category_strength
        )
        self.rows = {
            "category": self.category_strength > 0,
            "sector": self.sector_explicit | self.any_sector,
            "pricing": _membership([d.pricing_types for d in docs], FACET_CODES["pricing"]),
            "size": _membership([d.company_sizes for d in docs], FACET_CODES["size"])
            | np.fromiter((not d.company_sizes for d in docs), bool, n),
            "level": np.array([(rmin <= lv) & (rmax >= lv) for lv in READINESS_LEVELS], bool).reshape(
                len(READINESS_LEVELS), n
            ),
            "price": np.array(
                [self._in_price(low, high) for low, high in PRICE_BANDS.values()], bool
            ).reshape(len(PRICE_BANDS), n),
        }
        self.any_region = np.fromiter((d.any_region for d in docs), bool, n)
        keys_per_doc = [d.region_keys() for d in docs]
        self.region_labels: dict[str, str] = {}
        for d in docs:
            for region in d.regions:
                if region != "*":
                    self.region_labels.setdefault(region_key(region), region)
        self.region_codes = tuple(self.region_labels)
        explicit = _membership(keys_per_doc, self.region_codes)
        self.rows["region"] = explicit | self.any_region
        self.region_explicit = _pack(explicit)
        self.any_region_packed = _pack(self.any_region[None, :])[0]
        self.packed = {facet: _pack(r) for facet, r in self.rows.items()}

    def _in_price(self, low: int | None, high: int | None) -> np.ndarray:
        inside = self.price >= 0
        if low is not None:
            inside &= self.price >= low
        if high is not None:
            inside &= self.price <= high
        return inside

    # ---- lookups ----------------------------------------------------------------------------
    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Documents holding word `tid`, with its best field and its quality in each."""
        if tid >= self.vocab_size:
            return self.post_doc[:0], self.post_attr[:0], self.post_quality[:0]
        lo, hi = self.post_ptr[tid], self.post_ptr[tid + 1]
        return self.post_doc[lo:hi], self.post_attr[lo:hi], self.post_quality[lo:hi]

    def accent_docs(self, aid: int) -> np.ndarray:
        if aid + 1 >= len(self.acc_ptr):
            return self.acc_doc[:0]
        return self.acc_doc[self.acc_ptr[aid] : self.acc_ptr[aid + 1]]

    def bigrams(self, firsts, seconds) -> tuple[np.ndarray, np.ndarray]:
        """Documents (and best attribute) where a word of `firsts` is directly followed by a `seconds`."""
        if not len(firsts) or not len(seconds) or not len(self.bi_keys):
            return self.bi_doc[:0], self.bi_attr[:0]
        keys = (
            (np.asarray(firsts, np.int64)[:, None] << 24) | np.asarray(seconds, np.int64)[None, :]
        ).ravel()
        pos = np.searchsorted(self.bi_keys, keys)
        found = pos < len(self.bi_keys)
        found[found] = self.bi_keys[pos[found]] == keys[found]
        pos = pos[found]
        if not len(pos):
            return self.bi_doc[:0], self.bi_attr[:0]
        parts = [
            (
                self.bi_doc[self.bi_ptr[p] : self.bi_ptr[p + 1]],
                self.bi_attr[self.bi_ptr[p] : self.bi_ptr[p + 1]],
            )
            for p in pos
        ]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def phrase(self, tids: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
        """Documents where the words `tids` follow one another, with an attribute for the phrase.

        Each pair of neighbours is checked on its own, so "a b" in the name and "b c" in the
        summary count as "a b c"; rare in practice, and the phrase then takes the later attribute.
        """
        if len(tids) == 1:
            return self.postings(tids[0])[:2]
        docs, attrs = self.bigrams([tids[0]], [tids[1]])
        for a, b in zip(tids[1:-1], tids[2:], strict=True):
            if not len(docs):
                break
            more, more_attrs = self.bigrams([a], [b])
            order = np.argsort(more)
            at = np.searchsorted(more, docs, sorter=order).clip(max=max(len(more) - 1, 0))
            keep = more[order[at]] == docs if len(more) else np.zeros(len(docs), bool)
            docs, attrs = docs[keep], np.maximum(attrs[keep], more_attrs[order[at[keep]]])
        return docs, attrs

    # ---- searching --------------------------------------------------------------------------
    def scope_mask(self, scope) -> np.ndarray:
        if scope.kind == "vendor":
            return self.alive & self.latest & (self.vendor_ids == scope.vendor_id)
        if scope.kind == "review":
            return self.alive & self.latest & self.submitted
        return self.alive & self.public

    def rated(self, rating_min: int | None) -> np.ndarray | bool:
        """Documents whose average rating is at least `rating_min` stars (True: no such filter)."""
        return True if rating_min is None else self.rating_mean >= rating_min

    def filter_masks(self, filters) -> dict[str, np.ndarray]:
        """Each active filter's mask (values of one filter are alternatives)."""
        masks: dict[str, np.ndarray] = {}
        for facet in ("category", "sector", "pricing", "size"):
            chosen = filters.chosen(facet)
            if chosen:
                codes = FACET_CODES[facet]
                masks[facet] = self.rows[facet][[codes.index(c) for c in chosen if c in codes]].any(axis=0)
        if filters.level is not None:
            masks["level"] = self.rows["level"][filters.level]
        if filters.region:
            mask = self.any_region.copy()
            for region in filters.region:
                key = region_key(region)
                if key in self.region_labels:
                    mask |= self.rows["region"][self.region_codes.index(key)]
            masks["region"] = mask
        low, high = filters.price_bounds()
        if low is not None or high is not None:
            masks["price"] = self._in_price(low, high)
        return masks

    def match(self, plan) -> MatchState:
        """Evaluate every query word against every document of the segment at once."""
        n, nw = self.n, len(plan.words)
        # Per word and document, the best candidate's code: 4 * typos + 2 * (not the word itself)
        # + (a typo that counts only if the rest matches); and the best quality of any candidate.
        code = np.full((nw, n), NO_MATCH, np.int8)
        quality = np.zeros((nw, n), np.uint8)
        scratch = np.empty(n, np.int8)
        wide = np.empty(n, np.uint16)
        weak = []  # words with a short-word typo among their candidates (see below)
        for i, word in enumerate(plan.words):
            c_row, q_row = code[i], quality[i]
            if any(not cand.strong for cand in word.candidates):
                weak.append(i)
            for cand in word.candidates:  # worst first: better candidates overwrite
                dense = self.dense.get(cand.tid)
                if dense is not None:
                    # absent = NO_MATCH (all seven bits set) | code stays NO_MATCH; present = 0 | code
                    np.minimum(c_row, np.bitwise_or(dense[0], np.int8(cand.code), out=scratch), out=c_row)
                    if cand.factor == relevance.EXACT:
                        np.maximum(q_row, dense[1], out=q_row)
                    else:
                        np.multiply(dense[1], np.uint16(cand.factor), out=wide)
                        np.maximum(q_row, (wide >> 8).astype(np.uint8), out=q_row)
                else:
                    docs, _attrs, qualities = self.postings(cand.tid)
                    c_row[docs] = cand.code
                    q_row[docs] = np.maximum(q_row[docs], _scaled(qualities, cand.factor))
        by_synonym: dict[int, list[np.ndarray]] = {}  # documents holding a word through a synonym
        for span in plan.synonyms:
            docs, attrs = self.phrase(span.tids)
            held = _scaled(PHRASE_QUALITY[attrs], relevance.SYNONYM)
            for i in range(span.start, span.end):
                code[i, docs] = np.minimum(code[i, docs], SYNONYM_CODE)
                quality[i, docs] = np.maximum(quality[i, docs], held)
                by_synonym.setdefault(i, []).append(docs)
        matched = code < NO_MATCH
        if weak and nw > 1:
            # A word matched only through a short-word typo counts when every other word matches.
            found = matched.sum(axis=0, dtype=np.int8)
            for i in weak:
                matched[i] &= ((code[i] & 1) == 0) | (found - matched[i] == nw - 1)
                quality[i] *= matched[i]
        for i, word in enumerate(plan.words):
            if plan.accents and word.accent_ids is not None:
                right = np.zeros(n, bool)
                for aid in word.accent_ids:
                    right[self.accent_docs(aid)] = True
                for docs in by_synonym.get(i, ()):  # "HTX" for "hợp tác xã" has no diacritics to miss
                    right[docs] = True
                # typed with diacritics: any other spelling misses them; else only the word itself
                judged = matched[i] if word.accents_typed else matched[i] & ((code[i] & 2) == 0)
                np.subtract(quality[i], (quality[i] >> WRONG_ACCENTS) * (judged & ~right), out=quality[i])
        # A word that names a kind of business is met by the products built for it.
        covered = matched
        if plan.sector_spans:
            covered = matched.copy()
            for start, end, sector in plan.sector_spans:
                covered[start:end] |= self.sector_explicit[FACET_CODES["sector"].index(sector)]
        count = covered[plan.required_rows].sum(axis=0, dtype=np.int8)
        phrases = np.zeros((max(nw - 1, 0), n), np.uint8)
        for i in range(nw - 1):
            first, second = plan.words[i].pair_tids, plan.words[i + 1].pair_tids
            docs, attrs = self.bigrams(second, first)
            np.maximum.at(phrases[i], docs, _scaled(PHRASE_QUALITY[attrs], int(256 * REVERSED_PHRASE)))
            docs, attrs = self.bigrams(first, second)
            np.maximum.at(phrases[i], docs, PHRASE_QUALITY[attrs])
        return MatchState(covered, count, quality, phrases)

    def keys(self, state: MatchState | None, idx: np.ndarray, plan) -> np.ndarray:
        """The ranking key of each document in `idx` (smaller ranks higher)."""
        if state is None:
            return self.tail[idx]
        score = _weighted(plan.word_weights / 255, state.quality, idx)
        if len(state.phrases):
            score += _weighted(plan.pair_weights * (BLEND.phrases / 255), state.phrases, idx)
        if plan.categories:
            need = np.zeros(len(idx), np.float32)
            for code, weight in plan.categories.items():
                row = self.category_strength[FACET_CODES["category"].index(code), idx]
                np.maximum(need, row * np.float32(weight), out=need)
            score += BLEND.need * need
        if plan.sectors:
            built = np.zeros(len(idx), np.float32)
            for code, weight in plan.sectors.items():
                row = self.sector_explicit[FACET_CODES["sector"].index(code), idx]
                np.maximum(built, row * np.float32(weight), out=built)
            generic = self.any_sector[idx] * np.float32(BLEND.any_sector * max(plan.sectors.values()))
            score += BLEND.sector * np.maximum(built, generic)
        score += _weighted(plan.coverage_weights * BLEND.coverage, state.covered, idx)
        return (relevance.score_to_key(score) << TAIL_BITS) | self.tail[idx]

    def answers(self, plan) -> np.ndarray:
        """Documents in a category, or built for a sector, that the query names strongly."""
        found = np.zeros(self.n, bool)
        for kind, code in plan.strong_needs:
            rows = self.rows["category"] if kind == "category" else self.sector_explicit
            found |= rows[FACET_CODES[kind].index(code)]
        return found

    def sort_values(self, sort: str, idx: np.ndarray) -> np.ndarray | None:
        """What an explicit sort orders `idx` by, smallest first (None: by relevance)."""
        if sort == "newest":
            return self.recency[idx]
        if sort == "rating":
            return self.rating_key[idx]
        if sort in ("price_asc", "price_desc"):
            price = self.price[idx]
            return np.where(price < 0, LAST, price if sort == "price_asc" else -price)
        return None

    def facet_counts(self, pool: np.ndarray, masks: dict[str, np.ndarray]) -> dict[str, dict[str, int]]:
        """Per facet, per value: documents of `pool` passing every OTHER active filter and that value."""
        everything = pool
        for mask in masks.values():
            everything = everything & mask
        shared = _pack(everything)
        out: dict[str, dict[str, int]] = {}
        for facet, packed in self.packed.items():
            bits = shared
            if facet in masks:
                within = pool
                for other, mask in masks.items():
                    if other != facet:
                        within = within & mask
                bits = _pack(within)
            counts = np.bitwise_count(packed & bits).sum(axis=-1)
            if facet == "region":
                out[facet] = self._region_counts(counts, pool, bits)
            else:
                out[facet] = {code: int(c) for code, c in zip(FACET_CODES[facet], counts, strict=True)}
        return out

    def _region_counts(self, counts: np.ndarray, pool: np.ndarray, bits: np.ndarray) -> dict[str, int]:
        """Regions named by a document of the pool (whatever the filters), each counted with the
        nationwide documents; ANY_REGION carries the nationwide count, which also stands for this
        segment in regions that only other segments name."""
        named = np.bitwise_count(self.region_explicit & _pack(pool)).sum(axis=-1)
        out = {self.region_labels[k]: int(c)
               for k, c, n in zip(self.region_codes, counts, named, strict=True) if n}
        out[ANY_REGION] = int(np.bitwise_count(self.any_region_packed & bits).sum())
        return out


def merge_region_counts(per_segment: list[dict[str, int]]) -> dict[str, int]:
    """Region counts of several segments: a segment that does not name a region counts its
    nationwide documents there."""
    labels: dict[str, str] = {}
    for counts in per_segment:
        for label in counts:
            if label != ANY_REGION:
                labels.setdefault(region_key(label), label)
    keyed = [{region_key(label): c for label, c in counts.items() if label != ANY_REGION}
             for counts in per_segment]
    return {
        label: sum(k.get(key, counts[ANY_REGION]) for k, counts in zip(keyed, per_segment, strict=True))
        for key, label in labels.items()
    }


def score(key: int) -> float:
    """A 0..1 relevance score that falls as the ranking key grows."""
    return relevance.key_to_score(key >> TAIL_BITS)


def _weighted(weights: np.ndarray, rows: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """Sum over rows of weight x row, at the documents `idx`, in float32. A loop over the (at most
    ten) rows rather than a matrix product: the BLAS one raises spurious floating-point warnings."""
    total = np.zeros(len(idx), np.float32)
    for weight, row in zip(weights, rows, strict=True):
        if weight:
            total += np.float32(weight) * row[idx]
    return total


def _scaled(qualities: np.ndarray, factor: int) -> np.ndarray:
    """Qualities (uint8) times factor/256."""
    return ((qualities.astype(np.uint16) * np.uint16(factor)) >> 8).astype(np.uint8)


def idf(df: int, n: int) -> float:
    return math.log(1 + n / (1 + df))
