"""What the checks read, loaded from the database in a few narrow queries (no ORM objects: a scan reads
a million contracts).

A deal is a contract with at least one signature. A period selects deals by their day (the counted day,
else the first signature's Vietnam-time day); the deals within MARGIN_DAYS of it are loaded as well,
because a burst, a split or a replacement reaches across the period's edges. The database works out
the Vietnam-time days of the timestamps (`vn_day`), so that a million rows reach Python as dates.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import BigInteger, Boolean, Date, and_, case, cast, func, null, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import GenericFunction

from accounts.models import User
from catalog.models import ListingRevision
from contracts.models import Contract
from core.formatting import VN_TZ
from integrity.contacts import Contacts
from integrity.signals import QUICK_DAYS, REPLACEMENT_DAYS, SPLIT_DAYS, Deal, ListPrice
from payments.models import Instalment
from smes.models import Sme
from vendors.models import Vendor
from vouchers.models import Payable, Voucher

# The widest reach of a check around a deal: a quick termination's replacement (its termination up to
# QUICK_DAYS after the signature, the replacement REPLACEMENT_DAYS around it), a split, a burst.
MARGIN_DAYS = QUICK_DAYS + REPLACEMENT_DAYS + SPLIT_DAYS
PUBLISHED = ("approved", "superseded")  # revisions that were the listing's public content


class vn_day(GenericFunction):  # noqa: N801  (an SQL function's name)
    """The Vietnam-time calendar day of a UTC timestamp column, computed by the database."""

    type = Date()
    inherit_cache = True


@compiles(vn_day, "postgresql")
def _vn_day_postgresql(element, compiler, **kw):
    return f"CAST(timezone('Asia/Ho_Chi_Minh', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(vn_day, "sqlite")
def _vn_day_sqlite(element, compiler, **kw):
    # SQLite keeps naive UTC text; Vietnam has kept UTC+07:00 without daylight saving since 1975.
    return f"date({compiler.process(element.clauses, **kw)}, '+7 hours')"


@dataclass
class Facts:
    deals: list[Deal] = field(default_factory=list)  # each with its SME's details
    vendors: dict[str, Contacts] = field(default_factory=dict)
    prices: dict[str, list[ListPrice]] = field(default_factory=dict)


def _vn_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), VN_TZ).astimezone(UTC)


def _signed():
    return or_(Contract.sme_signed_at.is_not(None), Contract.vendor_signed_at.is_not(None))


def _near(start: date, end: date):
    """Contracts whose day may fall within the period widened by MARGIN_DAYS (the exact day is
    worked out per deal)."""
    margin = timedelta(days=MARGIN_DAYS)
    low, high = start - margin, end + margin
    moments = (_vn_midnight(low), _vn_midnight(high + timedelta(days=1)))
    return or_(
        Contract.counted_day.between(low, high),
        Contract.sme_signed_at.between(*moments),
        Contract.vendor_signed_at.between(*moments),
    )


def _deal_columns(paid, subsidy):
    """A Deal's fields, in order, as SQL (the SME's details last: they become its Contacts)."""
    sme, vendor = Contract.sme_signed_at, Contract.vendor_signed_at
    first = case((or_(sme.is_(None), vendor < sme), vendor), else_=sme)
    later = case((and_(sme.is_not(None), vendor.is_not(None)), case((vendor > sme, vendor), else_=sme)))
    whole = lambda name: cast(Contract.pricing[name].as_float(), BigInteger)  # noqa: E731
    return (
        Contract.id,
        Contract.sme_id,
        Contract.vendor_id,
        Contract.product_id,
        func.coalesce(Contract.parent_id, Contract.id),
        func.coalesce(Contract.counted_day, vn_day(first)),
        func.coalesce(Contract.counted_day, vn_day(later)),
        Contract.status,
        Contract.pricing_type,
        Contract.value_vnd,
        Contract.months,
        Contract.start_date,
        whole("free_months"),
        whole("price_vnd"),
        vn_day(Contract.ended_at),
        paid.c.day,
        # The subsidy's payment day (its first disbursement, else an imported voucher's redemption), and
        # whether a voucher paid part of it (None, not False, without one: see integrity.signals).
        func.coalesce(subsidy.c.settled, subsidy.c.redeemed),
        case((subsidy.c.contract_id.is_not(None), True), else_=cast(null(), Boolean)),
        Sme.joined_on,
        Sme.phone,
        Sme.contact_phone,
        Sme.contact_email,
        Sme.address,
        Sme.tax_code,
        Sme.province,
    )


def load(session: Session, start: date | None = None, end: date | None = None) -> Facts:
    """The deals around the period from `start` to `end` (every deal without one) and the firms and
    prices they name."""
    whole = start is None or end is None
    condition = _signed() if whole else and_(_signed(), _near(start, end))
    connection = session.connection()  # Core rows: the ORM's per-row work is not needed here
    paid = (
        select(Instalment.contract_id, vn_day(func.min(Instalment.paid_at)).label("day"))
        .where(Instalment.paid_at.is_not(None))
        .group_by(Instalment.contract_id)
        .subquery()
    )
    settled = and_(Payable.voucher_id == Voucher.id, Payable.status == "settled")
    subsidy = (
        select(Voucher.contract_id, vn_day(func.min(Payable.settled_at)).label("settled"),
               func.min(Voucher.redeemed_on).label("redeemed"))
        .outerjoin(Payable, settled)
        .where(Voucher.contract_id.is_not(None), Voucher.status.in_(("redeemed", "revoked")))
        .group_by(Voucher.contract_id)
        .subquery()
    )
    rows = connection.execute(
        select(*_deal_columns(paid, subsidy))
        .join(Sme, Sme.id == Contract.sme_id)
        .outerjoin(paid, paid.c.contract_id == Contract.id)
        .outerjoin(subsidy, subsidy.c.contract_id == Contract.id)
        .where(condition)
    )
    people = _people(connection, User.sme_id)
    make = Deal._make
    deals = [make((*row[:19], Contacts(*row[19:], None, people.get(row[1], ())))) for row in rows]
    return Facts(deals, _vendors(connection), _prices(connection))


def _people(connection: Connection, column) -> dict[str, tuple[str, ...]]:
    """The login e-mails of each organisation's people (SME users, vendor members)."""
    found: dict[str, list[str]] = defaultdict(list)
    for owner, email in connection.execute(select(column, User.email).where(column.is_not(None))):
        found[owner].append(email)
    return {owner: tuple(emails) for owner, emails in found.items()}


