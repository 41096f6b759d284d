"""Small-group suppression of the published indicators (pure).

No published figure may describe fewer than MINIMUM_SMES SMEs: a province with three supported SMEs
would let anyone who knows one of them guess what the others bought. Within each table (one month, one
dimension) the groups below the threshold are pooled into OTHER; when the pool itself is below the
threshold (but not empty), the smallest published groups join it until it is not (secondary
suppression: otherwise the pool, or a total, minus the published groups would give the small group
back). A month whose SMEs are all together fewer than the threshold is not published at all.

SMEs are counted as sets of ids, so an SME in two pooled groups counts once and the pool's count is
exact, never inflated past the threshold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MINIMUM_SMES = 5
OTHER = "_other"  # the key of the pooled groups


@dataclass(frozen=True)
class Cell:
    """One group's contracts: the SMEs (ids) they were signed by, how many, and their value."""

    key: str
    smes: frozenset[str]
    contracts: int
    value_vnd: int

    def __add__(self, other: Cell) -> Cell:
        return Cell(OTHER, self.smes | other.smes, self.contracts + other.contracts,
                    self.value_vnd + other.value_vnd)


EMPTY = Cell(OTHER, frozenset(), 0, 0)


def publishable(cells: Iterable[Cell], minimum: int = MINIMUM_SMES) -> list[Cell]:
    """The groups that may be published (by key), then the pool of the others under OTHER if any;
    every returned cell has at least `minimum` SMEs."""
    cells = list(cells)
    shown = sorted((c for c in cells if len(c.smes) >= minimum), key=lambda c: (len(c.smes), c.key))
    pool = EMPTY
    for cell in cells:
        if len(cell.smes) < minimum:
            pool = pool + cell
    while pool.smes and len(pool.smes) < minimum and shown:
        pool = pool + shown.pop(0)  # the smallest published group joins the pool
    result = sorted(shown, key=lambda c: c.key)
    if len(pool.smes) >= minimum:
        result.append(pool)
    return result
