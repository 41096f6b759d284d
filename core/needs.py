"""Reads what an SME needs from its own words.

The problem text is split into words; abbreviations are expanded ("hddt", "ko", and "dt" after its
neighbours); phone-typing residue is repaired (Telex "hoas ddonw", VNI "hoa1", "f"/"w" for "ph"/"qu");
then phrases of a per-category lexicon (core/data/needs_vi.json: data, not code) are found.

A word typed with diacritics is compared with diacritics (tone placement and i/y spelling ignored),
so "khó" is not "kho" and "lượng" is not "lương"; a word typed without them is compared folded.
Phrases of three words or more tolerate one typo, long single words too ("shoppe"). Words after
"đã có", "không cần"... in the same sentence count little: the SME has that already or does not want it.
The result is a strength 0-1 per CATEGORY plus the words that showed it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from rapidfuzz.distance import OSA

from core.text import fold_word, words

LEXICON_PATH = Path(__file__).parent / "data" / "needs_vi.json"

_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_TONE_KEYS = "sfrxj"
_TELEX_PAIRS = (("dd", "d"), ("aa", "a"), ("aw", "a"), ("ee", "e"), ("oo", "o"), ("ow", "o"), ("uw", "u"))
_TEENCODE_ONSETS = (("f", "ph"), ("w", "qu"), ("z", "d"), ("j", "gi"))
_CONSONANT_Y = re.compile(r"([bcdđghklmnpqrstvx]+)y")
_SENTENCE_END = re.compile(r"[.!?;\n]+")
_FUZZY_FACTOR = 0.9  # a phrase found through a typo counts a little less
_GAP = 3  # words allowed inside a gapped phrase
_IGNORE = "_ignore"


def _canonical(base: str) -> str:
    """One spelling for i/y variants of a toneless syllable ("lí" = "lý", "kĩ" = "kỹ", "qui" = "quy")."""
    if base == "qui":
        return "quy"
    match = _CONSONANT_Y.fullmatch(base)
    return match.group(1) + "i" if match else base


@dataclass(frozen=True)
class Token:
    """A word as compared: `accented` words compare by `key` (letters, hats, tone), others by `folded`."""

    key: str
    folded: str
    accented: bool

    @classmethod
    def of(cls, word: str) -> Token:
        return _token(word)

    @classmethod
    def _build(cls, word: str) -> Token:
        decomposed = unicodedata.normalize("NFD", word.lower())
        tone = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
        base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
        return cls(_canonical(base) + tone, _canonical(fold_word(word)), any(ord(ch) > 127 for ch in word))

    def matches(self, word: Token) -> bool:
        return self.key == word.key if self.accented else self.folded == word.folded

    def near(self, word: Token) -> bool:
        """One edit away, same first letter (a different onset makes a different word, not a typo);
        three-letter words only by a changed letter ("men" for "mềm", not "lo" for "lớp")."""
        mine, theirs = (self.key, word.key) if self.accented else (self.folded, word.folded)
        if len(theirs) < 3 or (len(theirs) == 3 and len(mine) != 3):
            return False
        return mine[:1] == theirs[:1] and OSA.distance(mine, theirs) <= 1


@lru_cache(maxsize=65536)
def _token(word: str) -> Token:
    return Token._build(word)


def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(Token.of(w) for w in words(text))


@dataclass(frozen=True)
class NeedReading:
    """Needs read from a text: strength per category and, per category, the words that revealed it."""

    weights: Mapping[str, float]
    evidence: Mapping[str, str]

    def top(self, n: int = 3) -> list[str]:
        return sorted(self.weights, key=lambda c: (-self.weights[c], c))[:n]


EMPTY_READING = NeedReading(MappingProxyType({}), MappingProxyType({}))


@dataclass(frozen=True)
class _Phrase:
    tokens: tuple[Token, ...]
    category: str
    weight: float

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(t.folded for t in self.tokens)

    @property
    def tolerant(self) -> bool:
        """May carry one typo: phrases of three words or more, single words of six letters or more."""
        return len(self.tokens) >= 3 or (len(self.tokens) == 1 and len(self.tokens[0].folded) >= 6)


@dataclass(frozen=True)
class _Hit:
    phrase: _Phrase
    start: int
    end: int
    weight: float


class NeedLexicon:
    """A versioned phrase lexicon and the reader that applies it."""

    def __init__(self, data: dict):
        self.version: str = data["version"]
        self.abbreviations = {Token.of(k).folded: _tokens(v) for k, v in data["abbreviations"].items()}
        self.contextual = {
            Token.of(k).folded: [
                (
                    _tokens(opt["to"]),
                    [tuple(t.folded for t in _tokens(a)) for a in opt.get("after", ())],
                    [tuple(t.folded for t in _tokens(b)) for b in opt.get("before", ())],
                )
                for opt in options
            ]
            for k, options in data.get("contextual_abbreviations", {}).items()
        }
        self.case_sensitive = [
            (re.compile(r"(?<![0-9A-Za-zÀ-ỹ])" + re.escape(token) + r"(?![0-9A-Za-zÀ-ỹ])"), dict(cats))
            for token, cats in data.get("case_sensitive", {}).items()
        ]
        self.phrases = [
            _Phrase(_tokens(phrase), category, float(weight))
            for category, entries in data["phrases"].items()
            for phrase, weight in entries.items()
        ]
        self.phrases += [_Phrase(_tokens(phrase), _IGNORE, 1.0) for phrase in data["ignore"]["phrases"]]
        self.gapped = []
        for category, entries in data["gapped"]["phrases"].items():
            for phrase, weight in entries.items():
                head, tail = phrase.split("*", 1)
                self.gapped.append(
                    (_tokens(head), _tokens(tail), _Phrase(_tokens(phrase), category, float(weight)))
                )
        self.not_need_cues = [_tokens(cue) for cue in data["not_needs"]["cues"]]
        self.not_need_factor = float(data["not_needs"]["factor"])
        self._clause_break = Token.of("nhưng")
        self.vocabulary = frozenset(t.folded for p in self.phrases for t in p.tokens)
        self._folded = [p.folded for p in self.phrases]
        self._lengths = [len(p.tokens) for p in self.phrases]
        self._tolerant = [p.tolerant for p in self.phrases]
        # Candidate phrases by their opening words: (word,) for single words, (w1, w2) for longer ones;
        # a phrase that may carry a typo is also found by (w2, w3) (typo in w1) and (w1, _, w3) (in w2).
        self._by_key: dict[tuple, list[tuple[int, int]]] = {}
        for i, words_ in enumerate(self._folded):
            keys = [((words_[0],), 0)] if len(words_) == 1 else [((words_[0], words_[1]), 0)]
            if len(words_) >= 3:
                keys += [((words_[1], words_[2]), 1), ((words_[0], None, words_[2]), 0)]
            for key, k in keys:
                self._by_key.setdefault(key, []).append((i, k))
        self._deletes: dict[str, set[str]] = {}
        for word in self.vocabulary:
            if len(word) >= 4:
                for variant in _deletions(word) | {word}:
                    self._deletes.setdefault(variant, set()).add(word)
        self._repair = lru_cache(maxsize=65536)(self._repair_word)
        self._near = lru_cache(maxsize=65536)(self._near_words)

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> NeedLexicon:
        return cls(json.loads(path.read_text(encoding="utf-8")))

    # -- normalisation -------------------------------------------------------------------------
    def normalize(self, text: str) -> tuple[list[Token], list[int], list[str], list[int]]:
        """Expanded, repaired tokens; each one's source word index; the source words; sentence numbers."""
        source: list[str] = []
        sentence: list[int] = []
        for number, chunk in enumerate(_SENTENCE_END.split(text)):
            chunk_words = words(chunk)
            source += chunk_words
            sentence += [number] * len(chunk_words)
        raw = [Token.of(w) for w in source]
        out: list[Token] = []
        origin: list[int] = []
        for i, token in enumerate(raw):
            toneless = not any(ch in _TONES for ch in unicodedata.normalize("NFD", source[i]))
            if toneless and token.folded in self.contextual:
                expansion = self._choose(self.contextual[token.folded], out, raw[i + 1 : i + 5])
            elif toneless and token.folded in self.abbreviations:
                expansion = self.abbreviations[token.folded]
            elif not token.accented:
                expansion = (self._repair(token),)
            else:
                expansion = (token,)
            out.extend(expansion)
            origin.extend([i] * len(expansion))
        return out, origin, source, sentence

    @staticmethod
    def _choose(options, before: list[Token], after: list[Token]) -> tuple[Token, ...]:
        tail = tuple(t.folded for t in before[-4:])
        head = tuple(t.folded for t in after)
        for expansion, afters, befores in options:
            if any(a and tail[len(tail) - len(a) :] == a for a in afters):
                return expansion
            if any(b and head[: len(b)] == b for b in befores):
                return expansion
        return options[-1][0]

    def _repair_word(self, token: Token) -> Token:
        word = token.folded
        if word in self.vocabulary or len(word) < 2 or word.isdigit():
            return token
        for candidate in _typing_candidates(word):
            if candidate in self.vocabulary:
                return Token(candidate, candidate, False)
        return token

    def _near_words(self, word: str) -> tuple[str, ...]:
        """Lexicon words one edit from a 4+ letter word that is not itself in the lexicon."""
        if len(word) < 4 or word in self.vocabulary:
            return ()
        found: set[str] = set()
        for variant in _deletions(word) | {word}:
            found |= self._deletes.get(variant, set())
        return tuple(sorted(w for w in found if OSA.distance(word, w) <= 1))

    # -- reading -----------------------------------------------------------------------------------
    def read(self, text: str | None) -> NeedReading:
        """Needs revealed by a text (an empty reading for no text)."""
        if not text or not text.strip():
            return EMPTY_READING
        tokens, origin, source, sentence = self.normalize(text)
        where: dict[str, list[int]] = {}
        for pos, token in enumerate(tokens):
            where.setdefault(token.folded, []).append(pos)
        hits = self._hits(tokens) + self._gapped_hits(tokens, where)
        kept = [
            h
            for h in hits
            if h.phrase.category != _IGNORE and not any(_inside(h, o) for o in hits if o is not h)
        ]
        damped = self._damped_positions(tokens, origin, sentence, where)
        by_category: dict[str, dict[tuple[str, ...], _Hit]] = {}
        for hit in kept:  # the same phrase said twice is one piece of evidence
            if hit.start in damped:
                hit = _Hit(hit.phrase, hit.start, hit.end, hit.weight * self.not_need_factor)
            found = by_category.setdefault(hit.phrase.category, {})
            name = tuple(t.folded for t in hit.phrase.tokens)
            if name not in found or hit.weight > found[name].weight:
                found[name] = hit
        weights: dict[str, float] = {}
        evidence: dict[str, str] = {}
        for category, found in by_category.items():
            miss = 1.0
            for hit in found.values():
                miss *= 1.0 - hit.weight
            weights[category] = 1.0 - miss
            start, end = _evidence_span(list(found.values()))
            evidence[category] = " ".join(source[origin[start] : origin[end - 1] + 1])
        for pattern, cats in self.case_sensitive:
            match = pattern.search(text)
            if match:
                for category, weight in cats.items():
                    weights[category] = 1.0 - (1.0 - weights.get(category, 0.0)) * (1.0 - weight)
                    evidence.setdefault(category, match.group(0))
        return NeedReading(MappingProxyType(weights), MappingProxyType(evidence))

    def _hits(self, tokens: list[Token]) -> list[_Hit]:
        seen: set[tuple[int, int]] = set()
        hits: list[_Hit] = []
        folded = [t.folded for t in tokens]
        accented = [t.accented for t in tokens]
        size = len(tokens)
        for pos, word in enumerate(folded):
            keys = [(word,), *((near,) for near in self._near(word))]
            if pos + 1 < size:
                keys.append((word, folded[pos + 1]))
            if pos + 2 < size:
                keys.append((word, None, folded[pos + 2]))
            for key in keys:
                for index, k in self._by_key.get(key, ()):
                    start, end = pos - k, pos - k + self._lengths[index]
                    if (index, start) in seen or start < 0 or end > size:
                        continue
                    seen.add((index, start))
                    window, target = tuple(folded[start:end]), self._folded[index]
                    if window == target and not any(accented[start:end]):
                        edits: int | None = 0  # the common case, decided on folded words alone
                    elif window == target or (
                        # Two words that differ even without marks are two edits: no typo reading.
                        self._tolerant[index] and sum(a != b for a, b in zip(window, target, strict=True)) < 2
                    ):
                        edits = _phrase_edits(self.phrases[index], tokens[start:end])
                    else:
                        continue
                    if edits is not None:
                        phrase = self.phrases[index]
                        weight = phrase.weight * (_FUZZY_FACTOR if edits else 1.0)
                        hits.append(_Hit(phrase, start, end, weight))
        return hits

    def _gapped_hits(self, tokens: list[Token], where: dict[str, list[int]]) -> list[_Hit]:
        hits = []
        for head, tail, phrase in self.gapped:
            for start in _exact_positions(head, tokens, where):
                after = start + len(head)
                for gap_start in range(after + 1, min(after + _GAP, len(tokens)) + 1):
                    if _matches_at(tail, tokens, gap_start):
                        hits.append(_Hit(phrase, start, gap_start + len(tail), phrase.weight))
                        break
        return hits

    def _damped_positions(
        self, tokens: list[Token], origin: list[int], sentence: list[int], where: dict[str, list[int]]
    ) -> set[int]:
        """Token positions that follow a not-a-need cue within the same clause."""
        damped: set[int] = set()
        for cue in self.not_need_cues:
            for start in _exact_positions(cue, tokens, where):
                pos = start + len(cue)
                while (
                    pos < len(tokens)
                    and sentence[origin[pos]] == sentence[origin[start]]
                    and not tokens[pos].matches(self._clause_break)
                ):
                    damped.add(pos)
                    pos += 1
        return damped


