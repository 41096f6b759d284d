"""Precision and recall of the flags against a labelled set (pure).

Labels (`integrity_labels` of a document, integrity.synthetic writes them): each planted abuse with its
patterns, each benign near miss with its kind; every other contract is ordinary business. A contract
counts as found when its score reaches FLAG_AT (what an officer is asked to review).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from integrity.scoring import FLAG_AT, Finding

LABELS = "integrity_labels"


class NotLabelled(ValueError):
    """The document carries no usable labels."""


def read_labels(document: dict) -> list[dict]:
    labels = document.get(LABELS) if isinstance(document, dict) else None
    if not isinstance(labels, list) or not all(
        isinstance(x, dict) and isinstance(x.get("contract_id"), str) and isinstance(x.get("abuse"), bool)
        for x in labels
    ):
        raise NotLabelled(f'thiếu danh sách {LABELS}: [{{"contract_id": ..., "abuse": true|false}}, ...]')
    return labels


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def metrics(findings: Iterable[Finding], labels: list[dict], contracts: int) -> dict:
    flagged = {f.contract_id for f in findings if f.score >= FLAG_AT}
    abusive = {x["contract_id"] for x in labels if x["abuse"]}
    near = {x["contract_id"]: str(x.get("near_miss", "other")) for x in labels if not x["abuse"]}
    found = flagged & abusive
    planted: dict[str, set[str]] = defaultdict(set)
    for label in labels:
        for pattern in label.get("patterns") or () if label["abuse"] else ():
            planted[str(pattern)].add(label["contract_id"])
    cases = Counter(near.values())
    wrongly = Counter(kind for cid, kind in near.items() if cid in flagged)
    return {
        "contracts": contracts,
        "abusive": len(abusive),
        "flagged": len(flagged),
        "threshold": FLAG_AT,
        "precision": _ratio(len(found), len(flagged)),
        "recall": _ratio(len(found), len(abusive)),
        "true_positives": len(found),
        "false_positives": len(flagged - abusive),
        "by_pattern": {
            p: {
                "planted": len(ids),
                "found": len(ids & flagged),
                "recall": _ratio(len(ids & flagged), len(ids)),
            }
            for p, ids in sorted(planted.items())
        },
        "near_misses": {
            kind: {"cases": n, "flagged": wrongly.get(kind, 0)} for kind, n in sorted(cases.items())
        },
        "ordinary_flagged": len(flagged - abusive - set(near)),
    }
