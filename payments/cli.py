"""`marketplace billing run --date YYYY-MM-DD`: charge every instalment due by that date, once."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from marketplace.db import utcnow
from marketplace.extensions import db
from marketplace.formatting import to_vn, vnd


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
    from payments.billing import run_billing

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


def register(main: click.Group) -> None:
    main.add_command(billing)
