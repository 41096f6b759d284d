"""`marketplace rereview scan`: approvals for newly published listings and the reminders due (run daily)."""

from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from core.extensions import db
from rereview import services


@click.group("rereview", help="Tái thẩm định hằng năm các sản phẩm đã phê duyệt.")
def rereview_group() -> None:
    pass


@rereview_group.command("scan", help="Tạo thời hạn phê duyệt còn thiếu và nhắc các nhà cung cấp sắp hết hạn.")
@click.option(
    "--date", "day", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Ngày chạy (mặc định hôm nay)."
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def scan_command(day, as_json: bool) -> None:
    today = day.date() if day else services.vn_today()
    result = services.scan(db.session, today)  # the command's end commits
    if as_json:
        click.echo(
            json.dumps({"date": today.isoformat(), "created": result.created, "reminded": result.reminded,
                        "reinstated": result.reinstated})
        )
    else:
        click.echo(f"{today:%d/%m/%Y}: {result.created} thời hạn mới, nhắc {len(result.reminded)} sản phẩm, "
                   f"{len(result.reinstated)} sản phẩm được công bố lại có thời hạn mới.")


def register(group: click.Group) -> None:
    group.add_command(rereview_group)
