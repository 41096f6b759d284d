"""`marketplace sync run`: queue what the national portal has not been sent, push what is due (thin);
the scheduler runs the same work as the job `opendata.sync` (opendata/sync.py)."""

from __future__ import annotations

from datetime import datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from core.console import emit
from core.db import utcnow
from core.extensions import db
from opendata import sync


@click.group("sync", help="Đồng bộ với cổng thông tin hỗ trợ DNNVV quốc gia (SYNC_URL, SYNC_SECRET).")
def sync_group() -> None:
    pass


@sync_group.command("run", help="Xếp hàng ấn bản mới và chỉ tiêu của các tháng đã hết, rồi gửi các lần "
                                "đồng bộ đến hạn (ký HMAC-SHA256, gửi lại theo thời gian chờ tăng dần).")
@click.option("--now", "now_text", default=None, help="Thời điểm coi là hiện tại (ISO 8601), để thử.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def run_command(now_text: str | None, as_json: bool) -> None:
    url, secret = current_app.config.get("SYNC_URL"), current_app.config.get("SYNC_SECRET")
    if not url or not secret:
        raise click.ClickException("Chưa cấu hình SYNC_URL và SYNC_SECRET: không có nơi để gửi.")
    try:
        now = datetime.fromisoformat(now_text) if now_text else utcnow()
    except ValueError as exc:
        raise click.ClickException(f"--now: {now_text!r} không phải thời điểm ISO 8601.") from exc
    if now.tzinfo is None:
        raise click.ClickException("--now: cần múi giờ, vd. 2026-07-01T08:00:00+07:00.")
    result = sync.run_once(db.session, url, secret, now)
    emit(result, as_json, lambda: (f"Xếp hàng {result['queued']}; đã gửi {result['delivered']}, chờ gửi lại "
                                   f"{result['retrying']}, dừng sau nhiều lần lỗi {result['gave_up']}."))


def register(group: click.Group) -> None:
    group.add_command(sync_group)
