"""The embedded engine's vocabulary: every folded word and accent key seen, with fast lookups.

Typo candidates come from rapidfuzz (optimal string alignment: a swap of two neighbouring
letters is one typo) over words of nearby lengths; prefix completions from a sorted list.
Both are cached per query word until new words arrive.
"""

from __future__ import annotations

import bisect
import threading

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_PREFIX_TERMS = 60
MAX_TYPO_TERMS = 40
MAX_CACHED = 50_000  # query words remembered; the cache starts afresh beyond


class Vocabulary:
    def __init__(self) -> None:
        self.terms: list[str] = []
        self.ids: dict[str, int] = {}
        self.accents: dict[str, int] = {}
        self._lock = threading.Lock()
        self._sorted: tuple[list[str], list[int]] | None = None
        self._by_length: dict[int, tuple[list[str], list[int]]] | None = None
        self._cache: dict[tuple, list] = {}

    def term_id(self, term: str) -> int:
        tid = self.ids.get(term)
        if tid is None:
            with self._lock:
                tid = self.ids.setdefault(term, len(self.terms))
                if tid == len(self.terms):
                    self.terms.append(term)
                    self._sorted = self._by_length = None
                    self._cache = {}
        return tid

    def accent_id(self, key: str) -> int:
        aid = self.accents.get(key)
        if aid is None:
            with self._lock:
                aid = self.accents.setdefault(key, len(self.accents))
        return aid

    def prefixed(self, prefix: str, df) -> list[int]:
        """Ids of words that start with `prefix` (itself excluded), most frequent first, capped."""
        key = ("prefix", prefix)
        if key in self._cache:
            return self._cache[key]
        if self._sorted is None:
            order = sorted(range(len(self.terms)), key=self.terms.__getitem__)
            self._sorted = ([self.terms[i] for i in order], order)
        terms, tids = self._sorted
        found = []
        at = bisect.bisect_left(terms, prefix)
        while at < len(terms) and terms[at].startswith(prefix):
            if terms[at] != prefix:
                found.append(tids[at])
            at += 1
        cap = MAX_PREFIX_TERMS if len(prefix) > 1 else MAX_PREFIX_TERMS // 3  # one letter says little
        if len(found) > cap:
            found.sort(key=lambda t: (-df(t), len(self.terms[t])))
            found = found[:cap]
        self._remember(key, found)
        return found

    def _remember(self, key: tuple, found: list) -> None:
        if len(self._cache) >= MAX_CACHED:
            self._cache = {}
        self._cache[key] = found

    def near(self, word: str, max_typos: int, df) -> list[tuple[int, int]]:
        """(id, typos) of other words within `max_typos` edits of `word`, closest and most frequent first."""
        key = ("near", word, max_typos)
        if key in self._cache:
            return self._cache[key]
        if self._by_length is None:
            buckets: dict[int, tuple[list[str], list[int]]] = {}
            for tid, term in enumerate(self.terms):
                bucket = buckets.setdefault(len(term), ([], []))
                bucket[0].append(term)
                bucket[1].append(tid)
            self._by_length = buckets
        found = []
        for length in range(len(word) - max_typos, len(word) + max_typos + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            for _term, distance, index in process.extract(
                word, bucket[0], scorer=OSA.distance, score_cutoff=max_typos, limit=None
            ):
                if distance:
                    found.append((bucket[1][index], int(distance)))
        found.sort(key=lambda item: (item[1], -df(item[0])))
        found = found[:MAX_TYPO_TERMS]
        self._remember(key, found)
        return found
