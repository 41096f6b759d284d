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
from core.text import fold_word

_PIECES = re.compile(r"([0-9a-zà-ỹđ]+)", re.IGNORECASE)  # split: text between words, word, ...
_SPECIAL = re.compile(r"[&<>\"']")
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
        fields = {"name": doc.name, "summary": doc.summary}
        if doc.description:  # only for words the name and summary do not show
            fields["description"] = doc.description
        pieces: dict[str, list[str]] = {}  # even: text between words, odd: words
        found: dict[str, set[str]] = {}  # the matching words of each field, lower-case
        matching: dict[str, tuple] = {}
        best: list[int | None] = [None] * len(self.words)
        cache, none = self._ranks, self._none
        for name, text in fields.items():
            if name == "description" and None not in best:
                break
            pieces[name] = parts = _PIECES.split(unicodedata.normalize("NFC", text))
            found[name] = here = set()
            for word in {w.lower() for w in parts[1::2]}:
                ranks = cache.get(word) or self.ranks(word)
                if ranks is not none:
                    here.add(word)
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
        for name, parts in pieces.items():
            if found[name] & marked:
                out[name] = _snippet(parts, marked) if name == "description" else _mark(parts, marked)
            elif name != "description":
                out[name] = html.escape("".join(parts))
        return out


def _mark(parts: list[str], marked: set[str]) -> str:
    """The pieces joined, HTML-escaped, with the words in `marked` (lower-case) wrapped in <mark>."""
    out = []
    for i, part in enumerate(parts):
        if i & 1:  # a word: letters and digits only, nothing to escape
            out.append(f"<mark>{part}</mark>" if part.lower() in marked else part)
        elif part:
            out.append(html.escape(part) if _SPECIAL.search(part) else part)
    return "".join(out)


def _snippet(parts: list[str], marked: set[str]) -> str:
    """A few words either side of the first marked word, marked like the rest."""
    first = next(i for i in range(1, len(parts), 2) if parts[i].lower() in marked)
    lo, hi = max(1, first - 2 * SNIPPET_WORDS), min(len(parts) - 2, first + 2 * SNIPPET_WORDS)
    return (
        ("… " if lo > 1 else "")
        + _mark(["", *parts[lo : hi + 1], ""], marked)
        + (" …" if hi < len(parts) - 2 else "")
    )
