"""The schedule module is plain Python: importing it loads neither Flask, SQLAlchemy nor Stripe."""

import subprocess
import sys


def test_schedule_imports_no_framework_and_no_stripe():
    code = (
        "import sys, payments.schedule; "
        "bad = sorted(m for m in ('flask', 'sqlalchemy', 'stripe') if m in sys.modules); "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"payments.schedule loads {result.stdout.strip()} {result.stderr[-500:]}"
