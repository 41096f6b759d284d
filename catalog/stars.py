"""Star ratings as the catalog ranks them (pure): a Bayesian average, so that a single 5-star review
does not beat thirty reviews averaging 4.6.

The prior: every product starts as if it had PRIOR_WEIGHT reviews of PRIOR_MEAN stars. 3.5 is a
middling rating (review sites' averages sit around 4, and an unknown product should rank below a
product many buyers call good, above one they call poor); 5 reviews is about what a product of a
small catalog collects in its first year, so a product's own reviews outweigh the prior once it
has more than that. Fixed numbers rather than the catalog's current mean: a product's score then
changes only with its own reviews, and the score is the same wherever it is computed.

    one review of 5 stars:      (3.5 x 5 + 5)   / (5 + 1)  = 3.75
    thirty reviews of 4.6:      (3.5 x 5 + 138) / (5 + 30) = 4.44
    no reviews:                 3.5
"""

from __future__ import annotations

PRIOR_MEAN = 3.5
PRIOR_WEIGHT = 5
STARS = (1, 2, 3, 4, 5)


def bayesian(count: int, total: int) -> float:
    """The Bayesian average of `count` ratings summing to `total` (PRIOR_MEAN with none)."""
    return (PRIOR_MEAN * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + count)


def mean(count: int, total: int) -> float | None:
    """The plain average people read beside the stars (None without ratings)."""
    return total / count if count else None


def shown(value: float | None) -> str:
    """'4,6' (one decimal, Vietnamese comma); '—' without ratings."""
    return "—" if value is None else f"{value:.1f}".replace(".", ",")
