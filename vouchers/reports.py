"""Voucher reports: count and VND of vouchers issued, redeemed and expired, by programme, province, sector,
size, category, vendor or month; XLSX and CSV through core.spreadsheet. Flagged vouchers (imported
records that break a rule) are left out, as from every indicator.

Issued counts `amount_vnd`, redeemed `redeemed_vnd`, expired the amount that went unused. By month, each
voucher counts in the month of the event (issue, redemption, expiry). A product's vouchers count once
per category of the product (as contracts do in the contract reports).
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalog.models import LIVE, Listing, ListingRevision
from contracts.models import Contract
from core.domain import N_
from core.spreadsheet import append_row, csv_bytes
from core.translation import translate
from core.vocab import CATEGORIES, SECTORS, SIZES, label
from smes.models import Sme
from smes.sizing import effective_size
from vendors.models import Vendor
from vouchers.models import Programme, Voucher

DIMENSIONS = {
    "programme": N_("Chương trình"),
    "province": N_("Tỉnh, thành phố"),
    "sector": N_("Ngành"),
    "size": N_("Quy mô"),
    "category": N_("Lĩnh vực"),
    "vendor": N_("Nhà cung cấp"),
    "month": N_("Tháng"),
}
MEASURES = ("issued", "redeemed", "expired")
HEADERS = (
    N_("Số phiếu cấp"),
    N_("Giá trị cấp (VND)"),
    N_("Số phiếu đã dùng"),
    N_("Chương trình đã trả (VND)"),
    N_("Số phiếu hết hạn"),
    N_("Giá trị hết hạn (VND)"),
)
UNKNOWN = N_("Chưa rõ")


@dataclass
class Line:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    vnd: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))

    def add(self, measure: str, amount: int) -> None:
        self.counts[measure] += 1
        self.vnd[measure] += amount


def _events(voucher: Voucher) -> list[tuple[str, int, str]]:
    """(measure, VND, month) of what happened to a voucher."""
    out = [("issued", voucher.amount_vnd, voucher.issued_on.strftime("%Y-%m"))]
    if voucher.status == "redeemed" and voucher.redeemed_on:
        out.append(("redeemed", voucher.redeemed_vnd or 0, voucher.redeemed_on.strftime("%Y-%m")))
    if voucher.status == "expired":
        out.append(("expired", voucher.amount_vnd, voucher.expires_on.strftime("%Y-%m")))
    return out


def tally(session: Session, by: str, lang: str = "vi") -> dict[str, Line]:
    """Group label -> its line, for one dimension of DIMENSIONS."""
    vouchers = list(session.scalars(select(Voucher).where(Voucher.flagged.is_(False))))
    contract_products = dict(
        session.execute(
            select(Contract.id, Contract.product_id).where(
                Contract.id.in_([v.contract_id for v in vouchers if v.contract_id])
            )
        ).all()
    )
    product_of = {v.id: v.product_id or contract_products.get(v.contract_id) for v in vouchers}
    products = {pid for pid in product_of.values() if pid}
    categories = dict(
        session.execute(
            select(ListingRevision.listing_id, ListingRevision.categories).where(
                ListingRevision.listing_id.in_(products), ListingRevision.status == LIVE
            )
        ).all()
    )
    vendors = dict(
        session.execute(
            select(Listing.id, Vendor.name)
            .join(Vendor, Vendor.id == Listing.vendor_id)
            .where(Listing.id.in_(products))
        ).all()
    )
    programmes = dict(session.execute(select(Programme.id, Programme.name)).all())
    smes = {s.id: s for s in session.scalars(select(Sme).where(Sme.id.in_({v.sme_id for v in vouchers})))}
    unknown = translate(UNKNOWN, lang)

    def keys(voucher: Voucher, month: str) -> list[str]:
        sme, product = smes[voucher.sme_id], product_of[voucher.id]
        if by == "programme":
            return [programmes[voucher.programme_id]]
        if by == "province":
            return [sme.province or unknown]
        if by == "sector":
            return [label(SECTORS, sme.sector, lang) if sme.sector else unknown]
        if by == "size":
            size = effective_size(sme.sector, sme.size, sme.employees, sme.annual_revenue_vnd).size
            return [label(SIZES, size, lang) if size else unknown]
        if by == "category":
            return [label(CATEGORIES, c, lang) for c in categories.get(product) or ()] or [unknown]
        if by == "vendor":
            return [vendors.get(product) or unknown]
        return [month]

    lines: dict[str, Line] = defaultdict(Line)
    for voucher in vouchers:
        for measure, amount, month in _events(voucher):
            for key in keys(voucher, month):
                lines[key].add(measure, amount)
    return dict(sorted(lines.items()))


def rows(session: Session, by: str, lang: str = "vi") -> list[list]:
    head = [translate(DIMENSIONS[by], lang), *(translate(h, lang) for h in HEADERS)]
    body = [
        [key, *(v for m in MEASURES for v in (line.counts[m], line.vnd[m]))]
        for key, line in tally(session, by, lang).items()
    ]
    return [head, *body]


def xlsx(session: Session, by: str, lang: str = "vi") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = translate(DIMENSIONS[by], lang)[:31]
    for row in rows(session, by, lang):
        append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(session: Session, by: str, lang: str = "vi") -> bytes:
    return csv_bytes(rows(session, by, lang))
