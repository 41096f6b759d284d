"""Who may review, how long a review stays editable, what moderation hints at, the Bayesian score (pure)."""

from datetime import UTC, date, datetime, timedelta

from catalog.stars import PRIOR_MEAN, bayesian, mean, shown
from reviews import rules

TODAY = date(2026, 6, 30)


def test_a_contract_counted_thirty_days_ago_may_be_reviewed():
    assert rules.may_review(TODAY - timedelta(days=30), "active", TODAY, reviewed=False) is None
    assert rules.may_review(TODAY - timedelta(days=400), "signed", TODAY, reviewed=False) is None


def test_a_contract_counted_less_than_thirty_days_ago_waits_unless_it_ended():
    message, values = rules.may_review(TODAY - timedelta(days=29), "active", TODAY, reviewed=False)
    assert message == rules.TOO_RECENT and values == {"day": "01/07/2026"}
    for ended in ("completed", "terminated"):
        assert rules.may_review(TODAY - timedelta(days=3), ended, TODAY, reviewed=False) is None


def test_no_review_without_a_counted_contract_nor_twice():
    assert rules.may_review(None, "awaiting_signatures", TODAY, reviewed=False)[0] == rules.NOT_SIGNED
    assert rules.may_review(None, "cancelled", TODAY, reviewed=False)[0] == rules.NOT_SIGNED
    assert rules.may_review(TODAY - timedelta(days=90), "active", TODAY, reviewed=True)[0] == rules.ALREADY


def test_a_review_is_editable_for_thirty_days():
    written = datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert rules.editable(written, written + timedelta(days=29, hours=23))
    assert not rules.editable(written, written + timedelta(days=30))


def test_personal_data_is_found_as_people_write_it():
    text = "Gọi chị Lan 0912.345.678 hoặc +84 98 765 4321, mail lan.nguyen@gmail.com, CCCD 001190012345."
    found = rules.personal_data(text)
    assert "lan.nguyen@gmail.com" in found and "001190012345" in found
    assert any("0912.345.678" in f for f in found) and any("98 765 4321" in f for f in found)


def test_ordinary_reviews_give_no_hints():
    text = (
        "Phần mềm dễ dùng, giá 150.000 ₫/tháng, tháng 3/2026 đã xuất 1.200 hóa đơn. "
        "Nhân viên đeo tai nghe nghe hướng dẫn, cứ thế làm theo."
    )
    assert rules.hints("Tốt", text) == {}


def test_abuse_is_read_without_diacritics():
    assert rules.hints("Tệ", "Đồ ngu, hỗ trợ như óc chó.") == {"abuse": ["do ngu", "oc cho"]}


def test_the_bayesian_average_keeps_one_five_star_review_below_thirty_of_four_point_six():
    one_five = bayesian(1, 5)
    thirty = bayesian(30, round(30 * 4.6))
    assert thirty > one_five > PRIOR_MEAN == bayesian(0, 0)
    assert round(one_five, 2) == 3.75 and round(thirty, 2) == 4.44
    assert bayesian(1, 1) < PRIOR_MEAN  # one poor review pulls a little below the unknown
    assert mean(0, 0) is None and shown(mean(30, 138)) == "4,6" and shown(None) == "—"
