"""Contract terms: validation of proposed terms and the canonical, digestible form of agreed terms (pure).

The digest that both sides sign is the SHA-256 (hex) of the canonical terms JSON: keys sorted,
UTF-8, no spaces, no ASCII escaping. The canonical terms name the contract (id, version), the
parties and the product as they stood when agreed, and the terms themselves. They are stored with
the contract, so that a later change of a profile or a product never changes what was signed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date

from catalog.product import Pricing
from core.domain import N_, FieldMessage, Label, ValidationFailed
from core.vocab import PRICING_TERMS, PRICING_TYPES, REQUIRED_TERMS
from interchange.format import MAX_CONTRACT_MONTHS as MAX_MONTHS
from interchange.format import MAX_VND


@dataclass(frozen=True)
class Terms:
    """What the two sides agree on: the pricing model with its terms, total value, start and duration."""

    pricing: Pricing
    value_vnd: int | None = None
    start_date: date | None = None
    months: int | None = None

    @property
    def complete(self) -> bool:
        return self.value_vnd is not None and self.start_date is not None and self.months is not None

    def to_dict(self) -> dict:
        return {
            "pricing": self.pricing.to_dict(),
            "value_vnd": self.value_vnd,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "months": self.months,
        }


def _grouped(number: float) -> str:
    """1000000 -> '1.000.000', 12.5 -> '12,5' (Vietnamese separators)."""
    return f"{number:,}".replace(",", " ").replace(".", ",").replace(" ", ".")


def _number(value, field: str, errors: dict, *, low: float, high: float, whole: bool = True):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors[field] = N_("Phải là một số.")
        return None
    if not low <= value <= high:  # first: also refuses NaN and infinity, which int() cannot take
        errors[field] = (N_("Phải từ %(low)s đến %(high)s."), {"low": _grouped(low), "high": _grouped(high)})
        return None
    if whole and value != int(value):
        errors[field] = N_("Phải là số nguyên.")
        return None
    return int(value) if value == int(value) else float(value)


def type_error(kind, allowed_types: tuple[str, ...] | None) -> FieldMessage | None:
    """What is wrong with pricing model `kind` for a product offering `allowed_types` (None: anything)."""
    if not isinstance(kind, str) or kind not in PRICING_TYPES:
        return N_("Chọn một hình thức thanh toán.")
    if allowed_types is not None and kind not in allowed_types:
        return (
            N_("Sản phẩm không áp dụng hình thức “%(kind)s”; chọn một trong các hình thức của sản phẩm."),
            {"kind": Label(PRICING_TYPES[kind])},
        )
    return None


def parse_terms(
    pricing: dict,
    value_vnd=None,
    start_date: date | None = None,
    months=None,
    *,
    allowed_types: tuple[str, ...] | None = None,
    complete: bool = False,
) -> Terms:
    """Validated, normalised terms; ValidationFailed names every wrong field (in Vietnamese).

    `allowed_types`: the product's pricing models; `complete`: value, start and months required
    (a vendor's offer, as opposed to an SME's request that only names a pricing model).
    """
    errors: dict[str, FieldMessage] = {}
    kind = (pricing or {}).get("type")
    if (wrong := type_error(kind, allowed_types)) is not None:
        errors["pricing.type"] = wrong
    if not isinstance(kind, str) or kind not in PRICING_TYPES:  # (a list, from a file, is no dict key)
        kind = None
    values: dict = {"type": kind}
    if kind is not None:
        for name in PRICING_TERMS[kind]:
            field = f"pricing.{name}"
            if name.endswith("_pct"):
                number = _number(pricing.get(name), field, errors, low=0, high=100, whole=False)
            elif name == "free_months":
                number = _number(pricing.get(name), field, errors, low=1, high=36)
            else:
                number = _number(pricing.get(name), field, errors, low=0, high=MAX_VND)
            if number is None and name == REQUIRED_TERMS.get(kind) and field not in errors:
                errors[field] = N_("Bắt buộc với hình thức thanh toán này.")
            values[name] = number
    value = _number(value_vnd, "value_vnd", errors, low=0, high=MAX_VND)
    length = _number(months, "months", errors, low=1, high=MAX_MONTHS)
    if start_date is not None and not isinstance(start_date, date):
        errors["start_date"] = N_("Ngày không hợp lệ.")
    if complete:
        for field, given in (("value_vnd", value), ("start_date", start_date), ("months", length)):
            if given is None and field not in errors:
                errors[field] = N_("Bắt buộc trong đề nghị hợp đồng.")
    free = values.get("free_months")
    if free is not None and length is not None and free >= length and "months" not in errors:
        errors["pricing.free_months"] = N_("Số tháng dùng miễn phí phải ít hơn thời hạn hợp đồng.")
    if errors:
        raise ValidationFailed(N_("Điều khoản hợp đồng chưa hợp lệ."), errors)
    return Terms(Pricing.from_dict(values), value, start_date, length)


def canonical_terms(
    *,
    contract_id: str,
    version: int,
    parent_id: str | None,
    sme: dict,
    vendor: dict,
    product: dict,
    terms: Terms,
) -> dict:
    """The document both sides sign. `sme`/`vendor`: id, name, tax_code; `product`: id, name."""
    return {
        "format": "sme-contract-terms/1",
        "contract_id": contract_id,
        "version": version,
        "amends": parent_id,
        "sme": sme,
        "vendor": vendor,
        "product": product,
        **terms.to_dict(),
    }


def canonical_json(terms: dict) -> bytes:
    return json.dumps(terms, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(terms: dict) -> str:
    """SHA-256 (hex) of the canonical terms JSON."""
    return hashlib.sha256(canonical_json(terms)).hexdigest()


def matches(terms: dict, claimed_digest: str) -> bool:
    """Whether `claimed_digest` is the digest of `terms` (constant-time comparison)."""
    claimed = (claimed_digest or "").strip().lower().encode("utf-8")
    return hmac.compare_digest(digest(terms).encode("ascii"), claimed)
