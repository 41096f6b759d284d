"""Problem-board commands: `eval-routing` (thin: parse, call, print)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from core.console import emit
from core.db import utcnow
from core.domain import ValidationFailed
from core.extensions import db
from matching.cli import METRICS, judged_file
from problems.evaluation import TARGET_NDCG, evaluate
from problems.export import report_csv, report_xlsx
from problems.export import rows as export_rows
from problems.report import BY, report
from problems.services import report_facts
from reports.aggregate import parse_period


@click.command(
    "eval-routing",
    help="Đo chất lượng mời nhà cung cấp cho bài toán: mỗi doanh nghiệp trong tệp có đánh giá đăng mô tả "
    "vấn đề của mình thành bài toán; nDCG@10, MAP@10, recall@10 của các sản phẩm được mời.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def eval_routing_command(file: str, as_json: bool) -> None:
    data = judged_file(file)
    result = {"file": file, "problems": len(data.profiles), "products": len(data.offers),
              "judgments": len(data.grades), "routing": evaluate(data), "target_ndcg@10": TARGET_NDCG}
    emit(result, as_json, lambda: "\n".join([
        f"{file}: {result['problems']} bài toán, {result['products']} sản phẩm, "
        f"{result['judgments']} đánh giá",
        "  ".join(f"{m} {result['routing'][m]:.4f}" for m in METRICS),
        f"mục tiêu nDCG@10 ≥ {TARGET_NDCG}: "
        + ("đạt" if result["routing"]["ndcg@10"] >= TARGET_NDCG else "chưa đạt"),
    ]))


@click.command("problems", help="Bài toán công bố trong kỳ: đã đăng, có đề xuất, đã chọn đề xuất, trung vị "
               "số ngày đến đề xuất đầu tiên, theo lĩnh vực hoặc tỉnh/thành phố.")
@click.option("--from", "date_from", required=True, help="Ngày bắt đầu YYYY-MM-DD (tính cả ngày này).")
@click.option("--to", "date_to", required=True, help="Ngày kết thúc YYYY-MM-DD (tính cả ngày này).")
@click.option("--by", type=click.Choice(BY), default="category", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="Ghi thêm tệp XLSX.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Ghi thêm tệp CSV.")
@with_appcontext
def report_problems_command(date_from, date_to, by, as_json, xlsx_path, csv_path) -> None:
    try:
        start, end = parse_period(date_from, date_to)
    except ValidationFailed as exc:
        raise click.UsageError(" ".join([exc.message, *exc.fields.values()])) from exc
    rows = report(report_facts(db.session, start, end), by)
    now = utcnow()
    for path, make in ((xlsx_path, report_xlsx), (csv_path, report_csv)):
        if path:
            Path(path).write_bytes(make(rows, by, start, end, now))
    result = {"from": start.isoformat(), "to": end.isoformat(), "by": by, "rows": [r.to_json() for r in rows]}
    emit(result, as_json, lambda: "\n".join(
        "  ".join(str(c if c is not None else "—") for c in row) for row in export_rows(rows, by)))


def register(main: click.Group) -> None:
    """`eval-routing`, and `report problems` in the shared `report` group."""
    main.add_command(eval_routing_command)
    main.commands["report"].add_command(report_problems_command)
