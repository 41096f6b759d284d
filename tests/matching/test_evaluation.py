"""Ranking metrics, baselines, and the engine's figures on the judged development set."""

import json
import subprocess
import sys

import pytest

from interchange.format import DEV_CATALOG as DEV
from matching.evaluation import average_precision, evaluate, judged_set_from_document, ndcg, recall
from smes.sizing import size_of_interchange_sme


def test_metrics_on_a_known_ranking():
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg(["a", "b", "c", "x"], grades) == pytest.approx(1.0)
    assert ndcg(["x", "y"], grades) == 0.0
    assert 0 < ndcg(["c", "b", "a"], grades) < 1
    assert average_precision(["a", "x", "b"], grades) == pytest.approx((1 + 2 / 3) / 3)
    assert recall(["a", "x", "b"], grades) == pytest.approx(2 / 3)


def test_engine_beats_every_baseline_on_the_development_set():
    data = judged_set_from_document(json.loads(DEV.read_text(encoding="utf-8")), size_of_interchange_sme)
    figures = evaluate(data)
    best_baseline = max(figures[name]["ndcg@10"] for name in ("popularity", "bm25", "random"))
    assert figures["engine"]["ndcg@10"] >= 0.90
    assert figures["engine"]["ndcg@10"] - best_baseline >= 0.08
    assert figures["engine"]["recall@10"] > figures["bm25"]["recall@10"]


@pytest.mark.parametrize(
    "module",
    ["matching.engine", "matching.evaluation", "matching.benchmark", "smes.sizing", "smes.readiness"],
)
def test_engine_modules_load_neither_flask_nor_sqlalchemy(module):
    code = (
        f"import sys, {module}; bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
