"""Readiness self-assessment: level 0-5 and per-pillar breakdown from versioned questionnaire files."""

import json
import re

import pytest

from core.domain import ValidationFailed
from smes.readiness import Framework, assess, current_framework, load_frameworks

PILLARS = {
    "customer_experience",
    "strategy",
    "digital_infrastructure",
    "operations",
    "organisation_culture",
    "data_assets",
}
VIETNAMESE = re.compile(r"[À-ỹĐđ]")


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


def _texts(framework):
    """Every text of a framework as (Vietnamese, English or None) pairs."""
    pairs = [(framework.name, framework.name_en), (framework.basis, framework.basis_en)]
    for pillar in framework.pillars:
        pairs.append((pillar.name, pillar.name_en))
        for question in pillar.questions:
            pairs.append((question.text, question.text_en))
            pairs += [(option.label, option.label_en) for option in question.options]
    return pairs


def test_every_text_of_the_shipped_framework_has_an_english_version():
    framework = current_framework()
    pairs = _texts(framework)
    assert len(pairs) == 2 + 6 + 18 + 72
    assert [vi for vi, en in pairs if not en] == []
    # "Excel" is the same word in both languages; nothing else may be left in Vietnamese.
    assert [en for _, en in pairs if VIETNAMESE.search(en)] == []
    assert [vi for vi, en in pairs if vi == en] == ["Excel"]
    questions = [q for p in framework.pillars for q in p.questions]
    assert all(q.text_in("en").endswith("?") for q in questions)
    assert framework.pillars[0].name_in("en") == "Customer experience"
    assert framework.pillars[0].name_in("vi") == "Trải nghiệm khách hàng"


def test_texts_without_english_fall_back_to_vietnamese_one_by_one():
    framework = Framework.from_dict(
        {
            "id": "dbi-sme",
            "version": "2027.1",
            "name": "Phiên bản mới",
            "levels": [{"level": 0, "from": 0}],
            "pillars": [
                {
                    "code": "strategy",
                    "name": "Chiến lược",
                    "name_en": "Strategy",
                    "questions": [
                        {"code": "q1", "text": "Câu hỏi?", "options": [{"score": 0, "label": "Không"}]}
                    ],
                }
            ],
        }
    )
    pillar = framework.pillars[0]
    question = pillar.questions[0]
    assert (framework.name_in("en"), framework.basis_in("en")) == ("Phiên bản mới", "")
    assert (pillar.name_in("en"), question.text_in("en"), question.options[0].label_in("en")) == (
        "Strategy",
        "Câu hỏi?",
        "Không",
    )
    assert framework.pillar_names("en") == {"strategy": "Strategy"}
    assert framework.pillar_names("vi") == {"strategy": "Chiến lược"}
