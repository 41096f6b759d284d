"""Identifiers: the ids of records made here, and Vietnamese tax codes."""

from __future__ import annotations

import re
import secrets

from core.domain import N_

# 10 ASCII digits, or 10 + "-" + 3 for a branch. ASCII only: "０１２３..." or Arabic-Indic digits are
# digits to Python's \d, and would end up in signed terms. \Z, not $: "$" also matches before a final
# newline. Every place that takes a tax code (registration, the SME profile, the interchange schema's
# equivalent pattern) checks it with this.
TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?\Z")
TAX_CODE_RULE = N_("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số kèm '-' và 3 chữ số cho chi nhánh "
                   "(vd. 0101234567-001).")


def new_id(prefix: str) -> str:
    """A new record id such as 'p-3f9a1c2b7e' (prefix: the kind of record)."""
    return f"{prefix}-{secrets.token_hex(5)}"


def tax_code_problem(tax_code: str | None) -> str | None:
    """Why `tax_code` is not a Vietnamese tax code, or None."""
    return None if TAX_CODE.match(tax_code or "") else TAX_CODE_RULE
