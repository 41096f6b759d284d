"""Each check of deal integrity on plain facts: the pattern, its thresholds, and the ordinary business
that looks like it (integrity.signals, pure)."""

from datetime import date, timedelta

import pytest

from catalog.product import Pricing
from integrity.contacts import Contacts
from integrity.signals import (
    BURST_DAYS,
    BURST_MIN,
    FRESH_DAYS,
    PRICE_EXCESS_MIN_VND,
    PRICE_RATIO_MIN,
    QUICK_DAYS,
    REPLACEMENT_DAYS,
    SPLIT_DAYS,
    Deal,
    ListPrice,
    examine,
    list_value,
    price_above_list,
    price_at,
    quick_termination,
    split_contracts,
    subsidy_anchor,
    vendor_bursts,
)
from payments.schedule import ContractTerms, build_schedule

DAY = date(2026, 5, 4)
PRICE = ListPrice(date(2026, 1, 1), 500_000, None, 9_000_000)  # 500.000 ₫ a month, or 9.000.000 ₫ once


def deal(n=1, *, day=DAY, sme_id="s-1", vendor="v-1", product="p-1", **over) -> Deal:
    values = dict(
        id=f"c-{n}",
        sme_id=sme_id,
        vendor_id=vendor,
        product_id=product,
        chain=f"c-{n}",
        day=day,
        signed_on=day,
        status="active",
        pricing_type="subscription",
        value_vnd=6_000_000,
        months=12,
        start_date=day,
        free_months=None,
        price_vnd=None,
        ended_on=None,
    )
    return Deal(**{**values, **over})


def codes(deals, vendors=None, prices=None):
    found = examine(deals, vendors or {}, prices or {"p-1": [PRICE]})
    return {deal_id: sorted(s.code for s in signals) for deal_id, signals in found.items()}


# -- related parties -------------------------------------------------------------------------------------


def test_an_sme_sharing_the_vendors_phone_is_a_related_party_with_the_number_in_its_reason():
    vendors = {"v-1": Contacts("0912.345.678")}
    found = examine([deal(sme=Contacts("+84 912 345 678"))], vendors, {"p-1": [PRICE]})
    (signal,) = found["c-1"]
    assert signal.code == "related_party" and signal.strength == 1.0
    assert signal.reason.text() == "Cùng số điện thoại 0912 345 678 với nhà cung cấp"
    assert signal.reason.text("en") == "Same phone number 0912 345 678 as the vendor"


def test_a_vendor_members_login_mailbox_counts_as_the_vendors():
    sme = Contacts(email="ketoan@gmail.com", people=("minh.le@abc-soft.vn",))
    vendors = {"v-1": Contacts(email="info@abc-soft.vn")}
    assert codes([deal(sme=sme)], vendors) == {"c-1": ["related_party"]}


def test_public_mailboxes_and_neighbouring_addresses_are_not_related():
    sme = Contacts("0987 111 222", None, "lan@gmail.com", "Tầng 9, tòa nhà Sông Đà, 18 Phạm Hùng, Hà Nội")
    vendors = {
        "v-1": Contacts("0912 345 678", None, "sales@gmail.com", "Tầng 3, tòa nhà Sông Đà, 18 Phạm Hùng")
    }
    assert codes([deal(sme=sme)], vendors) == {}


def test_an_address_alone_is_weaker_than_a_telephone_line():
    vendors = {"v-1": Contacts("0912 345 678", address="12 Lê Lợi, Huế")}
    by_phone = examine([deal(sme=Contacts("0912345678"))], vendors, {})["c-1"][0]
    by_address = examine([deal(sme=Contacts(address="Số 12 Lê Lợi, TP. Huế"))], vendors, {})["c-1"][0]
    assert by_address.strength < by_phone.strength
    assert by_address.key == "related_party:address" and by_phone.key == "related_party:phone"


# -- prices above the list -------------------------------------------------------------------------------


def test_list_value_per_pricing_model():
    price = ListPrice(None, 500_000, 1_000_000, 9_000_000)
    assert list_value(deal(months=12), price) == 7_000_000
    # Every month counts, free ones too: a contract never costs more than its months at the list price.
    assert list_value(deal(pricing_type="use_first_pay_later", free_months=3, months=12), price) == 7_000_000
    assert list_value(deal(pricing_type="co_investment", months=12), price) == 7_000_000
    assert list_value(deal(pricing_type="one_time"), price) == 10_000_000
    assert list_value(deal(pricing_type="revenue_sharing"), price) is None
    assert list_value(deal(months=None), price) is None
    assert list_value(deal(pricing_type="one_time"), ListPrice(None, 500_000, None, None)) is None
    assert list_value(deal(), ListPrice(None, 0, None, None)) is None  # a free listing prices no services


