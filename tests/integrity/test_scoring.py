"""From signals to a score and a flag: the noisy-OR, the weights' documented thresholds, the fingerprint
that keeps a decision, and the spec's JSON record (integrity.scoring, pure)."""

from datetime import date

import pytest

from integrity.reasons import Reason
from integrity.scoring import FLAG_AT, WEIGHTS, Finding, fingerprint, ranked, score
from integrity.signals import (
    PRICE_ABOVE_LIST,
    QUICK_TERMINATION,
    RELATED_PARTY,
    SPLIT_CONTRACT,
    VENDOR_BURST,
    Signal,
    price_above_list,
    quick_termination,
)
from tests.integrity.test_signals import PRICE, deal, ended

REASON = Reason("Lý do")


def signal(code: str, strength: float = 1.0, key: str | None = None) -> Signal:
    return Signal(code, strength, key or code, REASON)


def test_one_signal_scores_its_weight_times_its_strength_and_more_signals_score_higher():
    assert score([signal(RELATED_PARTY)]) == WEIGHTS[RELATED_PARTY]
    assert score([signal(SPLIT_CONTRACT, 0.5)]) == round(WEIGHTS[SPLIT_CONTRACT] * 0.5, 3)
    two = score([signal(RELATED_PARTY), signal(PRICE_ABOVE_LIST)])
    assert two == round(1 - (1 - WEIGHTS[RELATED_PARTY]) * (1 - WEIGHTS[PRICE_ABOVE_LIST]), 3)
    assert WEIGHTS[RELATED_PARTY] < two < 1
    assert score([]) == 0


@pytest.mark.parametrize(
    "code", [RELATED_PARTY, PRICE_ABOVE_LIST, QUICK_TERMINATION, VENDOR_BURST, SPLIT_CONTRACT]
)
def test_every_signal_at_full_strength_is_flagged_alone(code):
    assert score([signal(code)]) >= FLAG_AT


def test_the_thresholds_the_docstring_states():
    # A price about twice the list price or more is flagged alone; 1.8 times is not, but adds up.
    assert score([price_above_list(deal(value_vnd=int(6_000_000 * 1.95)), PRICE)]) >= FLAG_AT
    assert score([price_above_list(deal(value_vnd=int(6_000_000 * 1.8)), PRICE)]) < FLAG_AT
    # A quick end: flagged alone within about five weeks, not at seven.
    assert score([quick_termination(ended(38), replaced=False)]) >= FLAG_AT
    assert score([quick_termination(ended(49), replaced=False)]) < FLAG_AT
    # A split eleven days apart is flagged alone, fourteen is not.
    assert score([signal(SPLIT_CONTRACT, 1 - 0.5 * 4 / 7)]) >= FLAG_AT
    assert score([signal(SPLIT_CONTRACT, 0.5)]) < FLAG_AT
    # Four new firms (strength 4/6) make a burst worth a review.
    assert score([signal(VENDOR_BURST, 4 / 6)]) >= FLAG_AT
    # A weak price signal and a weak quick end together are.
    weak = [
        price_above_list(deal(value_vnd=int(6_000_000 * 1.6)), PRICE),
        quick_termination(ended(50), replaced=False),
    ]
    assert all(score([s]) < FLAG_AT for s in weak) and score(weak) >= FLAG_AT


def test_after_a_subsidy_a_quick_end_weighs_more():
    after_signing = quick_termination(ended(20), replaced=False)
    after_subsidy = quick_termination(ended(20, subsidy_paid_on=date(2026, 5, 6)), replaced=False)
    assert score([after_subsidy]) > score([after_signing])


def test_the_fingerprint_keeps_the_kinds_of_evidence_not_the_amounts():
    a = [signal(RELATED_PARTY, 1.0, "related_party:phone"), signal(PRICE_ABOVE_LIST, 0.7)]
    b = [signal(PRICE_ABOVE_LIST, 0.9), signal(RELATED_PARTY, 1.0, "related_party:phone")]
    assert fingerprint(a) == fingerprint(b) == "price_above_list related_party:phone"
    assert fingerprint([signal(RELATED_PARTY, 1.0, "related_party:address")]) != fingerprint(a[:1])


def test_the_spec_record_strongest_signal_first_and_findings_highest_score_first():
    weak = price_above_list(deal(value_vnd=9_600_000), PRICE)
    strong = quick_termination(ended(3), replaced=False)
    finding = Finding.of("c-17", [weak, strong])
    record = finding.to_json()
    assert list(record) == ["contract_id", "score", "signals", "reasons"]
    assert record["contract_id"] == "c-17" and 0 < record["score"] <= 1
    assert record["signals"] == ["quick_termination", "price_above_list"]
    assert record["reasons"][0] == "Hợp đồng chấm dứt 3 ngày sau khi ký (04/05/2026)"
    others = ranked({"c-2": [weak], "c-1": [weak], "c-3": [strong, weak]})
    assert [f.contract_id for f in others] == ["c-3", "c-1", "c-2"]


def test_english_reasons_come_from_the_catalog():
    finding = Finding.of("c-1", [quick_termination(ended(3), replaced=False)])
    assert finding.to_json("en")["reasons"] == ["The contract ended 3 days after it was signed (04/05/2026)"]
