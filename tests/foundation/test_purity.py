"""Domain modules stay plain Python: importing them loads neither Flask nor SQLAlchemy.

Payment schedules and the ledger load no Stripe either.
"""

import subprocess
import sys

import pytest

FRAMEWORKS = ("flask", "sqlalchemy")
PURE_MODULES = [
    "core.formatting", "core.domain", "accounts.passwords", "core.translation",
    "core.jsonfile", "core.jsontext", "core.spreadsheet",
    "core.vocab", "core.text", "catalog.product", "catalog.facets", "catalog.terms",
    "interchange.format", "catalog.lifecycle", "catalog.editions",
    "catalog.search.analysis", "catalog.search.segment", "catalog.search.embedded",
    "catalog.search.highlight", "catalog.search.model", "catalog.search.documents",
    "matching.engine", "matching.reasons", "core.needs", "core.bm25", "core.measures",
    "matching.affordability", "matching.evaluation",
    "matching.textindex", "matching.model",
    "contracts.counting", "contracts.status", "contracts.terms", "contracts.policy", "demo.contracts",
    "reports.aggregate", "reports.charts", "reports.firsts",
    "smes.sizing", "smes.readiness", "smes.completeness", "catalog.tags",
    "integrity.contacts", "integrity.reasons", "integrity.signals", "integrity.scoring",
    "integrity.evaluation", "integrity.synthetic", "core.backoff", "notifications.events",
    "assessments.tiers", "indicators.export",
    "opendata.cursors", "opendata.suppression", "opendata.signing", "vouchers.rules",
    "catalog.stars", "reviews.rules", "core.holidays", "complaints.rules", "rereview.rules",
    "assessments.chart", "assessments.diff", "assessments.roadmap", "consultants.ranking",
    "indicators.annual", "indicators.targets", "vendors.vetting_rules",
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