def test_a_paid_contract_for_a_free_listing_is_not_a_price_above_the_list():
    assert price_above_list(deal(value_vnd=20_000_000), ListPrice(None, 0, None, None)) is None


def test_twice_the_list_price_is_flagged_alone_and_its_reason_names_both_prices():
    signal = price_above_list(deal(value_vnd=12_000_000), PRICE)
    assert signal.code == "price_above_list"
    assert (
        signal.reason.text()
        == "Giá trị hợp đồng 12.000.000 ₫, gấp 2,0 lần giá niêm yết 6.000.000 ₫ cho 12 tháng"
    )


def test_a_premium_below_half_the_list_price_is_ordinary():
    ratio = PRICE_RATIO_MIN - 0.01
    assert price_above_list(deal(value_vnd=int(6_000_000 * ratio)), PRICE) is None
    assert price_above_list(deal(value_vnd=int(6_000_000 * PRICE_RATIO_MIN)), PRICE) is not None


def test_a_small_excess_on_a_cheap_tool_is_not_worth_a_review():
    cheap = ListPrice(None, 99_000, None, None)
    value = 99_000 + PRICE_EXCESS_MIN_VND - 1  # eleven times the list price for one month, but a small sum
    assert price_above_list(deal(months=1, value_vnd=value), cheap) is None


def test_a_one_time_price_is_compared_with_the_listed_one_time_price():
    assert (
        price_above_list(deal(pricing_type="one_time", price_vnd=9_500_000, value_vnd=9_500_000), PRICE)
        is None
    )
    signal = price_above_list(
        deal(pricing_type="one_time", price_vnd=27_000_000, value_vnd=27_000_000), PRICE
    )
    assert signal.reason.text() == "Giá mua đứt 27.000.000 ₫, gấp 3,0 lần giá niêm yết 9.000.000 ₫"


def test_the_price_published_when_the_deal_was_signed_counts():
    history = [
        ListPrice(date(2026, 1, 1), 300_000, None, None),
        ListPrice(date(2026, 6, 1), 1_000_000, None, None),
    ]
    assert price_at(history, date(2026, 5, 31)).monthly_vnd == 300_000
    assert price_at(history, date(2026, 6, 1)).monthly_vnd == 1_000_000
    assert price_at(history, date(2025, 12, 1)).monthly_vnd == 300_000  # recorded before the listing arrived
    assert price_at([], DAY) is None


# -- quick terminations ----------------------------------------------------------------------------------


def ended(days: int, **over) -> Deal:
    return deal(status="terminated", ended_on=DAY + timedelta(days=days), **over)


def test_ended_within_a_month_of_signing_is_a_quick_termination():
    signal = quick_termination(ended(12), replaced=False)
    assert signal.strength == 1.0 and signal.key == "quick_termination:signature"
    assert signal.reason.text() == "Hợp đồng chấm dứt 12 ngày sau khi ký (04/05/2026)"


def test_the_strength_fades_after_a_month_and_ends_after_two():
    assert quick_termination(ended(45), replaced=False).strength < 1.0
    assert quick_termination(ended(QUICK_DAYS), replaced=False) is not None
    assert quick_termination(ended(QUICK_DAYS + 1), replaced=False) is None


def test_an_end_near_the_term_or_a_replacement_or_a_completion_is_no_walk_away():
    assert quick_termination(ended(50, months=3), replaced=False) is None  # over half of 3 months had run
    assert quick_termination(ended(10), replaced=True) is None
    assert (
        quick_termination(deal(status="completed", ended_on=DAY + timedelta(days=10)), replaced=False) is None
    )


def test_the_first_payment_then_the_subsidy_are_what_a_termination_is_measured_from():
    paid = ended(20, first_paid_on=DAY + timedelta(days=5))
    assert subsidy_anchor(paid) == ("payment", DAY + timedelta(days=5))
    assert quick_termination(paid, replaced=False).reason.text() == (
        "Hợp đồng chấm dứt 15 ngày sau lần thanh toán đầu tiên (09/05/2026)"
    )
    subsidised = ended(20, first_paid_on=DAY + timedelta(days=5), subsidy_paid_on=DAY + timedelta(days=8))
    assert quick_termination(subsidised, replaced=False).key == "quick_termination:subsidy"


def test_an_upgrade_with_the_same_vendor_replaces_the_ended_deal():
    first = ended(20)
    upgrade = deal(2, day=DAY + timedelta(days=20), product="p-2")
    assert codes([first, upgrade]) == {}
    later = deal(3, day=DAY + timedelta(days=20 + REPLACEMENT_DAYS + 1), product="p-2")
    assert codes([first, later]) == {"c-1": ["quick_termination"]}