def _exact_positions(part: tuple[Token, ...], tokens: list[Token], where: dict[str, list[int]]) -> list[int]:
    """Where `part` occurs; `where` maps a folded word to its positions in `tokens`."""
    return [i for i in where.get(part[0].folded, ()) if _matches_at(part, tokens, i)]


def _matches_at(part: tuple[Token, ...], tokens: list[Token], start: int) -> bool:
    if start + len(part) > len(tokens):
        return False
    return all(tokens[start + k].matches(word) for k, word in enumerate(part))


def _phrase_edits(phrase: _Phrase, actual: list[Token]) -> int | None:
    """0 for an exact match; 1 for one typo where tolerated (3+ word phrases, long single words)."""
    edits = 0
    for want, got in zip(phrase.tokens, actual, strict=True):
        if got.matches(want):
            continue
        if not got.near(want):
            return None
        edits += 1
    if edits == 0:
        return 0
    return 1 if edits == 1 and phrase.tolerant else None


def _inside(hit: _Hit, other: _Hit) -> bool:
    """`hit` is covered by `other`: a longer phrase of its category, of another category that is
    stronger, or of words to ignore; or the same words read more strongly for the same category."""
    if not (other.start <= hit.start and hit.end <= other.end):
        return False
    longer = (other.end - other.start) > (hit.end - hit.start)
    same = other.phrase.category == hit.phrase.category
    if longer:
        return same or other.phrase.category == _IGNORE or other.weight > hit.weight
    return same and other.weight > hit.weight


