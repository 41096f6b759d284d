"""From a deal's signals to one score in 0..1, and what is flagged for an officer (pure).

The score is a noisy-OR: each signal, on its own, would make the deal abusive with probability
weight × strength, and the signals are read as independent witnesses:

    score = 1 - Π (1 - weight_i × strength_i)

so a second signal always raises the score, never past 1, and one strong signal is enough. A deal
scoring FLAG_AT or more is flagged for an officer's review. The weights say how often a clear
instance of each pattern was abuse where voucher schemes were audited, as this office reads them:

| signal | weight | flagged on its own when |
|---|---|---|
| related_party | 0.85 | any one shared identifier (an address alone: 0.68) |
| price_above_list | 0.80 | the price is about twice the list price or more (strength ≥ 0.63) |
| quick_termination | 0.60 (0.75 after a subsidy) | ended within about five weeks of signing or paying |
| vendor_burst | 0.80 | four or more new SMEs in a vendor's fortnight |
| split_contract | 0.70 | the two purchases are at most about eleven days apart |

Why these: a buyer and a seller that are one interest is the payback scheme itself, hence the
highest weight; an inflated price and a burst of new firms are how the subsidy is enlarged and
multiplied, but have honest explanations an officer can check (a custom package, a marketing
campaign); a quick end or a purchase bought twice are, alone, often an honest change of mind or a
second site, so they need to be clear (weeks, not months) to be flagged alone, and otherwise only
add to another signal. A quick end after the programme has paid is the pattern itself: a higher
weight once vouchers say when the subsidy was paid.
"""

from __future__ import annotations

from dataclasses import dataclass

from integrity.signals import (
    PRICE_ABOVE_LIST,
    QUICK_TERMINATION,
    RELATED_PARTY,
    SPLIT_CONTRACT,
    VENDOR_BURST,
    Signal,
)

FLAG_AT = 0.5
WEIGHTS = {
    RELATED_PARTY: 0.85,
    PRICE_ABOVE_LIST: 0.80,
    QUICK_TERMINATION: 0.60,
    VENDOR_BURST: 0.80,
    SPLIT_CONTRACT: 0.70,
}
SUBSIDY_WEIGHT = 0.75  # a quick termination measured from the subsidy's payment
DEFAULT_WEIGHT = 0.5  # a signal another check adds, until it has a weight of its own


def weight(signal: Signal) -> float:
    if signal.key == f"{QUICK_TERMINATION}:subsidy":
        return SUBSIDY_WEIGHT
    return WEIGHTS.get(signal.code, DEFAULT_WEIGHT)


def score(signals: list[Signal]) -> float:
    """The noisy-OR of the signals, rounded to three decimals."""
    clean = 1.0
    for signal in signals:
        clean *= 1 - weight(signal) * max(0.0, min(1.0, signal.strength))
    return round(1 - clean, 3)


def fingerprint(signals: list[Signal]) -> str:
    """What a cleared flag's decision was about: the signals and the kinds of their evidence. The same
    fingerprint at the next scan keeps the decision; another one (a new signal, another shared
    identifier) asks an officer again. Amounts and counts may move without that."""
    return " ".join(sorted({s.key for s in signals}))


@dataclass(frozen=True)
class Finding:
    """A deal with at least one signal: its score and why."""

    contract_id: str
    score: float
    signals: tuple[Signal, ...]

    @classmethod
    def of(cls, contract_id: str, signals: list[Signal]) -> Finding:
        ordered = sorted(signals, key=lambda s: -weight(s) * s.strength)
        return cls(contract_id, score(ordered), tuple(ordered))

    @property
    def flagged(self) -> bool:
        return self.score >= FLAG_AT

    @property
    def codes(self) -> list[str]:
        return [s.code for s in self.signals]

    @property
    def fingerprint(self) -> str:
        return fingerprint(list(self.signals))

    def to_json(self, lang: str = "vi") -> dict:
        """The spec's record: contract_id, score, signals (codes) and reasons (sentences in `lang`)."""
        return {
            "contract_id": self.contract_id,
            "score": self.score,
            "signals": self.codes,
            "reasons": [s.reason.text(lang) for s in self.signals],
        }


def ranked(signals_by_deal: dict[str, list[Signal]]) -> list[Finding]:
    """Every deal's finding, highest score first (then by contract id)."""
    findings = [Finding.of(deal_id, signals) for deal_id, signals in signals_by_deal.items()]
    findings.sort(key=lambda f: (-f.score, f.contract_id))
    return findings
