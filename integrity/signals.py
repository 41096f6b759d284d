"""The checks of deal integrity, each a pattern of the abuse of subsidised deals seen elsewhere (pure).

Every check reads plain facts (`Deal`, a vendor's `Contacts`, `ListPrice`: what the database holds)
and gives a deal a `Signal`: a code, a strength in 0..1 and one sentence saying why. How strengths
become a score is `integrity.scoring`'s job. The thresholds below are the reading of what ordinary business
looks like; each says why it sits where it does (README, "Deal integrity", has the same table).

Vouchers plug in through two facts of a deal (integrity.facts reads them): `subsidy_paid_on`, the
day the programme paid (its first disbursement, or an imported voucher's redemption), which the
quick-termination check measures from instead of the first payment or the signature; and `subsidised`,
True for a deal a voucher paid part of and None otherwise (a deal may be subsidised outside the
marketplace's vouchers, so every deal stays in the burst check).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter
from typing import NamedTuple

from core.formatting import vn_date, vnd
from core.translation import N_
from integrity.contacts import Contacts, Identifiers, Shared, shared
from integrity.reasons import Reason

# -- facts ---------------------------------------------------------------------------------------------


class Deal(NamedTuple):
    """One contract, as the checks see it."""

    id: str
    sme_id: str
    vendor_id: str
    product_id: str
    chain: str  # the original contract's id: an amendment and what it amends are one deal
    day: date  # the day a period selects it by: its counted day, else its first signature's day
    signed_on: date | None  # the day of the later signature (None while one is missing)
    status: str
    pricing_type: str
    value_vnd: int | None
    months: int | None
    start_date: date | None
    free_months: int | None  # use_first_pay_later
    price_vnd: int | None  # one_time: the price agreed
    ended_on: date | None
    first_paid_on: date | None = None  # the first instalment the SME paid
    subsidy_paid_on: date | None = None  # the programme's first payment of the deal's voucher
    subsidised: bool | None = None  # paid in part by a voucher (None: not known)
    sme_joined_on: date | None = None  # the day the SME joined the marketplace (None: not known)
    sme: Contacts = Contacts()  # the SME's contact details, its people's login mailboxes among them


class ListPrice(NamedTuple):
    """A published revision of a listing: from when, and its prices."""

    since: date | None  # the day it was approved (None: not known, taken as the earliest)
    monthly_vnd: int | None
    setup_vnd: int | None
    one_time_vnd: int | None  # the price of its one_time pricing model


@dataclass(frozen=True)
class Signal:
    code: str
    strength: float  # 0..1: how clearly the pattern is there
    key: str  # the code and the kind of evidence: what a flag's fingerprint keeps (integrity.scoring)
    reason: Reason


RELATED_PARTY, PRICE_ABOVE_LIST, QUICK_TERMINATION = "related_party", "price_above_list", "quick_termination"
VENDOR_BURST, SPLIT_CONTRACT = "vendor_burst", "split_contract"

# -- related parties -----------------------------------------------------------------------------------

# How clearly one shared identifier makes buyer and seller one interest. A tax-code root (a branch of
# the vendor), a telephone line or a mailbox belong to one firm or person; a private e-mail domain
# nearly so (a domain can host a group of firms); an address less (shared offices, one house for a
# family's two firms: still a relation an officer should see).
EVIDENCE_STRENGTH = {"tax_root": 1.0, "phone": 1.0, "email": 1.0, "domain": 0.9, "address": 0.8}
_EVIDENCE_TEXT = {
    "tax_root": N_("gốc mã số thuế %(value)s"),
    "phone": N_("số điện thoại %(value)s"),
    "email": N_("địa chỉ email %(value)s"),
    "domain": N_("tên miền email riêng %(value)s"),
    "address": N_("địa chỉ “%(value)s”"),
}


def related_party(deal: Deal, found: list[Shared]) -> Signal | None:
    """The SME shares an identifier with the vendor (its organisation or a member)."""
    if not found:
        return None
    missing = 1.0
    for item in found:
        missing *= 1 - EVIDENCE_STRENGTH[item.kind]
    kinds = sorted(item.kind for item in found)
    parts = tuple((_EVIDENCE_TEXT[item.kind], {"value": item.shown}) for item in found)
    return Signal(
        RELATED_PARTY,
        1 - missing,
        f"{RELATED_PARTY}:{'+'.join(kinds)}",
        Reason(N_("Cùng %(what)s với nhà cung cấp"), {}, parts),
    )


# -- prices above the list -----------------------------------------------------------------------------

# A contract priced at up to half again the listing's published price for the same months is ordinary
# (more users, extra modules, on-site training); beyond that the SME pays for something the catalog
# does not show, which is how a subsidy is inflated. Full strength at two and a half times the list.
PRICE_RATIO_MIN = 1.5
PRICE_RATIO_FULL = 2.5
# Below this excess the subsidy at stake (half of it at most) is a few hundred thousand dong: less than
# an officer's review costs, and within what a month of a tool or an extra user adds.
PRICE_EXCESS_MIN_VND = 1_000_000


def list_value(deal: Deal, price: ListPrice) -> int | None:
    """What the listing's published prices make the same terms cost (setup fee included), or None when
    the listing publishes no price for them (revenue sharing has no fixed price; a free listing prices
    none of the services a contract may add). Every month counts, the free months of "use first, pay
    later" too: read as free or as paid later, the terms never cost more than that at the list price."""
    setup = price.setup_vnd or 0
    if deal.pricing_type == "one_time":
        listed = None if price.one_time_vnd is None else price.one_time_vnd + setup
    elif deal.pricing_type == "revenue_sharing" or price.monthly_vnd is None or not deal.months:
        listed = None
    else:
        listed = price.monthly_vnd * deal.months + setup
    return listed or None


