"""The embedded search backend: an in-memory inverted index over folded words, built with NumPy.

Why this and not SQLite FTS5: ranking like Meilisearch needs, for every matching document, which
query words it contains, with how many typos, in which attribute, how close together and with
which accents. FTS5 finds matches, but those rules would then be computed row by row in Python
for tens of thousands of matches, and each facet count would be another GROUP BY; the 20 ms
budget at 100,000 listings does not allow it. Here postings are NumPy arrays: each rule is a few
vectorised operations over all documents at once, facet counts are popcounts over bitsets, and
typo candidates come from a vocabulary searched with rapidfuzz (see vocabulary.py).

The index lives in each process's memory. With several gunicorn workers, each one builds its
own copy from the database on first use and keeps it in step by change detection (service.py),
so there is no shared file to lock and no server to run (config SEARCH_INDEX_PATH is not needed:
a worker builds 1,000 listings in well under a second, 100,000 in about half a minute). Updates
go to a small "delta" segment (documents in the main segment are tombstoned) that is folded
into the main one when it grows.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from catalog.facets import FACETS
from catalog.search.analysis import (
    Query,
    QueryWord,
    accent_key,
    analyse_query,
    has_diacritics,
    tokens,
    trusted_typos,
    typo_budget,
)
from catalog.search.documents import SearchDocument
from catalog.search.highlight import Highlighter
from catalog.search.intent import SECTOR_COVERS, answered
from catalog.search.model import SearchHit, SearchRequest, SearchResult, facet_values
from catalog.search.relevance import COMPLETION, EXACT, TYPO
from catalog.search.segment import Analysed, Segment, idf, merge_region_counts, score
from catalog.search.vocabulary import Vocabulary
from core.text import fold_word

MAX_PAIR_TERMS = 12  # words per query word tried for the phrase part of the score


@dataclass(frozen=True)
class Candidate:
    tid: int
    cost: int  # typos
    exact: bool  # the word as typed (or decoded from Telex/VNI), not a completion/typo
    strong: bool  # counts on its own (see analysis.trusted_typos)

    @property
    def code(self) -> int:
        """How Segment.match stores it: smaller is better."""
        return 4 * self.cost + 2 * (not self.exact) + (not self.strong)

    @property
    def factor(self) -> int:
        """Its share (out of 256) of the quality of the word it stands for."""
        return TYPO[self.cost] if self.cost else EXACT if self.exact else COMPLETION


@dataclass(frozen=True)
class PlanWord:
    candidates: tuple[Candidate, ...]  # worst first
    accent_ids: tuple[int, ...] | None  # None: accents not judged for this word
    pair_tids: tuple[int, ...]
    accents_typed: bool  # typed with diacritics: a completion or other word misses them too
    required: bool  # a result must hold it (see catalog.search.intent)
    idf: float


@dataclass(frozen=True)
class PlanSpan:
    start: int
    end: int
    tids: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    words: tuple[PlanWord, ...]
    synonyms: tuple[PlanSpan, ...]
    accents: bool
    word_weights: np.ndarray  # per word: rarity x role, summing to 1
    pair_weights: np.ndarray  # per pair of neighbouring words, summing to 1
    categories: dict[str, float]  # what the query points to (catalog.search.intent)
    sectors: dict[str, float]
    sector_spans: tuple[tuple[int, int, str], ...]  # words met by products built for the sector
    coverage_weights: np.ndarray  # per word: its share of the rarity of the words a result must hold
    strong_needs: tuple[tuple[str, str], ...]  # (kind, code) of needs read strongly enough to name

    @property
    def required_rows(self) -> list[int]:
        return [i for i, w in enumerate(self.words) if w.required]

    @property
    def required(self) -> int:
        return sum(w.required for w in self.words)


class Analyser:
    """Documents -> token arrays, adding new words to the vocabulary.

    Each word as written maps to one code (folded-word id << 24 | accent-key id), so a document
    costs one dictionary lookup per word; the arrays are then cut with NumPy.
    """

    _REPEATED = (1, 4, 5)  # labels, integrations, vendor name: the same texts again and again
    _BREAK = -1  # a phrase ends here

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self._codes: dict[str, int] = {"": self._BREAK}  # word as written -> code
        self._repeated: dict[str, list[str]] = {}

    def _learn(self, word: str) -> int:
        if len(self._codes) > 1_000_000:
            self._codes = {"": self._BREAK}
        code = self._codes[word] = (self.vocab.term_id(fold_word(word)) << 24) | self.vocab.accent_id(
            accent_key(word)
        )
        return code

    def _tokens(self, attr: int, text: str) -> list[str]:
        if attr not in self._REPEATED:
            return tokens(text)
        found = self._repeated.get(text)
        if found is None:
            if len(self._repeated) > 20_000:
                self._repeated.clear()
            found = self._repeated[text] = tokens(text)
        return found

    def __call__(self, doc: SearchDocument) -> Analysed:
        words: list[str] = []
        sizes = []
        for attr, text in enumerate(doc.searchable()):
            part = self._tokens(attr, text)
            words += part
            words.append("")  # attributes are phrases of their own
            sizes.append(len(part) + 1)
        get = self._codes.get
        codes = [get(w, -2) for w in words]
        if -2 in codes:
            codes = [c if c != -2 else self._learn(w) for c, w in zip(codes, words, strict=True)]
        codes = np.array(codes, np.int64)
        is_word = codes >= 0
        kept = codes[is_word]
        attrs = np.repeat(np.arange(len(sizes), dtype=np.int8), sizes)[is_word]
        joins = np.append(is_word[1:], False)[is_word]  # the next token is a word of the same phrase
        return Analysed(doc, (kept >> 24).astype(np.int32), (kept & 0xFFFFFF).astype(np.int32), attrs, joins)


class EmbeddedIndex:
    name = "embedded"
    follows_database = True

    def __init__(self) -> None:
        self.vocab = Vocabulary()
        self._analyse = Analyser(self.vocab)
        self._lock = threading.RLock()
        self._docs: dict[str, Analysed] = {}  # doc id -> every current document
        self._by_listing: dict[str, list[str]] = {}
        self._main = Segment([], 0, 0)
        self._main_pos: dict[str, int] = {}
        self._delta_docs: dict[str, Analysed] = {}
        self._delta = Segment([], 0, 0)

    # ---- writing ------------------------------------------------------------------------------
    def replace_all(
        self, documents: Iterable[SearchDocument], progress: Callable[[int], None] | None = None
    ) -> int:
        """Index exactly `documents` (everything else is dropped)."""
        analysed: dict[str, Analysed] = {}
        by_listing: dict[str, list[str]] = {}
        for doc in documents:
            analysed[doc.doc_id] = self._analyse(doc)
            by_listing.setdefault(doc.listing_id, []).append(doc.doc_id)
            if progress:
                progress(1)
        with self._lock:
            self._docs, self._by_listing = analysed, by_listing
            self._rebuild_main()
        return len(analysed)

    def upsert(self, listing_ids: Iterable[str], documents: Iterable[SearchDocument]) -> None:
        """Replace whatever the index holds for `listing_ids` by `documents` (which may be none)."""
        with self._lock:
            for listing_id in listing_ids:
                for doc_id in self._by_listing.pop(listing_id, ()):
                    self._docs.pop(doc_id, None)
                    self._delta_docs.pop(doc_id, None)
                    if doc_id in self._main_pos:
                        self._main.alive[self._main_pos.pop(doc_id)] = False
            for doc in documents:
                item = self._analyse(doc)
                self._docs[doc.doc_id] = self._delta_docs[doc.doc_id] = item
                self._by_listing.setdefault(doc.listing_id, []).append(doc.doc_id)
            if len(self._delta_docs) > max(500, min(5000, self._main.n // 20)):
                self._rebuild_main()
            else:
                self._delta = Segment(
                    list(self._delta_docs.values()), len(self.vocab.terms), len(self.vocab.accents)
                )

    def _rebuild_main(self) -> None:
        items = list(self._docs.values())
        self._main = Segment(items, len(self.vocab.terms), len(self.vocab.accents))
        self._main_pos = {item.doc.doc_id: i for i, item in enumerate(items)}
        self._delta_docs = {}
        self._delta = Segment([], 0, 0)

    def __len__(self) -> int:
        return len(self._docs)

    # ---- searching ----------------------------------------------------------------------------
    def _segments(self) -> list[Segment]:
        return [s for s in (self._main, self._delta) if s.n]

    def _df(self, tid: int) -> int:
        return sum(int(s.df[tid]) for s in self._segments() if tid < s.vocab_size)

    def _candidates(self, word: QueryWord, telex: bool) -> tuple[Candidate, ...]:
        vocab, df = self.vocab, self._df
        found: dict[int, Candidate] = {}

        def add(tid: int, cost: int, exact: bool, strong: bool) -> None:
            old = found.get(tid)
            if old is None or (cost, not exact) < (old.cost, not old.exact):
                found[tid] = Candidate(tid, cost, exact, strong)

        own = vocab.ids.get(word.folded)
        forms = [word.folded]
        if own is not None:
            add(own, 0, True, True)
        decoded = None
        if word.typed and (own is None or telex):
            decoded = vocab.ids.get(word.typed[0])
            if decoded is not None:
                add(decoded, 0, True, True)
                forms.append(word.typed[0])
        if word.prefix:
            for form in forms:
                for tid in vocab.prefixed(form, df):
                    add(tid, 0, False, True)
        budget = typo_budget(word.folded)
        if budget and decoded is None:
            strong = trusted_typos(word.folded)
            for tid, typos in vocab.near(word.folded, budget, df):
                add(tid, typos, False, strong)
        return tuple(sorted(found.values(), key=lambda c: -c.code))

    def plan(self, query: Query) -> Plan:
        n = max(1, sum(s.n for s in self._segments()))
        intent = query.intent
        words = []
        for i, word in enumerate(query.words):
            cands = self._candidates(word, query.telex)
            zero = [c for c in cands if c.cost == 0]
            df = sum(self._df(c.tid) for c in (zero or cands))
            accent_ids = None
            if query.accents and word.accent_keys:
                accent_ids = tuple(
                    a for k in word.accent_keys if (a := self.vocab.accents.get(k)) is not None
                )
            pair = [c.tid for c in reversed(zero)][:MAX_PAIR_TERMS] or [c.tid for c in reversed(cands)][:4]
            typed = has_diacritics(word.raw) or (word.typed is not None and query.telex)
            words.append(
                PlanWord(cands, accent_ids, tuple(pair), typed, intent.required[i], idf(min(df, n), n))
            )
        spans = []
        for span in query.synonyms:
            tids = tuple(self.vocab.ids.get(t, -1) for t in span.alternative)
            if -1 not in tids:
                spans.append(PlanSpan(span.start, span.end, tids))
        for i, word in enumerate(query.words):
            if word.folded not in self.vocab.ids and (pieces := self._split(word.folded)):
                spans.append(PlanSpan(i, i + 1, pieces))
        weights = np.array([w.idf * intent.weights[i] for i, w in enumerate(words)], np.float32)
        pairs = (weights[1:] + weights[:-1]) / 2  # a pair counts as much as its words
        sector_spans = tuple(
            (need.start, need.end, need.code)
            for need in intent.needs
            if need.kind == "sector" and need.weight >= SECTOR_COVERS and need.end
        )
        return Plan(
            words=tuple(words),
            synonyms=tuple(spans),
            accents=query.accents,
            word_weights=_shares(weights),
            pair_weights=_shares(pairs),
            categories=intent.of("category"),
            sectors=intent.of("sector"),
            sector_spans=sector_spans,
            coverage_weights=_shares([w.idf * w.required for w in words]),
            strong_needs=tuple((n.kind, n.code) for n in intent.strong),
        )

    def _split(self, folded: str) -> tuple[int, ...] | None:
        """Words typed run together ("hoadon", "phanmemketoan"): the fewest known words of 2-7
        letters (a Vietnamese syllable's length) that spell it, when there are 2 to 4 of them."""
        if len(folded) < 4 or not folded.isalpha():
            return None
        ids = self.vocab.ids
        best: dict[int, tuple[int, ...]] = {0: ()}
        for end in range(2, len(folded) + 1):
            for start in range(max(0, end - 7), end - 1):
                if start in best and (tid := ids.get(folded[start:end])) is not None:
                    pieces = best[start] + (tid,)
                    if end not in best or len(pieces) < len(best[end]):
                        best[end] = pieces
        found = best.get(len(folded))
        return found if found and 2 <= len(found) <= 4 else None

    def _known(self, plan: Plan) -> list[dict[str, int]]:
        """Per query word: the words that answer it, with their typos (for highlighting)."""
        terms = self.vocab.terms
        known = [{terms[c.tid]: c.cost for c in word.candidates} for word in plan.words]
        for span in plan.synonyms:
            for i in range(span.start, span.end):
                known[i].update(dict.fromkeys((terms[t] for t in span.tids), 0))
        return known

    def spell(self, q: str) -> str | None:
        """The query with each word the index does not know replaced by the closest word it does
        (a little more tolerant than the search itself), or None when nothing changes."""
        query = analyse_query(q)
        out, changed = [], False
        with self._lock:
            for word in query.words:
                known = word.folded in self.vocab.ids or (word.typed and word.typed[0] in self.vocab.ids)
                near = [] if known or not word.folded.isalpha() else self.vocab.near(
                    word.folded, min(typo_budget(word.folded) + 1, 2), self._df
                )
                if near:
                    out.append(self.vocab.terms[near[0][0]])
                    changed = True
                else:
                    out.append(word.raw)
        return " ".join(out) if changed else None

    @staticmethod
    def _pools(query, plan, segments, bases, masks, states) -> tuple[list[np.ndarray], bool, int | None]:
        """Per segment, the documents that are results (before filters); whether the search relaxed;
        how many results (filters applied) hold every word the query asks for (None: no words)."""
        if not plan.words:
            return bases, False, None
        # A result holds every word the query asks for (catalog.search.intent) ...
        exact = [base & (state.count == plan.required) for base, state in zip(bases, states, strict=True)]
        held = [_apply(pool, mask) for pool, mask in zip(exact, masks, strict=True)]
        exact_total = sum(int(h.sum()) for h in held)
        answers = [segment.answers(plan) for segment in segments] if plan.strong_needs else None
        answering = sum(int((h & a).sum()) for h, a in zip(held, answers, strict=True)) if answers else None
        if not query.intent.relaxes(exact_total, answering):
            return exact, False, exact_total
        # ... unless too few do: then the products missing one word (when none holds them all, those
        # holding as many as the best, down to half of them), and those answering the need the query
        # names that hold a word of it.
        best = max(
            int(state.count[_apply(base, mask)].max(initial=0))
            for state, base, mask in zip(states, bases, masks, strict=True)
        )
        floor = min(max(math.ceil(plan.required / 2), best - 1), best)
        wider = []
        for i, (base, state) in enumerate(zip(bases, states, strict=True)):
            near = (state.count > 0) & (state.count >= floor)
            wider.append(base & (near | (state.some & answers[i])) if answers else base & near)
        if _count(wider, masks) > exact_total:
            return wider, True, exact_total
        return exact, False, exact_total

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        query = analyse_query(request.q)
        with self._lock:
            segments = self._segments()
            plan = self.plan(query)
        k = request.offset + request.limit
        # The minimum rating narrows who is searched, like the scope: it is no facet with counts.
        bases = [segment.scope_mask(request.scope) & segment.rated(request.filters.rating_min)
                 for segment in segments]
        masks = [segment.filter_masks(request.filters) for segment in segments]
        states = [segment.match(plan) if plan.words else None for segment in segments]
        pools, relaxed, exact_total = self._pools(query, plan, segments, bases, masks, states)
        found_keys, found_values, found_at, total = [], [], [], 0
        counts: dict[str, dict[str, int]] = {f: {} for f in FACETS}
        region_counts: list[dict[str, int]] = []
        for s_no, (segment, pool, mask, state) in enumerate(zip(segments, pools, masks, states, strict=True)):
            idx = np.flatnonzero(_apply(pool, mask))
            total += len(idx)
            keys = segment.keys(state, idx, plan)
            values = segment.sort_values(request.sort, idx)
            if values is None:
                values = np.zeros(len(idx), np.int64)
            top = _top(values, keys, k)
            found_keys.append(keys[top])
            found_values.append(values[top])
            found_at.append(np.stack([np.full(len(top), s_no), idx[top]]))
            if request.facets:
                for facet, found in segment.facet_counts(pool, mask).items():
                    if facet == "region":
                        region_counts.append(found)
                        continue
                    for code, count in found.items():
                        counts[facet][code] = counts[facet].get(code, 0) + count
        hits = []
        if found_keys:
            keys = np.concatenate(found_keys)
            values = np.concatenate(found_values)
            where = np.concatenate(found_at, axis=1)
            order = np.lexsort((where[1], where[0], keys, values))[request.offset : k]
            highlight = Highlighter(query, self._known(plan))
            for i in order:
                doc = segments[where[0, i]].docs[where[1, i]]
                why = answered(query.intent, doc.categories, doc.sectors)
                hits.append(SearchHit(doc.listing_id, score(int(keys[i])), highlight(doc), doc, why))
        counts["region"] = merge_region_counts(region_counts)
        facets = facet_values(counts, request.filters) if request.facets else {}
        took = round((time.perf_counter() - started) * 1000, 2)
        exact_total = total if exact_total is None else exact_total
        return SearchResult(tuple(hits), total, facets, took, relaxed, exact_total)


def _shares(values) -> np.ndarray:
    values = np.asarray(values, np.float32)
    return values / max(float(values.sum()), 1e-9)


def _count(pools: list[np.ndarray], masks: list[dict[str, np.ndarray]]) -> int:
    return sum(int(_apply(pool, mask).sum()) for pool, mask in zip(pools, masks, strict=True))


def _apply(pool: np.ndarray, masks: dict[str, np.ndarray]) -> np.ndarray:
    for mask in masks.values():
        pool = pool & mask
    return pool


def _top(values: np.ndarray, keys: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k smallest (value, key) pairs, in no particular order."""
    if len(keys) <= k:
        return np.arange(len(keys))
    if not values.any():
        return np.argpartition(keys, k - 1)[:k]
    kth = np.partition(values, k - 1)[k - 1]
    near = np.flatnonzero(values <= kth)  # every tie of the k-th value, so that keys decide among them
    return near[np.lexsort((keys[near], values[near]))[:k]]
