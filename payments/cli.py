"""`marketplace billing run --date YYYY-MM-DD`: charge every instalment due by that date, once."""

from __future__ import annotations

import json
from datetime import date

import click
from flask import current_app
from flask.cli import with_appcontext

from core import jobs
from core.db import utcnow
from core.extensions import db
from core.formatting import to_vn, vnd
from payments.billing import run_billing


@click.group("billing", help="Thu tiền các kỳ thanh toán qua Stripe.")
def billing() -> None:
    pass


@billing.command("run", help="Thu mọi kỳ đến hạn tới ngày --date (mặc định hôm nay, giờ Việt Nam); "
                             "chạy lại an toàn, không thu trùng.")
@click.option("--date", "on_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Ngày thu tiền YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def run(on_date, as_json: bool) -> None:
    day = on_date.date() if on_date else to_vn(utcnow()).date()
    report = run_billing(db.session, current_app.extensions["stripe"], day)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        click.echo(f"Thu tiền đến ngày {day:%d/%m/%Y}: {report.paid} kỳ thành công ({vnd(report.paid_vnd)}), "
                   f"{len(report.failed)} kỳ lỗi, {report.processing} kỳ đang xử lý, "
                   f"{report.reconciled} giao dịch dở dang được đối soát, "
                   f"{report.busy} kỳ đang được thu nơi khác.")
        click.echo(f"Lịch mới lập: {report.schedules_created}; kỳ hủy do hợp đồng kết thúc/sửa đổi: "
                   f"{report.cancelled}.")
        for contract_id, seq, code in report.failed:
            click.echo(f"  lỗi: hợp đồng {contract_id} kỳ {seq}: {code}")
        for contract_id, seq in report.awaiting_declaration:
            click.echo(f"  chưa khai báo doanh thu: hợp đồng {contract_id} kỳ {seq}")
        for contract_id, why in report.unschedulable:
            click.echo(f"  chưa lập được lịch: hợp đồng {contract_id}: {why}")
        for error in report.errors:
            click.echo(f"  lỗi cổng thanh toán: {error}", err=True)
    if report.errors:
        raise SystemExit(1)


@jobs.job("payments.billing")
def billing_job(session, on: str | None = None) -> dict:
    """The billing run as a background job (the scheduler's daily run; its report is the job's result,
    read in job_runs). The run has its own commit points (payments.billing says why)."""
    day = date.fromisoformat(on) if on else to_vn(utcnow()).date()
    return run_billing(session, current_app.extensions["stripe"], day).to_dict()


# 02:00 UTC is 09:00 in Vietnam, after the morning's due-date notices (payments.notices).
jobs.schedule("payments.billing", "0 2 * * *", period="%Y-%m-%d")


def register(main: click.Group) -> None:
    main.add_command(billing)
