"""One immutable block of the embedded index: postings, phrases and facet bitsets in NumPy arrays.

Built from analysed documents in a few vectorised sorts. A search evaluates every ranking rule
for all documents of the segment at once: per query word a row of typo costs, best attribute,
exact-word and exact-accent flags; then the rules combine into one 64-bit key per matching
document whose order is Meilisearch's order of rules (see `KEY_LAYOUT`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from catalog.facets import PRICE_BANDS
from catalog.search.documents import SearchDocument, region_key
from catalog.search.model import FACET_CODES
from catalog.vocab import READINESS_LEVELS

NO_MATCH = 127  # code of a word a document does not contain (see Segment.match)
SYNONYM_CODE = 2  # no typo, not the word itself, counts on its own
NO_ATTRIBUTE = 7
ANY_REGION = "*"  # key of the nationwide count among a segment's region counts
DENSE_MIN_DOCS = 4096
EPOCH = 1_577_836_800  # 2020-01-01 UTC: recency counts hours from here

# The ranking key, most significant rule first; a smaller key ranks higher.
KEY_LAYOUT = (
    ("words", 5),
    ("idf", 8),
    ("typo", 5),
    ("accent", 4),
    ("proximity", 6),
    ("attribute", 7),
    ("exactness", 4),
    ("official", 1),
    ("recency", 22),
)
SHIFTS: dict[str, int] = {}
_at = 0
for _name, _bits in reversed(KEY_LAYOUT):
    SHIFTS[_name] = _at
    _at += _bits
WIDTHS = dict(KEY_LAYOUT)


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


def _membership(values_per_doc: list, codes: tuple) -> np.ndarray:
    """(codes, docs) bool matrix: row c, column d is True when document d lists code c."""
    index = {code: i for i, code in enumerate(codes)}
    rows, cols = [], []
    for d, values in enumerate(values_per_doc):
        for v in values:
            if v in index:
                rows.append(index[v])
                cols.append(d)
    out = np.zeros((len(codes), len(values_per_doc)), bool)
    out[rows, cols] = True
    return out


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
    """Per document of a segment: whether it is a result, and its value for each ranking rule."""

    count: np.ndarray  # how many query words each document matches
    rules: dict[str, np.ndarray]  # rule name -> small ints, one per document


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

        # (word, document) -> best attribute
        key = np.sort((tids * width + docs) * 8 + attrs)
        pair = key >> 3
        first = np.ones(len(pair), bool)
        first[1:] = pair[1:] != pair[:-1]
        pair = pair[first]
        self.post_doc = (pair % width).astype(np.int32)
        self.post_attr = (key[first] & 7).astype(np.int8)
        self.post_ptr = _csr(pair // width, vocab_size)
        # Frequent words also get dense rows (attribute, and 0/NO_MATCH for present/absent):
        # a vectorised minimum over a whole row is many times faster than scattering a long posting.
        self.dense: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        df = np.diff(self.post_ptr)
        for tid in np.flatnonzero(df >= max(DENSE_MIN_DOCS, n // 16)):
            row = np.full(n, NO_ATTRIBUTE, np.int8)
            where, best = self.postings(int(tid))
            row[where] = best
            self.dense[int(tid)] = (row, np.where(row < NO_ATTRIBUTE, 0, NO_MATCH).astype(np.int8))

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
        top = (1 << WIDTHS["recency"]) - 1
        recency = top - np.clip(hours, 0, top).astype(np.int64)
        self.tail = ((~self.official).astype(np.int64) << SHIFTS["official"]) | recency  # the last two rules
        self.price = np.fromiter(
            (-1 if d.price_monthly_vnd is None else d.price_monthly_vnd for d in docs), np.int64, n
        )
        rmin = np.fromiter((d.readiness_min for d in docs), np.int8, n)
        rmax = np.fromiter((d.readiness_max for d in docs), np.int8, n)

        self.rows = {
            "category": _membership([d.categories for d in docs], FACET_CODES["category"]),
            "sector": _membership([d.sectors for d in docs], FACET_CODES["sector"])
            | np.fromiter((d.any_sector for d in docs), bool, n),
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
    def postings(self, tid: int) -> tuple[np.ndarray, np.ndarray]:
        if tid >= self.vocab_size:
            return self.post_doc[:0], self.post_attr[:0]
        lo, hi = self.post_ptr[tid], self.post_ptr[tid + 1]
        return self.post_doc[lo:hi], self.post_attr[lo:hi]

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
            return self.postings(tids[0])
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
        # + (a typo that counts only if the rest matches); and the best attribute of any candidate.
        code = np.full((nw, n), NO_MATCH, np.int8)
        attr = np.full((nw, n), NO_ATTRIBUTE, np.int8)
        scratch = np.empty(n, np.int8)
        for i, word in enumerate(plan.words):
            c_row, a_row = code[i], attr[i]
            for cand in word.candidates:  # worst first: better candidates overwrite
                dense = self.dense.get(cand.tid)
                if dense is not None:
                    # absent = NO_MATCH (all seven bits set) | code stays NO_MATCH; present = 0 | code
                    np.minimum(c_row, np.bitwise_or(dense[1], np.int8(cand.code), out=scratch), out=c_row)
                    np.minimum(a_row, dense[0], out=a_row)
                else:
                    docs, attrs = self.postings(cand.tid)
                    c_row[docs] = cand.code
                    a_row[docs] = np.minimum(a_row[docs], attrs)
        for span in plan.synonyms:
            docs, attrs = self.phrase(span.tids)
            for i in range(span.start, span.end):
                code[i, docs] = np.minimum(code[i, docs], SYNONYM_CODE)
                attr[i, docs] = np.minimum(attr[i, docs], attrs)
        found = code < NO_MATCH
        matched = found
        if nw > 1:
            # A word matched only through a short-word typo counts when every other word matches.
            count = np.zeros(n, np.int8)
            for row in found:
                count += row
            matched = found & (((code & 1) == 0) | (count[None, :] - found == nw - 1))
        exact = matched & ((code & 2) == 0)
        rules = {
            name: np.zeros(n, np.int16 if name == "idf" else np.int8)
            for name in ("words", "idf", "typo", "accent", "proximity", "attribute", "exactness")
        }
        count = np.zeros(n, np.int8)
        for i in range(nw):
            m = matched[i]
            count += m
            rules["idf"] += m * np.int16(plan.idf_shares[i])
            rules["typo"] += (code[i] >> 2) * m
            rules["attribute"] += attr[i] * m
            rules["exactness"] += exact[i]
            word = plan.words[i]
            if plan.accents and word.accent_ids is not None:
                right = np.zeros(n, bool)
                for aid in word.accent_ids:
                    right[self.accent_docs(aid)] = True
                rules["accent"] += (matched[i] if word.accents_typed else exact[i]) & ~right
        for i in range(nw - 1):
            first, second = plan.words[i].pair_tids, plan.words[i + 1].pair_tids
            near = np.full(n, 2, np.int8)  # 0 next to each other, 1 the other way round, 2 apart
            near[self.bigrams(second, first)[0]] = 1
            near[self.bigrams(first, second)[0]] = 0
            rules["proximity"] += near * (matched[i] & matched[i + 1])
        # "words": matched words, each weighted by its rarity (in half-words), so that, as with
        # Meilisearch's "frequency" matching strategy, missing a rare word costs more than a common one
        rules["words"] = ((rules["idf"].astype(np.int32) * (2 * nw) + 127) // 255).astype(np.int8)
        return MatchState(count, rules)

    def keys(self, state: MatchState | None, idx: np.ndarray) -> np.ndarray:
        """The ranking key of each document in `idx` (smaller ranks higher).

        Every rule's value fits its width for queries of up to 10 words (analysis.MAX_QUERY_WORDS);
        the rules below "idf" are packed in 32 bits first, then widened once.
        """
        if state is None:
            return self.tail[idx]
        few = len(idx) * 3 < self.n  # few results: compute on them only, else on whole rows

        def rule(name: str) -> np.ndarray:
            values = state.rules[name][idx] if few else state.rules[name]
            return values.astype(np.int32)

        low = rule("exactness")
        np.subtract((1 << WIDTHS["exactness"]) - 1, low, out=low)  # more is better
        for name in ("attribute", "proximity", "accent", "typo"):
            low |= rule(name) << (SHIFTS[name] - SHIFTS["exactness"])
        high = ((1 << WIDTHS["words"]) - 1 - rule("words")) << WIDTHS["idf"]
        high |= (1 << WIDTHS["idf"]) - 1 - rule("idf")
        keys = (high.astype(np.int64) << SHIFTS["idf"]) | (low.astype(np.int64) << SHIFTS["exactness"])
        if few:
            return keys | self.tail[idx]
        keys |= self.tail
        return keys[idx]

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


def decode_key(key: int) -> dict[str, int]:
    return {name: (key >> SHIFTS[name]) & ((1 << bits) - 1) for name, bits in KEY_LAYOUT}


def score(key: int, words: int) -> float:
    """A 0..1 relevance score that falls as the ranking key grows (rule by rule, like Meilisearch's)."""
    if not words:
        return 1.0
    rules = decode_key(key)
    top = {name: (1 << bits) - 1 for name, bits in KEY_LAYOUT}
    buckets = (
        ("words", top["words"] - 2 * words, 2 * words + 1),
        ("typo", 0, 2 * words + 1),
        ("accent", 0, words + 1),
        ("proximity", 0, 2 * words),
        ("attribute", 0, 6 * words + 1),
        ("exactness", top["exactness"] - words, words + 1),
    )
    lost, scale = 0.0, 1.0
    for name, offset, size in buckets:
        scale *= size
        lost += min(max(rules[name] - offset, 0), size - 1) / scale
    return round(max(0.0, 1.0 - lost), 4)


def idf(df: int, n: int) -> float:
    return math.log(1 + n / (1 + df))
