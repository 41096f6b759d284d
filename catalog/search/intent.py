"""What a need-style query asks for (pure): the words a result must contain, how much each word
counts, and the categories and sectors the query points to.

People type their need, not a product's name: "phan mem ban hang cho quan ca phe", "thu tien bang
ma qr". Such a query mixes three kinds of words (catalog/search/data/query_vi.json):
- fillers ("cho", "bằng", "từ"): grammar; a result need not contain them, and they count little;
  except inside a phrase one of the lexicons recognises ("điện tử", "hóa đơn từ máy tính tiền");
- generic words ("phần mềm", "ứng dụng", "nhỏ", "tự động", "online"): they name any product or only
  qualify the need; a result need not contain them, and they count less than the need itself;
  except where they make most of a recognised phrase ("tự động hóa", "tưới tự động");
- everything else: a result must contain each of them (folded, with typos and completions, or
  through a synonym), or, for words that name a kind of business ("quán cà phê", "nhà thuốc",
  "hợp tác xã"), be built for that sector. When fewer than MIN_EXACT products do, or none of them
  answers a need the query names, the search relaxes to near matches and says so (Intent.relaxes).

The categories come from the needs lexicon (core/data/needs_vi.json: "quán cà phê",
"phần mềm bán hàng" -> sales_pos; "tem QR" -> traceability), the sectors from the sector phrases of
query_vi.json read by the same reader (abbreviations, Telex/VNI residue and typos included). Both
only boost the ranking (catalog.search.segment); they never filter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.needs import LEXICON_PATH, NeedLexicon, NeedReading, Token, default_lexicon
from core.vocab import CATEGORIES, SECTORS

QUERY_LEXICON_PATH = Path(__file__).parent / "data" / "query_vi.json"

FILLER_WEIGHT = 0.15  # how much a filler counts in the ranking, against 1 for a word of the need
GENERIC_WEIGHT = 0.4
SECTOR_COVERS = 0.5  # a sector phrase at least this strong is met by products built for the sector
SHOWN = 0.5  # a need at least this strong is named beside the results that answer it
MIN_EXACT = 3  # fewer results than this holding every required word: the search relaxes


@dataclass(frozen=True)
class Need:
    """A category or sector the query points to, how strongly (0-1), and the words that say so."""

    kind: str  # "category" or "sector"
    code: str
    weight: float
    evidence: str  # the query's words, as typed
    start: int  # query words start..end-1 (end 0 when the words could not be placed)
    end: int


@dataclass(frozen=True)
class Intent:
    required: tuple[bool, ...]  # per query word: a result must contain it (or its sector)
    weights: tuple[float, ...]  # per query word: how much it counts in the ranking
    needs: tuple[Need, ...]  # strongest first

    def of(self, kind: str) -> dict[str, float]:
        return {n.code: n.weight for n in self.needs if n.kind == kind}

    @property
    def strong(self) -> tuple[Need, ...]:
        """The needs read strongly enough to name (and to judge whether results answer them)."""
        return tuple(n for n in self.needs if n.weight >= SHOWN)

    @property
    def required_count(self) -> int:
        return sum(self.required)

    def relaxes(self, exact: int, answering: int | None) -> bool:
        """Whether a search that found `exact` results holding every required word (`answering` of
        them answer a strong need; None when there is none) shows near matches instead."""
        if self.required_count < 2:
            return False  # one word: nothing to leave out
        return exact < MIN_EXACT or answering == 0


NO_INTENT = Intent((), (), ())


Phrases = dict[str, list[tuple[Token, ...]]]  # by their first word, folded


@dataclass(frozen=True)
class QueryLexicon:
    fillers: Phrases
    generic: Phrases
    sectors: NeedLexicon
    sector_phrases: dict[str, tuple[str, ...]]  # per SECTOR code, the phrases that cover its words


@lru_cache(maxsize=1)
def query_lexicon() -> QueryLexicon:
    data = json.loads(QUERY_LEXICON_PATH.read_text(encoding="utf-8"))
    needs = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    sectors = NeedLexicon(
        {
            "version": data["version"],
            "abbreviations": needs["abbreviations"],
            "contextual_abbreviations": needs.get("contextual_abbreviations", {}),
            "phrases": data["sectors"],
            "ignore": {"phrases": []},
            "gapped": {"phrases": {}},
            "not_needs": needs["not_needs"],
        }
    )
    return QueryLexicon(
        fillers=_phrases(data["fillers"]),
        generic=_phrases(data["generic"]),
        sectors=sectors,
        sector_phrases={
            code: tuple(p for p, weight in phrases.items() if weight >= SECTOR_COVERS)
            for code, phrases in data["sectors"].items()
        },
    )


def _phrases(texts: list[str]) -> Phrases:
    found: Phrases = {}
    for text in texts:
        phrase = tuple(Token.of(w) for w in text.split())
        found.setdefault(phrase[0].folded, []).append(phrase)
    return found


def _runs(words: list[Token], phrases: Phrases) -> set[int]:
    """Positions of `words` inside one of `phrases` (a word matches per Token.matches)."""
    found: set[int] = set()
    for start, word in enumerate(words):
        for phrase in phrases.get(word.folded, ()):
            size = len(phrase)
            if start + size <= len(words) and all(words[start + k].matches(p) for k, p in enumerate(phrase)):
                found.update(range(start, start + size))
    return found


def _place(evidence: str, words: list[str]) -> tuple[int, int]:
    """Where the reader's evidence (words of the query, as typed) stands among the query words."""
    wanted = evidence.split()
    for start in range(len(words) - len(wanted) + 1):
        if words[start : start + len(wanted)] == wanted:
            return start, start + len(wanted)
    return 0, 0