def _with_people(firms: dict[str, Contacts], people: dict[str, tuple[str, ...]]) -> dict[str, Contacts]:
    for owner, emails in people.items():
        if owner in firms:
            firms[owner] = firms[owner]._replace(people=emails)
    return firms


def _vendors(connection: Connection) -> dict[str, Contacts]:
    rows = connection.execute(
        select(
            Vendor.id,
            Vendor.phone,
            Vendor.contact_email,
            Vendor.address,
            Vendor.tax_code,
            Vendor.province,
            Vendor.website,
        )
    )
    vendors = {
        vendor_id: Contacts(phone, None, email, address, tax_code, province, website)
        for vendor_id, phone, email, address, tax_code, province, website in rows
    }
    return _with_people(vendors, _people(connection, User.vendor_id))


def _one_time_price(models: list | None) -> int | None:
    for model in models or ():
        if isinstance(model, dict) and model.get("type") == "one_time" and model.get("price_vnd") is not None:
            return int(model["price_vnd"])
    return None


def _prices(connection: Connection) -> dict[str, list[ListPrice]]:
    """Each listing's published revisions, in the order they were published."""
    prices: dict[str, list[ListPrice]] = defaultdict(list)
    rows = connection.execute(
        select(
            ListingRevision.listing_id,
            vn_day(ListingRevision.reviewed_at),
            ListingRevision.price_monthly_vnd,
            ListingRevision.setup_fee_vnd,
            ListingRevision.pricing_models,
        )
        .where(ListingRevision.status.in_(PUBLISHED))
        .order_by(ListingRevision.listing_id, ListingRevision.number)
    )
    for listing_id, since, monthly, setup, models in rows:
        prices[listing_id].append(ListPrice(since, monthly, setup, _one_time_price(models)))
    return dict(prices)
