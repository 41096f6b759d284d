"""Paying the vendors the programme's part: officers settle due payables in batches (flush only), and each
batch has its disbursement list (XLSX through core.spreadsheet: text cells, never formulas).

A payable is ready once its instalment is due and the SME has paid its own part (or owes nothing): the
programme never pays ahead of the SME, so a deal ended before the SME paid costs the budget nothing.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.audit import record_audit
from core.db import utcnow
from core.domain import N_, ValidationFailed
from core.formatting import vn_date
from core.spreadsheet import append_row
from core.translation import translate
from payments.models import Instalment
from vouchers import budget
from vouchers.models import BATCH, DisbursementBatch, Payable, Voucher

SME_PART_SETTLED = ("paid", "free")


def ready(session: Session, programme_id: str, today: date) -> list[Payable]:
    return list(
        session.scalars(
            select(Payable)
            .join(Voucher, Voucher.id == Payable.voucher_id)
            .join(Instalment, Instalment.id == Payable.instalment_id)
            .where(
                Voucher.programme_id == programme_id,
                Payable.status == "due",
                Payable.due_date <= today,
                Instalment.status.in_(SME_PART_SETTLED),
            )
            .order_by(Payable.vendor_id, Payable.due_date, Payable.id)
        )
    )


def settle(session: Session, user, programme_id: str, today: date) -> DisbursementBatch:
    """One batch of every ready payable of the programme; the budget moves from reserved to paid."""
    payables = list(
        session.scalars(
            select(Payable)
            .where(
                Payable.id.in_([p.id for p in ready(session, programme_id, today)]), Payable.status == "due"
            )
            .with_for_update(of=Payable)
        )
    )
    if not payables:
        raise ValidationFailed(
            N_("Chưa có khoản nào đến hạn chi trả."),
            {"programme": N_("Doanh nghiệp cần thanh toán phần của mình trước.")},
        )
    batch = DisbursementBatch(
        programme_id=programme_id, total_vnd=sum(p.amount_vnd for p in payables), created_by_id=user.id
    )
    session.add(batch)
    session.flush()
    for payable in payables:
        payable.status, payable.batch_id, payable.settled_at = "settled", batch.id, utcnow()
        budget.pay(session, payable.voucher, payable.amount_vnd)
    record_audit(
        session,
        user,
        "disbursement.settled",
        BATCH,
        str(batch.id),
        None,
        "settled",
        None,
        {"programme_id": programme_id, "payables": len(payables), "total_vnd": batch.total_vnd},
    )
    session.flush()
    return batch


def batches(session: Session, programme_id: str) -> list[DisbursementBatch]:
    return list(
        session.scalars(
            select(DisbursementBatch)
            .where(DisbursementBatch.programme_id == programme_id)
            .order_by(DisbursementBatch.id.desc())
        )
    )


HEADERS = (
    N_("Nhà cung cấp"),
    N_("Mã số thuế"),
    N_("Hợp đồng"),
    N_("Doanh nghiệp"),
    N_("Mã phiếu"),
    N_("Kỳ thanh toán"),
    N_("Số tiền (VND)"),
)


def workbook(batch: DisbursementBatch, lang: str = "vi") -> bytes:
    """The disbursement list of a batch: one row per payable, then the total."""
    book = Workbook()
    sheet = book.active
    sheet.title = translate(N_("Danh sách chi trả"), lang)[:31]
    append_row(
        sheet,
        [
            translate(
                N_("Đợt chi trả số %(n)s, lập ngày %(day)s"), lang, n=batch.id, day=vn_date(batch.created_at)
            )
        ],
    )
    append_row(sheet, [translate(h, lang) for h in HEADERS])
    for payable in batch.payables:
        vendor, voucher = payable.vendor, payable.voucher
        append_row(
            sheet,
            [
                vendor.name,
                vendor.tax_code,
                payable.contract_id,
                voucher.sme.name,
                voucher.code,
                vn_date(payable.due_date),
                payable.amount_vnd,
            ],
        )
    append_row(sheet, [translate(N_("Tổng cộng"), lang), None, None, None, None, None, batch.total_vnd])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