def price_above_list(deal: Deal, price: ListPrice | None) -> Signal | None:
    value = (
        deal.price_vnd if deal.pricing_type == "one_time" and deal.price_vnd is not None else deal.value_vnd
    )
    listed = list_value(deal, price) if price is not None else None
    if value is None or listed is None or value - listed < PRICE_EXCESS_MIN_VND:
        return None
    ratio = value / listed
    if ratio < PRICE_RATIO_MIN:
        return None
    strength = min(1.0, (ratio - 1) / (PRICE_RATIO_FULL - 1))
    shown = {
        "value": vnd(value),
        "list": vnd(listed),
        "months": deal.months or 0,
        "ratio": f"{ratio:.1f}".replace(".", ","),
    }
    if deal.pricing_type == "one_time":
        reason = Reason(N_("Giá mua đứt %(value)s, gấp %(ratio)s lần giá niêm yết %(list)s"), shown)
    else:
        reason = Reason(
            N_("Giá trị hợp đồng %(value)s, gấp %(ratio)s lần giá niêm yết %(list)s cho %(months)s tháng"),
            shown,
        )
    return Signal(PRICE_ABOVE_LIST, strength, PRICE_ABOVE_LIST, reason)


# -- quick terminations --------------------------------------------------------------------------------

# Ended within two months of the money (the subsidy, else the first payment, else the signature): the
# SME walked away from what was just paid for. Full strength within a month, fading to 0.4 at two.
QUICK_DAYS = 60
QUICK_FULL_DAYS = 30
QUICK_FADED = 0.4
# Only while less than half of the agreed term has run: an end near the term is no walk-away.
QUICK_TERM_SHARE = 0.5
# A contract with the same vendor signed around the termination (this many days either side) replaces
# the ended one: an upgrade or a switch of product, not an abandoned deal.
REPLACEMENT_DAYS = 30
_ANCHOR_TEXT = {
    "subsidy": N_("Hợp đồng chấm dứt %(days)s ngày sau khi phiếu hỗ trợ được thanh toán (%(anchor)s)"),
    "payment": N_("Hợp đồng chấm dứt %(days)s ngày sau lần thanh toán đầu tiên (%(anchor)s)"),
    "signature": N_("Hợp đồng chấm dứt %(days)s ngày sau khi ký (%(anchor)s)"),
}


