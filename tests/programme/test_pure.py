"""The programme's pure rules: tiers and the latest assessment, the history chart, the change between two
assessments, the roadmap, and the ranking of consultants with its reasons."""

from dataclasses import dataclass
from datetime import date

from assessments.chart import history_chart
from assessments.diff import compare
from assessments.roadmap import STEPS, next_step, roadmap
from assessments.tiers import latest, tier_of
from consultants.ranking import Candidate, Need, rank


@dataclass
class A:
    id: str
    assessed_on: date
    level: int
    answers: dict | None = None


def test_tiers_follow_interchange_md():
    assert [tier_of(level) for level in (None, 0, 1, 2, 3, 4, 5)] == [
        "unassessed",
        "khoi_dong",
        "khoi_dong",
        "nang_cao",
        "nang_cao",
        "toan_dien",
        "toan_dien",
    ]


def test_latest_is_the_latest_day_then_the_larger_id_compared_as_text():
    same_day = [A("a-9", date(2026, 5, 1), 1), A("a-10", date(2026, 5, 1), 4), A("A-99", date(2026, 5, 1), 2)]
    assert latest(same_day).id == "a-9"  # "a-9" > "a-10" > "A-99" code point by code point
    assert latest([*same_day, A("z", date(2026, 4, 30), 5)], on_or_before=date(2026, 4, 30)).id == "z"
    assert latest(same_day, on_or_before=date(2026, 1, 1)) is None


def test_chart_spreads_days_in_proportion_and_levels_bottom_to_top():
    chart = history_chart(
        [A("b", date(2026, 1, 11), 5), A("a", date(2026, 1, 1), 0), A("c", date(2026, 1, 31), 2)]
    )
    xs = [p.x for p in chart.points]
    assert xs[0] < xs[1] < xs[2] and abs((xs[1] - xs[0]) * 2 - (xs[2] - xs[1])) < 0.01
    assert chart.points[0].y == chart.bottom and chart.points[1].y < chart.points[2].y < chart.bottom
    one = history_chart([A("a", date(2026, 1, 1), 3)])
    assert len(one.points) == 1 and one.polyline


def test_change_between_two_assessments_in_either_order():
    before, after = (
        A("a", date(2026, 1, 1), 1, {"q1": 1, "q2": 2}),
        A("b", date(2026, 3, 2), 4, {"q1": 3, "q2": 2}),
    )
    for change in (compare(before, after), compare(after, before)):
        assert (change.level_change, change.direction, change.days) == (3, "improved", 60)
        assert (change.tier_before, change.tier_after) == ("khoi_dong", "toan_dien")
        assert change.answers == (("q1", 1, 3),)


def test_roadmap_keeps_open_lower_steps_first_and_ticks_signed_categories():
    steps = roadmap("nang_cao", {"e_invoice", "accounting", "sales_pos", "cashless_payment", "crm"})
    assert [s.category for s in steps] == ["digital_skills_training", *STEPS["nang_cao"]]
    assert [s.category for s in steps if s.done] == ["crm"]
    assert next_step(steps).category == "digital_skills_training"
    assert [s.category for s in roadmap("unassessed", set())] == list(STEPS["khoi_dong"])
    assert next_step(roadmap("khoi_dong", set(STEPS["khoi_dong"]))) is None


def test_ranking_serves_the_province_first_then_needs_sector_certification_track():
    need = Need("Huế", "tourism", ["booking", "sales_pos"])
    candidates = [
        Candidate("c-far", "Xa", ["booking", "sales_pos"], ["tourism"], ["Hà Nội"], date(2025, 1, 1), 9),
        Candidate("c-half", "Một nửa", ["booking"], ["*"], ["*"], None, 0),
        Candidate("c-best", "Đúng", ["booking", "sales_pos"], ["tourism"], ["Huế"], date(2025, 3, 1), 5),
        Candidate("c-tie", "Một nửa nữa", ["booking"], ["*"], ["*"], None, 0),
    ]
    ranked = rank(need, candidates)
    assert [r.candidate.id for r in ranked] == ["c-best", "c-half", "c-tie"]  # ties by id; c-far not in Huế
    templates = [t for t, _ in ranked[0].reasons]
    assert templates[0] == "Tư vấn đúng nhu cầu: %(needs)s" and ranked[0].reasons[0][1] == {
        "needs": ["booking", "sales_pos"]
    }
    assert "Am hiểu ngành của doanh nghiệp" in templates and "Đạt chuẩn từ %(day)s" in templates
    assert ranked[0].score == 1.0
