"""Voucher commands: `vouchers expire` (also a daily job: issued vouchers past their day release their
reservation) and `vouchers report` (thin: parse, call, print)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from core.extensions import db
from vouchers import reports, services


@click.group("vouchers", help="Phiếu hỗ trợ tài chính của các chương trình.")
def vouchers_group() -> None:
    pass


@vouchers_group.command(
    "expire", help="Cho hết hạn các phiếu quá hạn chưa dùng và trả lại phần ngân sách giữ chỗ."
)
@with_appcontext
def expire_command() -> None:
    click.echo(f"{services.expire_job(db.session)['expired']} phiếu hết hạn.")


@vouchers_group.command("report", help="Báo cáo phiếu cấp, đã dùng, hết hạn (số lượng và VND), dạng CSV.")
@click.option("--by", type=click.Choice(list(reports.DIMENSIONS)), default="programme", show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="Tệp ra: .xlsx hoặc .csv."
)
@with_appcontext
def report_command(by: str, output: str) -> None:
    data = reports.xlsx(db.session, by) if output.endswith(".xlsx") else reports.csv(db.session, by)
    with open(output, "wb") as out:
        out.write(data)
    click.echo(f"Đã ghi {output}.")


def register(group: click.Group) -> None:
    group.add_command(vouchers_group)