# -- bursts of deals with new firms ----------------------------------------------------------------------


def burst(new: int, established: int = 0, joined_days: int = 5, spread: int = 9) -> list[Deal]:
    """Deals of one vendor with `new` SMEs that joined days before, and with `established` ones."""
    deals = []
    for i in range(new + established):
        day = DAY + timedelta(days=i * spread // max(1, new + established - 1))
        joined = day - timedelta(days=joined_days if i < new else 400)
        deals.append(deal(i, day=day, sme_id=f"s-{i}", product=f"p-{i}", sme_joined_on=joined))
    return deals


def test_four_new_firms_in_a_fortnight_are_a_burst():
    deals = burst(BURST_MIN)
    found = vendor_bursts(deals)
    assert set(found) == {d.id for d in deals}
    assert found["c-0"].reason.text() == (
        "Nhà cung cấp ký với 4 doanh nghiệp mới tham gia sàn trong 14 ngày; doanh nghiệp này tham gia 5 ngày "
        "trước khi ký"
    )


def test_three_new_firms_or_new_firms_among_many_established_customers_are_no_burst():
    assert vendor_bursts(burst(BURST_MIN - 1)) == {}
    assert vendor_bursts(burst(BURST_MIN, established=BURST_MIN + 1)) == {}
    assert vendor_bursts(burst(0, established=14)) == {}  # a busy week with established customers


def test_firms_that_joined_long_ago_or_deals_spread_over_months_are_no_burst():
    assert vendor_bursts(burst(6, joined_days=FRESH_DAYS + 1)) == {}
    assert vendor_bursts(burst(6, spread=6 * BURST_DAYS)) == {}


def test_deals_known_to_be_unsubsidised_make_no_burst():
    assert vendor_bursts([d._replace(subsidised=False) for d in burst(5)]) == {}


# -- the same product bought twice -----------------------------------------------------------------------


def test_the_same_product_bought_twice_within_days_running_side_by_side_is_a_split():
    found = split_contracts([deal(1), deal(2, day=DAY + timedelta(days=3))])
    assert set(found) == {"c-1", "c-2"} and found["c-1"].strength == 1.0
    assert found["c-1"].reason.text() == "Doanh nghiệp mua cùng sản phẩm 2 lần trong 3 ngày (hợp đồng c-2)"
    assert split_contracts([deal(1), deal(2, day=DAY + timedelta(days=SPLIT_DAYS + 1))]) == {}


def test_a_renewal_an_upgrade_an_amendment_or_another_product_is_no_split():
    month = deal(1, months=1)
    renewal = deal(2, day=DAY + timedelta(days=10), start_date=DAY + timedelta(days=31), months=12)
    assert split_contracts([month, renewal]) == {}
    upgraded = deal(1, status="terminated", ended_on=DAY + timedelta(days=5))
    assert (
        split_contracts([upgraded, deal(2, day=DAY + timedelta(days=5), start_date=DAY + timedelta(days=5))])
        == {}
    )
    assert split_contracts([deal(1), deal(2, chain="c-1")]) == {}
    assert split_contracts([deal(1), deal(2, product="p-2")]) == {}
    assert split_contracts([deal(1), deal(2, sme_id="s-2")]) == {}


def test_a_period_selects_the_deals_whose_signals_are_given_the_others_are_context():
    deals = [deal(1), deal(2, day=DAY + timedelta(days=3))]
    found = examine(deals, {}, {"p-1": [PRICE]}, wanted=lambda d: d.id == "c-2")
    assert list(found) == ["c-2"]


@pytest.mark.parametrize(
    ("kind", "terms", "paying"),
    [
        ("subscription", {}, 12),
        ("co_investment", {"vendor_share_pct": 30}, 12),
        ("use_first_pay_later", {"free_months": 3}, 9),
    ],
)
def test_the_list_value_bounds_what_the_payment_schedule_asks_at_the_list_price(kind, terms, paying):
    # The schedule spreads a contract over its paying months; the check's list value covers every month,
    # so that a contract worth its months at the list price is never above it, free months or not.
    price = ListPrice(None, 500_000, None, None)
    schedule = build_schedule(
        ContractTerms(Pricing.from_dict({"type": kind, **terms}), DAY, 12, None, 500_000)
    )
    listed = list_value(deal(pricing_type=kind, free_months=terms.get("free_months"), months=12), price)
    assert sum(line.gross_vnd for line in schedule) == 500_000 * paying <= listed == 500_000 * 12
