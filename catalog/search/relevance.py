"""How the embedded engine scores a document for a query (pure: numbers in, numbers out).

A person searching by need wants the product that is *about* the need, not the one whose long
description happens to repeat the query's words. The score of a document adds up:
- words: each query word's weight (rarity x role: a filler such as "cho" counts little, a generic
  word such as "phần mềm" less than the need) times how well the document holds it; that quality
  is fixed when the document is indexed: per field, a saturating share of its occurrences
  (repetition soon stops paying, a long field dilutes), weighted name > category labels > summary >
  description > integrations > vendor, and combined over fields so that a word in the name and the
  summary beats a word repeated in the description; typos, completions and wrong diacritics lower it;
- phrases: neighbouring query words found next to each other ("hoc phi", "may tinh tien"),
  by the field where they stand (the other way round counts half);
- need: the strongest category the query points to (catalog.search.intent) among the document's,
  a little less when it is not the first category the product lists (vendors list the main one first);
- sector: the strongest sector the query points to, when the document is built for it (products
  built for every sector get part of it);
- coverage: the share of the words a result must hold that it holds (below 1 only when the search
  had to relax, see catalog.search.embedded).
Ties go to the official catalog, then to the most recent, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog.search.documents import ATTRIBUTES

# Field weights, in the order of documents.ATTRIBUTES.
FIELD_WEIGHTS = {
    "name": 1.0,
    "labels": 0.8,
    "summary": 0.7,
    "description": 0.45,
    "integrations": 0.35,
    "vendor_name": 0.3,
}
FIELDS = np.array([FIELD_WEIGHTS[a] for a in ATTRIBUTES] + [0.0], np.float32)  # + padding
SATURATION = 0.5  # BM25's k1 on a 0..1 scale: one occurrence 0.67, two 0.8, three 0.86
LENGTH_NORM = 0.5  # BM25's b: a field twice its average length holds a word at 0.5, not 0.67

EXACT, COMPLETION, SYNONYM = 256, 205, 230  # a candidate's quality factor, out of 256
TYPO = (256, 150, 115)  # by number of typos
WRONG_ACCENTS = 1  # typed "tủ", found only "tử" or "tu": the quality loses half (a right shift by 1)
REVERSED_PHRASE = 0.5


@dataclass(frozen=True)
class Blend:
    """How much each part adds to the score (words count 1)."""

    phrases: float = 0.5
    need: float = 0.45
    sector: float = 0.25
    any_sector: float = 0.5  # share of the sector part for products built for every sector
    coverage: float = 0.3

    @property
    def top(self) -> float:
        return 1.0 + self.phrases + self.need + self.sector + self.coverage


BLEND = Blend()
CATEGORY_ORDER = 0.25  # the k-th category a product lists (from 0) counts 1 / (1 + 0.25 k)


def category_strength(position: int) -> float:
    return 1.0 / (1.0 + CATEGORY_ORDER * position)


SCORE_BITS = 20
SCORE_TOP = (1 << SCORE_BITS) - 1


def word_quality(
    attrs: np.ndarray, tf: np.ndarray, length: np.ndarray, mean_length: np.ndarray
) -> np.ndarray:
    """Per (word, document, field) occurrence count `tf` in a field of `length` words (mean
    `mean_length` for that field): the field's share, FIELD_WEIGHTS x saturated frequency (float32:
    there are as many as words in the catalog)."""
    stretch = np.float32(1.0 - LENGTH_NORM) + np.float32(LENGTH_NORM) * (
        length.astype(np.float32) / np.maximum(mean_length, 1.0).astype(np.float32)
    )
    tf = tf.astype(np.float32)
    return FIELDS[attrs] * (tf / (tf + np.float32(SATURATION) * stretch))


def combine_fields(shares: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """One quality 0..255 per group of consecutive field shares: 1 - prod(1 - share)."""
    missing = np.add.reduceat(np.log1p(-np.minimum(shares, np.float32(0.999))), groups)
    return np.rint(255 * (1.0 - np.exp(missing))).astype(np.uint8)


PHRASE_QUALITY = np.rint(255 * FIELDS).astype(np.uint8)  # by the field where the two words stand


def score_to_key(score: np.ndarray) -> np.ndarray:
    """Scores (0..BLEND.top) as the ranking key's leading bits: smaller is better."""
    scaled = np.rint(np.clip(score / BLEND.top, 0.0, 1.0) * SCORE_TOP).astype(np.int64)
    return SCORE_TOP - scaled


def key_to_score(part: int) -> float:
    """The 0..1 score shown with a hit, from the key's leading bits."""
    return round((SCORE_TOP - part) / SCORE_TOP, 4)