def subsidy_anchor(deal: Deal) -> tuple[str, date] | None:
    """What a quick termination is measured from: the subsidy once vouchers exist, else the SME's
    first payment, else the later signature."""
    for kind, day in (
        ("subsidy", deal.subsidy_paid_on),
        ("payment", deal.first_paid_on),
        ("signature", deal.signed_on),
    ):
        if day is not None:
            return kind, day
    return None


def quick_termination(deal: Deal, replaced: bool) -> Signal | None:
    if deal.status != "terminated" or deal.ended_on is None or replaced:
        return None
    anchor = subsidy_anchor(deal)
    if anchor is None:
        return None
    kind, since = anchor
    days = (deal.ended_on - since).days
    if not 0 <= days <= QUICK_DAYS:
        return None
    if deal.months and days >= QUICK_TERM_SHARE * deal.months * 30:
        return None
    strength = (
        1.0
        if days <= QUICK_FULL_DAYS
        else 1 - (1 - QUICK_FADED) * (days - QUICK_FULL_DAYS) / (QUICK_DAYS - QUICK_FULL_DAYS)
    )
    return Signal(
        QUICK_TERMINATION,
        strength,
        f"{QUICK_TERMINATION}:{kind}",
        Reason(_ANCHOR_TEXT[kind], {"days": days, "anchor": vn_date(since)}),
    )


def replaced_deals(deals: Iterable[Deal]) -> set[str]:
    """Terminated deals that another deal of the same SME with the same vendor, itself not
    terminated, replaced within REPLACEMENT_DAYS of the termination."""
    deals = list(deals)
    ended = {(d.sme_id, d.vendor_id) for d in deals if d.status == "terminated" and d.ended_on is not None}
    by_pair: dict[tuple[str, str], list[Deal]] = defaultdict(list)
    for deal in deals:
        if (pair := (deal.sme_id, deal.vendor_id)) in ended:
            by_pair[pair].append(deal)
    replaced = set()
    window = timedelta(days=REPLACEMENT_DAYS)
    for group in by_pair.values():
        if len(group) < 2:
            continue
        for deal in group:
            if deal.status != "terminated" or deal.ended_on is None:
                continue
            if any(
                other.chain != deal.chain
                and other.status != "terminated"
                and abs(other.day - deal.ended_on) <= window
                for other in group
            ):
                replaced.add(deal.id)
    return replaced


# -- bursts of deals with new firms --------------------------------------------------------------------

# An SME that joined the marketplace at most a month before signing is new to it.
FRESH_DAYS = 30
# A burst: within BURST_DAYS, a vendor signs with at least BURST_MIN new SMEs, and they are at least half
# of the SMEs it signed with then (a busy vendor serving established customers, or winning a few new
# ones, is no burst). Full strength at BURST_FULL new SMEs.
BURST_DAYS = 14
BURST_MIN = 4
BURST_NEW_SHARE = 0.5
BURST_FULL = 6


