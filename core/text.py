"""Vietnamese text folding shared by search and matching.

Folding removes tone marks and vowel hats and maps đ/Đ to d, so that text typed
without diacritics ("hoa don dien tu") meets text written with them
("hóa đơn điện tử"). Unicode NFD does not decompose đ, hence the explicit map.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_WORD = re.compile(r"[0-9a-zà-ỹđ]+", re.IGNORECASE)


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Lower-case, diacritic-free form of one word."""
    decomposed = unicodedata.normalize("NFD", word.translate(_D_MAP).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of a text (whitespace and punctuation kept)."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-cased words of a text in NFC form, diacritics kept."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def folded_words(text: str) -> list[str]:
    """Lower-cased, diacritic-free words of a text."""
    return [fold_word(w) for w in words(text)]


def ascii_digits(text: str) -> bool:
    """Whether `text` is a plain number of ASCII digits: "²" and "١٢" pass str.isdigit() but int() refuses
    them (or reads them as other numbers), so user input is checked with this before int()."""
    return text.isascii() and text.isdigit()
