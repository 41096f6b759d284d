"""The contract and report domain modules are plain Python: no Flask, no SQLAlchemy."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "contracts.status",
        "contracts.terms",
        "contracts.counting",
        "reports.aggregate",
        "reports.firsts",
        "reports.charts",
    ],
)
def test_domain_module_imports_no_framework(module):
    code = (
        f"import sys, {module}; bad = sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} loads {result.stdout.strip()} {result.stderr[-500:]}"
