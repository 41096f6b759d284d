"""Domain packages must stay plain Python: importing them loads neither Flask nor SQLAlchemy."""

import subprocess
import sys

import pytest

PURE_MODULES = [
    "catalog.vocab", "catalog.text", "catalog.product", "marketplace.formatting", "marketplace.domain",
    "marketplace.auth.passwords", "marketplace.bilingual", "smes.sizing",
]


@pytest.mark.parametrize("module", PURE_MODULES)
def test_domain_module_imports_no_framework(module):
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in ('flask', 'sqlalchemy') if m in sys.modules); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} loads {result.stdout.strip()} {result.stderr[-500:]}"
