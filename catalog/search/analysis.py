"""How search reads Vietnamese text and queries (pure: strings in, values out).

Every backend matches on folded words (core.text.fold_word: no tone marks, no hats, đ -> d),
so "hoa don dien tu" meets "hóa đơn điện tử". Folding merges different words (tủ, tử, tú -> tu),
so each word also has an *accent key*: its letters with hats kept plus its tone as a digit
("hóa" and "hoá" -> "hoa1", "điện" -> "diên5"), which ranks an exact-diacritics match above a
folded one whatever the tone-placement convention. đ is left to folding: VNI and Telex users
often skip its extra keystroke, and no two words differ by it alone in practice.

Queries typed with the keyboard's Vietnamese input method switched off arrive in raw Telex
("hoas ddonw" = "hóa đơn") or VNI ("hoa1 do7n"); `decode_typed` turns such a word back into
its letters and tone when the result is a well-formed Vietnamese syllable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from catalog.search.intent import Intent, read_intent
from catalog.search.synonyms import synonym_spans
from core.text import fold_word, words

MAX_QUERY_WORDS = 10  # like Meilisearch: longer queries keep their first ten words
MAX_QUERY_CHARS = 1000

# A word (group 1), or a separator that ends a phrase: words on both sides are not "next to each other".
TOKENS = re.compile(r"([0-9a-zà-ỹđ]+)|[.,;:!?()\[\]{}|/\\–—\n\r\t\"“”]| - ")

# Tone marks (combining) and the digit that stands for each, in VNI order.
TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}

_VOWELS = "aăâeêioôơuưy"
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}(ch|nh|ng|[cmnpt])?$"
)
_TELEX_TONES = {"s": "1", "f": "2", "r": "3", "x": "4", "j": "5", "z": ""}
_ENDING_LETTERS = set("cmnptgh")


def tokens(text: str) -> list[str]:
    """The words of a text (lower-case, NFC, diacritics kept), with '' where a phrase ends."""
    return TOKENS.findall(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=65536)
def accent_key(word: str) -> str:
    """Letters with hats kept, tone mark moved to a trailing digit: 'hóa'/'hoá' -> 'hoa1'."""
    tone = ""
    kept = []
    for ch in unicodedata.normalize("NFD", word.lower().replace("đ", "d")):
        if ch in TONES:
            tone = TONES[ch]
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def has_diacritics(word: str) -> bool:
    return fold_word(word) != word.lower()


def _modify_vowel(out: list[str], targets: dict[str, str]) -> bool:
    """Put a hat/horn/breve on the last vowel cluster of `out` (Telex w, VNI 6/7/8); False if none fits."""
    end = len(out)
    while end and out[end - 1] not in _VOWELS:
        end -= 1
    start = end
    while start and out[start - 1] in _VOWELS:
        start -= 1
    cluster = "".join(out[start:end])
    if "uo" in cluster and "o" in targets and "u" in targets:  # dduwowngf, uo7: both get the horn
        at = start + cluster.index("uo")
        out[at], out[at + 1] = targets["u"], targets["o"]
        return True
    for i in range(end - 1, start - 1, -1):
        if out[i] in targets:
            out[i] = targets[out[i]]
            return True
    return False


def _telex(word: str) -> tuple[str, str] | None:
    out: list[str] = []
    tone, changed = "", False
    for i, ch in enumerate(word):
        rest = word[i + 1 :]
        if ch == "d" and out and out[-1] == "d":
            out[-1], changed = "đ", True
        elif ch in "aeo" and out and out[-1] == ch:
            out[-1], changed = {"a": "â", "e": "ê", "o": "ô"}[ch], True
        elif ch == "w":
            if not _modify_vowel(out, {"a": "ă", "o": "ơ", "u": "ư"}):
                out.append("ư")
            changed = True
        elif (
            ch in _TELEX_TONES and any(c in _VOWELS for c in out) and all(c in _ENDING_LETTERS for c in rest)
        ):
            tone, changed = _TELEX_TONES[ch], True
        else:
            out.append(ch)
    return ("".join(out), tone) if changed else None


def _vni(word: str) -> tuple[str, str] | None:
    if not any(c.isdigit() for c in word) or not word[0].isalpha():
        return None
    out: list[str] = []
    tone = ""
    for ch in word:
        if ch in "12345":
            tone = ch
        elif ch == "0":
            tone = ""
        elif ch == "6":
            if not _modify_vowel(out, {"a": "â", "e": "ê", "o": "ô"}):
                return None
        elif ch == "7":
            if not _modify_vowel(out, {"o": "ơ", "u": "ư"}):
                return None
        elif ch == "8":
            if not _modify_vowel(out, {"a": "ă"}):
                return None
        elif ch == "9":
            if "d" not in out:
                return None
            out[out.index("d")] = "đ"
        else:
            out.append(ch)
    return "".join(out), tone


@lru_cache(maxsize=16384)
def decode_typed(word: str) -> tuple[str, str] | None:
    """(folded word, accent key) of a word typed in raw Telex or VNI, or None when it is not one."""
    if not word.isascii() or not word.isalnum():
        return None
    decoded = _vni(word) if any(c.isdigit() for c in word) else _telex(word)
    if decoded is None:
        return None
    base, tone = decoded
    if not _SYLLABLE.match(base):
        return None
    return fold_word(base), base.replace("đ", "d") + tone


def typo_budget(folded: str) -> int:
    """Typos allowed on a query word: none under 4 letters, 1 from 4, 2 from 8; none on numbers."""
    if not folded.isalpha():
        return 0
    return 2 if len(folded) >= 8 else 1 if len(folded) >= 4 else 0


def trusted_typos(folded: str) -> bool:
    """Whether a typo match of this word stands on its own.

    A 4-7 letter syllable one letter away from another is often a different real word, so
    such a match only counts when the rest of the query matches the document too.
    """
    return len(folded) >= 8


@dataclass(frozen=True)
class QueryWord:
    raw: str  # as typed, lower-case NFC
    folded: str
    prefix: bool  # the last word, still being typed
    typed: tuple[str, str] | None  # (folded, accent key) when read as raw Telex/VNI
    accent_keys: tuple[str, ...]  # what an exact-diacritics match looks like; empty = not judged


@dataclass(frozen=True)
class SynonymSpan:
    start: int  # query words start..end-1 ...
    end: int
    alternative: tuple[str, ...]  # ... may be matched by this folded phrase instead


@dataclass(frozen=True)
class Query:
    text: str
    words: tuple[QueryWord, ...]
    synonyms: tuple[SynonymSpan, ...]
    accents: bool  # the user typed diacritics (or Telex/VNI): exact accents rank first
    telex: bool  # some word carries unmistakable Telex/VNI marks: read every word that way
    intent: Intent  # which words a result must hold, how much each counts, what the query points to

    def rewritten(self, required_only: bool = False) -> str:
        """The query with raw Telex/VNI words decoded, for engines that cannot read them (and,
        with `required_only`, without the fillers and generic words a result need not hold)."""
        return " ".join(
            _compose(w.typed[1]) if w.typed and self.telex else w.raw
            for w, required in zip(self.words, self.intent.required, strict=True)
            if required or not required_only
        )


def _typed_marks(word: str) -> bool:
    """Marks no Vietnamese or English word carries: Telex dd/aa/ee/oo/w or VNI digits."""
    return not word.isalpha() or any(m in word for m in ("dd", "aa", "ee", "oo", "w"))


def _compose(key: str) -> str:
    """A Vietnamese word from an accent key ('hoa1' -> 'hóa'), tone on the main vowel."""
    base, tone = (key[:-1], key[-1]) if key[-1:].isdigit() else (key, "")
    if not tone:
        return base
    mark = {v: k for k, v in TONES.items()}[tone]
    vowels = [i for i, c in enumerate(base) if c in _VOWELS]
    if not vowels:
        return base
    hatted = [i for i in vowels if base[i] in "ăâêôơư"]
    if hatted:
        at = hatted[-1]
    elif (
        len(vowels) >= 2
        and vowels[-1] == len(base) - 1
        and base[vowels[0] : vowels[0] + 2] not in ("qu", "gi")
    ):
        at = vowels[-2]  # open syllable: hóa, mùa
    else:
        at = vowels[-1] if len(vowels) >= 2 else vowels[0]
    return unicodedata.normalize("NFC", base[: at + 1] + mark + base[at + 1 :])


def analyse_query(text: str) -> Query:
    """The words of a query, how each may match, and which of them synonyms may replace."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_QUERY_CHARS])
    raw_words = words(text)[:MAX_QUERY_WORDS]
    still_typing = bool(raw_words) and bool(re.search(r"[0-9a-zà-ỹđ]$", text.lower()))
    typed = [decode_typed(w) for w in raw_words]
    telex = any(dec and _typed_marks(w) for w, dec in zip(raw_words, typed, strict=True))
    accents = telex or any(has_diacritics(w) for w in raw_words)
    out = []
    for i, (raw, dec) in enumerate(zip(raw_words, typed, strict=True)):
        keys: tuple[str, ...] = ()
        if accents:
            keys = (dec[1],) if dec and telex else (accent_key(raw),)
        out.append(
            QueryWord(
                raw=raw,
                folded=fold_word(raw),
                prefix=still_typing and i == len(raw_words) - 1,
                typed=dec,
                accent_keys=keys,
            )
        )
    spans = tuple(SynonymSpan(s, e, alt) for s, e, alt in synonym_spans([w.folded for w in out]))
    intent = read_intent(raw_words, [(s.start, s.end) for s in spans])
    return Query(text=text, words=tuple(out), synonyms=spans, accents=accents, telex=telex, intent=intent)
