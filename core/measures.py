"""How good a ranking is against graded judgments, at a cutoff k (pure): nDCG with gain 2^grade - 1, and
average precision and recall where a pair is relevant when its grade is 1 or more."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

CUTOFF = 10


def ndcg(ranked: Sequence[str], grades: Mapping[str, int], k: int = CUTOFF) -> float:
    dcg = sum((2 ** grades.get(pid, 0) - 1) / math.log2(i + 2) for i, pid in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best > 0 else 0.0


def average_precision(ranked: Sequence[str], grades: Mapping[str, int], k: int = CUTOFF) -> float:
    relevant = sum(1 for g in grades.values() if g > 0)
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, pid in enumerate(ranked[:k]):
        if grades.get(pid, 0) > 0:
            hits += 1
            total += hits / (i + 1)
    return total / min(relevant, k)


def recall(ranked: Sequence[str], grades: Mapping[str, int], k: int = CUTOFF) -> float:
    relevant = {pid for pid, g in grades.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0