def vendor_bursts(deals: Iterable[Deal]) -> dict[str, Signal]:
    """Deals of a burst: a vendor signing, within days, with many SMEs that had only just joined. Every
    window of BURST_DAYS that starts on a new SME's deal is tried; a deal in a window that qualifies is
    in a burst (the largest it is in gives the strength). Deals known to be unsubsidised are left out."""
    deals = [deal for deal in deals if deal.subsidised is not False]
    fresh: dict[str, list[tuple[Deal, int]]] = defaultdict(list)  # vendor -> (deal, days since joining)
    for deal in deals:
        if (
            deal.sme_joined_on is not None
            and 0 <= (days := (deal.day - deal.sme_joined_on).days) <= FRESH_DAYS
        ):
            fresh[deal.vendor_id].append((deal, days))
    span = timedelta(days=BURST_DAYS - 1)
    windows: dict[str, list[list[tuple[Deal, int]]]] = {}  # vendor -> windows with enough new SMEs
    for vendor_id, found in fresh.items():
        if len(found) < BURST_MIN:
            continue
        found.sort(key=lambda pair: pair[0].day)
        days = [deal.day for deal, _ in found]
        for start, (first, _) in enumerate(found):
            inside = found[start : bisect.bisect_right(days, first.day + span)]
            if len({deal.sme_id for deal, _ in inside}) >= BURST_MIN:
                windows.setdefault(vendor_id, []).append(inside)
    every: dict[str, list[Deal]] = defaultdict(list)  # the vendors' deals with every SME, for the share
    for deal in deals:
        if deal.vendor_id in windows:
            every[deal.vendor_id].append(deal)
    best: dict[str, tuple[int, int]] = {}  # deal id -> (new SMEs in its burst, days since its SME joined)
    for vendor_id, found in windows.items():
        group = sorted(every[vendor_id], key=lambda d: d.day)
        days = [deal.day for deal in group]
        for inside in found:
            first = inside[0][0].day
            new = {deal.sme_id for deal, _ in inside}
            all_smes = {
                d.sme_id
                for d in group[bisect.bisect_left(days, first) : bisect.bisect_right(days, first + span)]
            }
            if len(new) < BURST_NEW_SHARE * len(all_smes):
                continue
            for deal, joined_days in inside:
                if len(new) > best.get(deal.id, (0, 0))[0]:
                    best[deal.id] = (len(new), joined_days)
    return {
        deal_id: Signal(
            VENDOR_BURST,
            min(1.0, count / BURST_FULL),
            VENDOR_BURST,
            Reason(
                N_(
                    "Nhà cung cấp ký với %(count)s doanh nghiệp mới tham gia sàn trong %(window)s ngày; "
                    "doanh nghiệp này tham gia %(joined)s ngày trước khi ký"
                ),
                {"count": count, "window": BURST_DAYS, "joined": joined},
            ),
        )
        for deal_id, (count, joined) in best.items()
    }


# -- the same product bought twice ---------------------------------------------------------------------

# Two purchases of one product by one SME signed within two weeks, running side by side: one purchase
# cut in two (under a voucher's or an approval's limit). Full strength within a week. A renewal (the
# second starts as the first ends, RENEWAL_GRACE_DAYS of overlap allowed) and an upgrade (the first
# ended when the second started) run one after the other and are not splits.
SPLIT_DAYS = 14
SPLIT_FULL_DAYS = 7
SPLIT_FADED = 0.5
RENEWAL_GRACE_DAYS = 7


def _service(deal: Deal) -> tuple[date, date]:
    """When the deal's service runs: from its start (else its day) to its term's end or its end."""
    start = deal.start_date or deal.signed_on or deal.day
    end = date.max
    if deal.months:
        end = start + timedelta(days=round(deal.months * 30.44))
    if deal.ended_on is not None:
        end = min(end, deal.ended_on)
    return start, end


def _concurrent(a: Deal, b: Deal) -> bool:
    (a_start, a_end), (b_start, b_end) = _service(a), _service(b)
    overlap_end = min(a_end, b_end)
    overlap_start = max(a_start, b_start)
    return overlap_end > overlap_start and (overlap_end - overlap_start).days > RENEWAL_GRACE_DAYS


def _repeated(deals: Iterable[Deal], key: Callable[[Deal], tuple]) -> list[list[Deal]]:
    """The groups of two or more deals with the same key (no list is made for a deal alone: a million
    deals are mostly alone)."""
    first: dict[tuple, Deal] = {}
    groups: dict[tuple, list[Deal]] = {}
    for deal in deals:
        seen = first.setdefault(key(deal), deal)
        if seen is not deal:
            groups.setdefault(key(deal), [seen]).append(deal)
    return list(groups.values())


