"""Report commands: `report contracts` (the spec's JSON, a table, XLSX or CSV) and `bench report`."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from core.console import emit
from core.db import Base, make_engine, utcnow
from core.domain import ValidationFailed
from core.extensions import db
from core.scratch import same_database
from reports import bench
from reports.aggregate import DIMENSIONS, parse_period
from reports.export import report_csv, report_xlsx
from reports.labels import group_labels
from reports.queries import contract_report


def _fail(exc: ValidationFailed) -> click.ClickException:
    return click.ClickException("; ".join(f"--{k}: {v}" for k, v in exc.fields.items()) or exc.message)


@click.group("report", help="Báo cáo chỉ tiêu hợp đồng.")
def report_group() -> None:
    pass


@report_group.command(
    "contracts", help="Hợp đồng đã ký trong kỳ (tính theo ngày giờ Việt Nam), theo một chiều."
)
@click.option("--from", "date_from", required=True, help="Ngày bắt đầu YYYY-MM-DD (tính cả ngày này).")
@click.option("--to", "date_to", required=True, help="Ngày kết thúc YYYY-MM-DD (tính cả ngày này).")
@click.option("--by", type=click.Choice(DIMENSIONS), required=True, help="Chiều báo cáo.")
@click.option("--json", "as_json", is_flag=True, help="In JSON đúng định dạng của đặc tả.")
@click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), help="Ghi thêm tệp Excel.")
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Ghi thêm tệp CSV (UTF-8 có BOM).")
@with_appcontext
def report_contracts(
    date_from: str, date_to: str, by: str, as_json: bool, xlsx_path: str | None, csv_path: str | None
) -> None:

    try:
        start, end = parse_period(date_from, date_to)
    except ValidationFailed as exc:
        raise _fail(exc) from exc
    report = contract_report(db.session, start, end, by, terminations=bool(xlsx_path or csv_path))
    if xlsx_path:
        _write(xlsx_path, report_xlsx(report, _names(report), utcnow()))
    if csv_path:
        _write(csv_path, report_csv(report, _names(report), utcnow()))
    emit(report.to_json(), as_json, lambda: "\n".join([
        f"Hợp đồng đã ký {start:%d/%m/%Y} – {end:%d/%m/%Y}, theo {by}: {report.contracts} hợp đồng, "
        f"{report.smes} doanh nghiệp, {report.value_vnd:,} ₫".replace(",", "."),
        *(f"  {g.key:40} {g.contracts:>9} {g.smes:>9} {g.value_vnd:>18,}".replace(",", ".")
          for g in report.groups),
    ]))


def _write(path: str, content: bytes) -> None:
    try:
        Path(path).write_bytes(content)
    except OSError as exc:  # a missing folder, no permission, a full disk: a message, not a traceback
        raise click.ClickException(f"Không ghi được tệp {path} ({exc.strerror or exc}).") from exc


def _names(report) -> dict[str, str]:
    return group_labels(db.session, report.by, [g.key for g in report.groups])


@click.command("report", help="Đo thời gian các báo cáo hợp đồng trên N hợp đồng tổng hợp (JSON).")
@click.option("--contracts", "n", type=click.IntRange(1), default=1_000_000, show_default=True)
@click.option(
    "--database-url", default=None,
    help="Cơ sở dữ liệu nháp để nạp (mặc định: một tệp SQLite tạm, xóa khi xong). Không bao giờ là "
    "cơ sở dữ liệu của sàn (DATABASE_URL): hợp đồng tổng hợp sẽ làm sai chỉ tiêu.",
)
@click.option("--reuse", is_flag=True, help="Dùng lại dữ liệu tổng hợp đã nạp nếu đã có đúng N hợp đồng.")
@click.option("--repeat", type=click.IntRange(1), default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def bench_report(n: int, database_url: str | None, reuse: bool, repeat: int, as_json: bool) -> None:
    if database_url and same_database(database_url, current_app.config["DATABASE_URL"]):
        raise click.ClickException(
            "--database-url là cơ sở dữ liệu của sàn: hãy dùng một cơ sở dữ liệu nháp "
            "(hợp đồng tổng hợp sẽ được tính vào chỉ tiêu)."
        )
    scratch = None if database_url else tempfile.TemporaryDirectory(prefix="bench-report-")
    url = database_url or f"sqlite:///{scratch.name}/bench.db"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = make_engine(url)
    try:
        if bench.real_contracts(engine):
            raise click.ClickException(
                f"{database_url} có hợp đồng thật: hãy dùng một cơ sở dữ liệu nháp cho phép đo."
            )
        Base.metadata.create_all(engine)  # the app has loaded every model
        fill_seconds = None
        if not (reuse and bench.synthetic_count(engine) == n):
            fill_seconds = round(bench.fill(engine, n), 1)
        timings = bench.time_reports(engine, date(2024, 1, 1), date(2026, 12, 31), repeat)
    finally:
        engine.dispose()
        if scratch is not None:
            scratch.cleanup()
    result = {
        "database": engine.dialect.name,
        "contracts": n,
        "fill_seconds": fill_seconds,
        "period": {"from": "2024-01-01", "to": "2026-12-31"},
        "reports": timings,
        "slowest_s": max(t["median_s"] for t in timings.values()),
    }
    emit(result, as_json, lambda: "\n".join([
        f"{result['database']}: {n} hợp đồng (nạp trong {fill_seconds} giây)",
        *(f"  {by:14} lần đầu {t['first_s']:.3f} s, trung vị {t['median_s']:.3f} s"
          for by, t in timings.items()),
    ]))


def register(main: click.Group) -> None:
    """`report contracts`, and `bench report` in the shared `bench` group."""
    main.add_command(report_group)
    main.commands["bench"].add_command(bench_report)
