"""Highlights: a result's name and summary (and a snippet of its description) with the words
that matched the query wrapped in <mark>, HTML-escaped everywhere else (pure).

Both backends highlight here, from the same analysed query, so results look the same whichever
engine found them.
"""

from __future__ import annotations

import html
import re
import unicodedata

from rapidfuzz.distance import OSA

from catalog.search.analysis import Query, typo_budget
from catalog.search.documents import SearchDocument
from catalog.text import fold_word

_WORD = re.compile(r"[0-9a-zà-ỹđ]+", re.IGNORECASE)
SNIPPET_WORDS = 12  # words kept on each side of the first match in a description


class Highlighter:
    """Marks, in each result, the words that best explain each query word.

    A document word answers a query word at a rank: 0 the word itself (or its Telex/VNI reading,
    a synonym, or a completion of the word being typed), 1+ a typo. Per document only the best
    rank found for each query word is marked, so "dien" marks "điện" and not also "tiền".
    """

    def __init__(self, query: Query, known: list[dict[str, int]] | None = None):
        """`known`: per query word, folded word -> typos, when the engine already knows its matches."""
        self.known = known
        self.words = []
        for i, word in enumerate(query.words):
            exact = {word.folded} | ({word.typed[0]} if word.typed else set())
            prefixes = tuple(exact) if word.prefix else ()
            for span in query.synonyms:
                if span.start <= i < span.end:
                    exact.update(span.alternative)
            self.words.append((exact, prefixes, word.folded, typo_budget(word.folded)))
        self._ranks: dict[str, tuple] = {}
        self._none = (None,) * len(self.words)
        self._any_known = set().union(*known) if known else set()

    def ranks(self, word: str) -> tuple:
        """Per query word: how well this document word (lower-case) answers it (None: not at all)."""
        found = self._ranks.get(word)
        if found is None:
            folded = fold_word(word)
            if self.known is not None:
                found = tuple(k.get(folded) for k in self.known) if folded in self._any_known else self._none
            else:
                found = tuple(self._rank(folded, *w) for w in self.words)
            if found == self._none:
                found = self._none  # one shared tuple: callers skip non-matching words by identity
            self._ranks[word] = found
        return found

    @staticmethod
    def _rank(folded: str, exact: set, prefixes: tuple, typed: str, budget: int) -> int | None:
        if folded in exact or any(folded.startswith(p) for p in prefixes):
            return 0
        if budget and abs(len(folded) - len(typed)) <= budget:
            d = OSA.distance(folded, typed, score_cutoff=budget)
            if d <= budget:
                return d
        return None

    def __call__(self, doc: SearchDocument) -> dict[str, str]:
        texts = {
            "name": unicodedata.normalize("NFC", doc.name),
            "summary": unicodedata.normalize("NFC", doc.summary),
        }
        if doc.description:  # only for words the name and summary do not show
            texts["description"] = unicodedata.normalize("NFC", doc.description)
        distinct: dict[str, set[str]] = {}
        matching: dict[str, tuple] = {}
        best: list[int | None] = [None] * len(self.words)
        for name, text in texts.items():
            if name == "description" and None not in best:
                break
            distinct[name] = set(_WORD.findall(text.lower()))
            for word in distinct[name]:
                ranks = self.ranks(word)
                if ranks is not self._none:
                    matching[word] = ranks
                    for i, r in enumerate(ranks):
                        if r is not None and (best[i] is None or r < best[i]):
                            best[i] = r
        marked = {
            w
            for w, ranks in matching.items()
            if any(r is not None and r == best[i] for i, r in enumerate(ranks))
        }
        out = {}
        for name, words in distinct.items():
            if name != "description":
                out[name] = _mark(texts[name], marked) if words & marked else html.escape(texts[name])
            elif words & marked:
                out[name] = _snippet(texts[name], marked)
        return out


def _mark(text: str, marked: set[str]) -> str:
    """`text` HTML-escaped, with the words in `marked` (lower-case) wrapped in <mark>."""
    out, last = [], 0
    for m in _WORD.finditer(text):
        if m.group().lower() in marked:
            out.append(html.escape(text[last : m.start()]))
            out.append(f"<mark>{html.escape(m.group())}</mark>")
            last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _snippet(text: str, marked: set[str]) -> str:
    """A few words either side of the first marked word, marked like the rest."""
    spans = [m.span() for m in _WORD.finditer(text)]
    at = next(i for i, (a, b) in enumerate(spans) if text[a:b].lower() in marked)
    lo, hi = max(0, at - SNIPPET_WORDS), min(len(spans) - 1, at + SNIPPET_WORDS)
    piece = _mark(text[spans[lo][0] : spans[hi][1]], marked)
    return ("… " if lo else "") + piece + (" …" if hi < len(spans) - 1 else "")