def split_contracts(deals: Iterable[Deal]) -> dict[str, Signal]:
    found: dict[str, Signal] = {}
    for group in _repeated(deals, attrgetter("sme_id", "product_id")):
        group.sort(key=lambda d: (d.day, d.id))
        for deal in group:
            partners = [
                other
                for other in group
                if other.chain != deal.chain
                and abs((other.day - deal.day).days) <= SPLIT_DAYS
                and _concurrent(deal, other)
            ]
            if not partners:
                continue
            gap = min(abs((other.day - deal.day).days) for other in partners)
            strength = (
                1.0
                if gap <= SPLIT_FULL_DAYS
                else 1 - (1 - SPLIT_FADED) * (gap - SPLIT_FULL_DAYS) / (SPLIT_DAYS - SPLIT_FULL_DAYS)
            )
            found[deal.id] = Signal(
                SPLIT_CONTRACT,
                strength,
                SPLIT_CONTRACT,
                Reason(
                    N_(
                        "Doanh nghiệp mua cùng sản phẩm %(count)s lần trong %(days)s ngày "
                        "(hợp đồng %(others)s)"
                    ),
                    {
                        "count": len(partners) + 1,
                        "days": max(abs((o.day - deal.day).days) for o in partners),
                        "others": ", ".join(sorted(o.id for o in partners)),
                    },
                ),
            )
    return found


# -- every check over a set of deals -------------------------------------------------------------------


def _relations(vendors: Mapping[str, Contacts]) -> Callable[[Deal], list[Shared]]:
    """What a deal's SME shares with its vendor. A vendor's details are parsed once; an SME's only when
    the quick test (Identifiers.may_share) says they might share something with its vendor."""
    nobody = Contacts()
    vendor_ids: dict[str, Identifiers] = {}
    sme_ids: dict[str, Identifiers] = {}

    def related(deal: Deal) -> list[Shared]:
        vendor = vendor_ids.get(deal.vendor_id)
        if vendor is None:
            vendor = vendor_ids[deal.vendor_id] = Identifiers.of(vendors.get(deal.vendor_id, nobody))
        if not vendor.may_share(deal.sme):
            return []
        if deal.sme_id not in sme_ids:
            sme_ids[deal.sme_id] = Identifiers.of(deal.sme)
        return shared(sme_ids[deal.sme_id], vendor)

    return related


def price_at(history: Sequence[ListPrice], day: date) -> ListPrice | None:
    """The published prices on `day`: the latest revision approved by then, else the first one (a deal
    recorded before the listing reached the marketplace)."""
    if not history:
        return None
    chosen = history[0]
    for price in history:
        if price.since is not None and price.since > day:
            break
        chosen = price
    return chosen


def examine(
    deals: list[Deal],
    vendors: Mapping[str, Contacts],
    prices: Mapping[str, Sequence[ListPrice]],
    wanted: Callable[[Deal], bool] | None = None,
) -> dict[str, list[Signal]]:
    """Every signal of every deal that `wanted` selects (all without it; the others are context: a
    burst or a split reaches across a period's edges). `prices`: each product's published revisions,
    oldest first."""
    chosen = deals if wanted is None else list(filter(wanted, deals))
    replaced = replaced_deals(deals)
    related = _relations(vendors)
    signals: dict[str, list[Signal]] = {}
    for deal in chosen:
        shared_ids = related(deal)
        party = related_party(deal, shared_ids) if shared_ids else None
        price = price_above_list(deal, price_at(prices.get(deal.product_id, ()), deal.signed_on or deal.day))
        quick = quick_termination(deal, deal.id in replaced) if deal.status == "terminated" else None
        if party or price or quick:
            signals[deal.id] = [s for s in (party, price, quick) if s is not None]
    ids = None if wanted is None else {deal.id for deal in chosen}
    for found in (vendor_bursts(deals), split_contracts(deals)):  # the checks that read several deals
        for deal_id, signal in found.items():
            if ids is None or deal_id in ids:
                signals.setdefault(deal_id, []).append(signal)
    return signals
