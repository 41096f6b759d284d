"""Domain modules stay plain Python: importing them loads neither Flask nor SQLAlchemy.

Payment schedules and the ledger load no Stripe either.
"""

import subprocess
import sys

import pytest

FRAMEWORKS = ("flask", "sqlalchemy")
PURE_MODULES = [
    "catalog.vocab", "catalog.text", "catalog.product", "marketplace.formatting", "marketplace.domain",
    "marketplace.auth.passwords", "marketplace.bilingual", "smes.sizing",
]
PURE_PAYMENT_MODULES = ["payments.schedule", "payments.ledger"]


@pytest.mark.parametrize(
    ("module", "banned"),
    [(m, FRAMEWORKS) for m in PURE_MODULES] + [(m, (*FRAMEWORKS, "stripe")) for m in PURE_PAYMENT_MODULES],
)
def test_domain_module_imports_no_framework(module, banned):
    code = (
        f"import sys, {module}; "
        f"bad = sorted(m for m in {banned!r} if m in sys.modules); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} loads {result.stdout.strip()} {result.stderr[-500:]}"
