"""Readiness self-assessment: level 0-5 and per-pillar breakdown from versioned questionnaire files."""

import json

import pytest

from marketplace.domain import ValidationFailed
from smes.readiness import assess, current_framework, load_frameworks

PILLARS = {
    "customer_experience",
    "strategy",
    "digital_infrastructure",
    "operations",
    "organisation_culture",
    "data_assets",
}


def answers(framework, pick):
    return {q.code: pick(q) for p in framework.pillars for q in p.questions}


def test_the_shipped_framework_covers_the_six_pillars_in_vietnamese():
    framework = current_framework()
    assert framework.ref == "dbi-sme/2026.1"
    assert {p.code for p in framework.pillars} == PILLARS
    assert all(q.text.endswith("?") for p in framework.pillars for q in p.questions)


def test_lowest_and_highest_answers_give_levels_0_and_5():
    framework = current_framework()
    low = assess(framework, answers(framework, lambda q: 0))
    high = assess(framework, answers(framework, lambda q: len(q.options) - 1))
    assert (low.level, high.level) == (0, 5)
    assert all(p.score == 0 for p in low.pillars) and all(p.score == 5 for p in high.pillars)


def test_breakdown_shows_each_pillar_and_the_framework():
    framework = current_framework()
    strong_strategy = answers(framework, lambda q: len(q.options) - 1 if q.code.startswith("st_") else 1)
    result = assess(framework, strong_strategy)
    by_pillar = {p.code: p for p in result.pillars}
    assert by_pillar["strategy"].score == 5 and by_pillar["strategy"].level == 5
    assert by_pillar["operations"].score < 2
    assert result.level == 2
    stored = result.breakdown()
    assert stored["framework"] == "dbi-sme/2026.1" and len(stored["pillars"]) == 6


def test_unanswered_or_unknown_answers_are_refused():
    framework = current_framework()
    partial = answers(framework, lambda q: 0)
    partial.pop("st_plan")
    partial["cx_channels"] = 9
    with pytest.raises(ValidationFailed) as refused:
        assess(framework, partial)
    assert set(refused.value.fields) == {"st_plan", "cx_channels"}


def test_an_office_publishes_a_new_version_as_a_file(tmp_path):
    base = current_framework()
    data = {
        "id": "dbi-sme",
        "version": "2027.1",
        "name": "Phiên bản mới",
        "levels": [{"level": 0, "from": 0}, {"level": 3, "from": 1}],
        "pillars": [
            {
                "code": "strategy",
                "name": "Chiến lược",
                "questions": [
                    {
                        "code": "q1",
                        "text": "Câu hỏi?",
                        "options": [{"score": 0, "label": "Không"}, {"score": 2, "label": "Có"}],
                    }
                ],
            }
        ],
    }
    (tmp_path / "dbi-sme-2027.1.json").write_text(json.dumps(data), encoding="utf-8")
    assert set(load_frameworks(tmp_path)) == {"dbi-sme/2026.1", "dbi-sme/2027.1"}
    newest = current_framework(tmp_path)
    assert newest.ref == "dbi-sme/2027.1" and newest.ref != base.ref
    assert assess(newest, {"q1": 1}).level == 3
