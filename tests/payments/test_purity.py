"""Schedules and the ledger are plain Python: importing them loads neither Flask, SQLAlchemy nor Stripe."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["payments.schedule", "payments.ledger"])
def test_pure_payment_modules_import_no_framework_and_no_stripe(module):
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in ('flask', 'sqlalchemy', 'stripe') if m in sys.modules); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} loads {result.stdout.strip()} {result.stderr[-500:]}"