def _needs(kind: str, reading: NeedReading, words: list[str]) -> list[Need]:
    found = []
    for code, weight in reading.weights.items():
        evidence = reading.evidence.get(code, "")
        found.append(Need(kind, code, round(weight, 3), evidence, *_place(evidence, words)))
    return found


def read_intent(words: list[str], protected: list[tuple[int, int]] = ()) -> Intent:
    """The intent of a query given its words (lower-case NFC, as typed); `protected`: spans of words
    that form a phrase anyway (synonyms), where fillers are words of the phrase."""
    return _read_intent(tuple(words), tuple(protected))


@lru_cache(maxsize=4096)
def _read_intent(words: tuple[str, ...], protected: tuple[tuple[int, int], ...]) -> Intent:
    if not words:
        return NO_INTENT
    words = list(words)
    lexicon = query_lexicon()
    text = " ".join(words)
    needs = _needs("category", default_lexicon().read(text), words)
    needs += _needs("sector", lexicon.sectors.read(text), words)
    needs = [n for n in needs if n.code in (CATEGORIES if n.kind == "category" else SECTORS)]
    needs.sort(key=lambda n: (-n.weight, n.kind, n.code))
    tokens = [Token.of(w) for w in words]
    in_phrase = {i for n in needs for i in range(n.start, n.end)}
    in_phrase |= {i for start, end in protected for i in range(start, end)}
    fillers = _runs(tokens, lexicon.fillers) - in_phrase
    generic = _runs(tokens, lexicon.generic)
    for need in needs:  # "tự động hóa": the generic words are the phrase
        span = set(range(need.start, need.end))
        if 0 < len(span - generic) <= 1:
            generic -= span
    required = [i not in fillers and i not in generic for i in range(len(words))]
    if not any(required):  # nothing but fillers and generic words: they are what is searched
        required = [True] * len(words)
    weights = [1.0 if i not in fillers | generic else FILLER_WEIGHT if i in fillers else GENERIC_WEIGHT
               for i in range(len(words))]
    return Intent(tuple(required), tuple(weights), tuple(needs))


def answered(intent: Intent, categories, sectors, limit: int = 2) -> tuple[Need, ...]:
    """The needs of the query a product answers (its categories, the sectors it is built for),
    strongest first: the short "why" shown with a result."""
    found = [
        n
        for n in intent.needs
        if (n.code in categories if n.kind == "category" else n.code in sectors) and n.weight >= SHOWN
    ]
    return tuple(found[:limit])