def _evidence_span(hits: list[_Hit]) -> tuple[int, int]:
    """The strongest hit, widened by the hits that overlap it ("xuất hóa đơn" + "hóa đơn điện tử")."""
    lead = min(hits, key=lambda h: (-h.weight, h.start))
    start, end = lead.start, lead.end
    grown = True
    while grown:
        grown = False
        for hit in hits:
            if hit.start < end and start < hit.end and (hit.start < start or hit.end > end):
                start, end, grown = min(start, hit.start), max(end, hit.end), True
    return start, end


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _typing_candidates(word: str) -> list[str]:
    """Spellings a phone-typed word may stand for: VNI digits, teen-code onsets, Telex marks."""
    candidates = []
    base = word
    if re.search(r"[a-z][1-9]", base):
        base = re.sub(r"(?<=[a-z])[1-9]+", "", base)
        candidates.append(_canonical(base))
    for onset, plain in _TEENCODE_ONSETS:
        if base.startswith(onset):
            candidates.append(_canonical(plain + base[len(onset) :]))
    telex = base[:-1] if len(base) > 2 and base[-1] in _TONE_KEYS else base
    for pair, plain in _TELEX_PAIRS:
        telex = telex.replace(pair, plain)
    candidates.append(_canonical(telex.replace("w", "")))  # "ddonw": the horn may be typed last
    return candidates


@lru_cache(maxsize=1)
def default_lexicon() -> NeedLexicon:
    return NeedLexicon.load()


def read_needs(text: str | None) -> NeedReading:
    """Needs revealed by an SME's problem text, with the default Vietnamese lexicon."""
    return default_lexicon().read(text)
