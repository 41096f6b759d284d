"""Contract terms: validation of proposals, the canonical JSON and its SHA-256 digest."""

import hashlib
from datetime import date

import pytest

from catalog.product import Pricing
from contracts.terms import Terms, canonical_json, canonical_terms, digest, matches, parse_terms
from core.domain import ValidationFailed

PARTIES = dict(
    sme={"id": "s-1", "name": "Công ty TNHH Hoa Sen", "tax_code": "0301234567"},
    vendor={"id": "v-1", "name": "Công ty Phần mềm Sao Mai", "tax_code": None},
    product={"id": "p-1", "name": "Hóa đơn điện tử"},
)


def _terms(**over) -> dict:
    values = dict(
        contract_id="c-1",
        version=1,
        parent_id=None,
        **PARTIES,
        terms=Terms(Pricing("subscription"), 1_800_000, date(2026, 7, 1), 12),
    )
    values.update(over)
    return canonical_terms(**values)


def test_canonical_json_sorts_keys_keeps_vietnamese_and_has_no_spaces():
    text = canonical_json({"b": 1, "a": "Hóa đơn", "c": {"z": None, "y": [1, 2]}}).decode("utf-8")
    assert text == '{"a":"Hóa đơn","b":1,"c":{"y":[1,2],"z":null}}'


def test_digest_is_sha256_of_the_canonical_json():
    terms = _terms()
    assert digest(terms) == hashlib.sha256(canonical_json(terms)).hexdigest()
    assert len(digest(terms)) == 64


def test_digest_changes_with_any_term_and_not_with_key_order():
    terms = _terms()
    assert digest(dict(reversed(list(terms.items())))) == digest(terms)
    other = _terms(terms=Terms(Pricing("subscription"), 1_800_001, date(2026, 7, 1), 12))
    assert digest(other) != digest(terms)


def test_matches_accepts_the_digest_in_any_case_and_refuses_others():
    terms = _terms()
    assert matches(terms, digest(terms).upper())
    assert not matches(terms, "0" * 64)
    assert not matches(terms, "")
    assert not matches(terms, "đ" * 64)


def test_parse_terms_normalises_and_keeps_only_the_type_s_terms():
    terms = parse_terms(
        {"type": "co_investment", "vendor_share_pct": 30.0, "price_vnd": 5},
        6_000_000,
        date(2026, 1, 1),
        12,
        complete=True,
    )
    assert terms.pricing == Pricing("co_investment", vendor_share_pct=30)
    assert terms.to_dict()["pricing"] == {"type": "co_investment", "vendor_share_pct": 30}


@pytest.mark.parametrize(
    ("pricing", "field"),
    [
        ({"type": "one_time"}, "pricing.price_vnd"),
        ({"type": "use_first_pay_later"}, "pricing.free_months"),
        ({"type": "use_first_pay_later", "free_months": 0}, "pricing.free_months"),
        ({"type": "co_investment", "vendor_share_pct": 101}, "pricing.vendor_share_pct"),
        ({"type": "revenue_sharing"}, "pricing.revenue_share_pct"),
        ({"type": "barter"}, "pricing.type"),
    ],
)
def test_parse_terms_names_the_wrong_pricing_field(pricing, field):
    with pytest.raises(ValidationFailed) as refused:
        parse_terms(pricing, 1_000_000, date(2026, 1, 1), 12)
    assert field in refused.value.fields


def test_parse_terms_requires_value_start_and_months_in_an_offer():
    with pytest.raises(ValidationFailed) as refused:
        parse_terms({"type": "subscription"}, None, None, None, complete=True)
    assert set(refused.value.fields) == {"value_vnd", "start_date", "months"}


def test_parse_terms_refuses_a_model_the_product_does_not_offer():
    with pytest.raises(ValidationFailed) as refused:
        parse_terms({"type": "one_time", "price_vnd": 1}, allowed_types=("subscription",))
    assert "pricing.type" in refused.value.fields


def test_free_months_must_be_fewer_than_the_duration():
    with pytest.raises(ValidationFailed) as refused:
        parse_terms({"type": "use_first_pay_later", "free_months": 12}, 1, date(2026, 1, 1), 12)
    assert "pricing.free_months" in refused.value.fields


def test_negative_value_is_refused():
    with pytest.raises(ValidationFailed) as refused:
        parse_terms({"type": "subscription"}, -1, date(2026, 1, 1), 12)
    assert "value_vnd" in refused.value.fields


def test_amounts_beyond_the_interchange_bound_are_refused():
    with pytest.raises(ValidationFailed) as refused:
        parse_terms(
            {"type": "revenue_sharing", "revenue_share_pct": 5, "monthly_cap_vnd": 10**16}, 10**25, None, 241
        )
    assert refused.value.fields == {
        "pricing.monthly_cap_vnd": "Phải từ 0 đến 1.000.000.000.000.000.",
        "value_vnd": "Phải từ 0 đến 1.000.000.000.000.000.",
        "months": "Phải từ 1 đến 240.",
    }
    assert parse_terms({"type": "subscription"}, 10**15).value_vnd == 10**15
