"""Indicator commands: `report programme` (the spec's JSON, XLSX, CSV)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from core.console import emit
from core.db import Base, make_engine, utcnow
from core.domain import ValidationFailed
from core.extensions import db
from core.formatting import to_vn
from core.scratch import same_database
from indicators import bench, rollup
from indicators.annual import annual_docx
from indicators.export import programme_csv, programme_xlsx
from indicators.programme import all_breakdowns, programme_report
from indicators.render import first_page_png, to_pdf
from indicators.services import annual_figures
from reports.aggregate import parse_period


def _write(path: str, content: bytes) -> None:
    try:
        Path(path).write_bytes(content)
    except OSError as exc:  # a missing folder, no permission, a full disk: a message, not a traceback
        raise click.ClickException(f"Không ghi được tệp {path} ({exc.strerror or exc}).") from exc


def _readable(report: dict) -> str:
    kinds, tiers, change = report["by_kind"], report["tiers"], report["readiness_change"]
    return "\n".join(
        [
            f"Chỉ tiêu chương trình {report['from']} – {report['to']}"
            + (f", {report['province']}" if report["province"] else ""),
            f"  Doanh nghiệp được hỗ trợ: {report['smes_supported']}",
            f"  Đánh giá {kinds['assessment']}, tư vấn {kinds['consulting']}, đào tạo {kinds['training']}, "
            f"ứng dụng {kinds['application']}",
            f"  Khởi động {tiers['khoi_dong']}, nâng cao {tiers['nang_cao']}, "
            f"toàn diện {tiers['toan_dien']}, chưa đánh giá {tiers['unassessed']}",
            f"  Mức sẵn sàng sau hợp đồng: tăng {change['improved']}, không đổi {change['unchanged']}, "
            f"giảm {change['declined']}",
            f"  Chuyên gia: đạt chuẩn {report['consultants']['certified']}, "
            f"hoạt động {report['consultants']['active']}",
            f"  Hợp đồng đã ký: {report['contracts']}",
        ]
    )


@click.command("programme", help="Chỉ tiêu chương trình chuyển đổi số DNNVV trong kỳ (đặc tả programme.md).")
@click.option("--from", "date_from", required=True, help="Ngày bắt đầu YYYY-MM-DD (tính cả ngày này).")
@click.option("--to", "date_to", required=True, help="Ngày kết thúc YYYY-MM-DD (tính cả ngày này).")
@click.option("--province", default=None, help="Chỉ doanh nghiệp của tỉnh, thành phố này.")
@click.option("--json", "as_json", is_flag=True, help="In JSON đúng định dạng của đặc tả.")
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(dir_okay=False),
    help="Ghi thêm tệp Excel: tổng hợp, theo tỉnh, ngành, quy mô, tháng.",
)
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), help="Ghi thêm tệp CSV (UTF-8 có BOM).")
@with_appcontext
def report_programme(
    date_from: str,
    date_to: str,
    province: str | None,
    as_json: bool,
    xlsx_path: str | None,
    csv_path: str | None,
) -> None:
    try:
        start, end = parse_period(date_from, date_to)
    except ValidationFailed as exc:
        raise click.ClickException(
            "; ".join(f"--{k}: {v}" for k, v in exc.fields.items()) or exc.message
        ) from exc
    province = province.strip() if province and province.strip() else None
    report = programme_report(db.session, start, end, province)
    if xlsx_path or csv_path:
        breakdowns = all_breakdowns(db.session, start, end, province)
        if xlsx_path:
            _write(xlsx_path, programme_xlsx(report, breakdowns, utcnow()))
        if csv_path:
            _write(csv_path, programme_csv(report, breakdowns, utcnow()))
    emit(report, as_json, lambda: _readable(report))


@click.command("annual", help="Báo cáo năm của chương trình (Word, thể thức Nghị định 30/2020/NĐ-CP).")
@click.option("--year", type=click.IntRange(2000, 2100), required=True)
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False), required=True, help="Tệp Word cần ghi.")
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False), help="Ghi thêm bản PDF (LibreOffice).")
@click.option("--png", "png_path", type=click.Path(dir_okay=False), help="Ghi thêm ảnh PNG trang đầu.")
@click.option("--place", default="Hà Nội", show_default=True, help="Địa danh ghi trên văn bản.")
@with_appcontext
def report_annual(year: int, docx_path: str, pdf_path: str | None, png_path: str | None, place: str) -> None:
    figures = annual_figures(db.session, year, to_vn(utcnow()).date(), place)
    _write(docx_path, annual_docx(figures))
    if pdf_path or png_path:
        try:
            with tempfile.TemporaryDirectory() as work:
                pdf = to_pdf(Path(docx_path), Path(pdf_path or Path(work) / "annual.pdf"))
                if png_path:
                    first_page_png(pdf, Path(png_path))
        except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
            raise click.ClickException(f"Không chuyển được sang PDF/PNG: {exc}") from exc
    click.echo(f"Đã ghi báo cáo năm {year}: {docx_path}")


def _bench_programme(n: int, database_url: str | None, reuse: bool, repeat: int, as_json: bool) -> None:
    """`bench report --programme`: a scratch database only (never the marketplace's, never one with real
    SMEs), as the contracts' benchmark."""
    if not database_url or same_database(database_url, current_app.config["DATABASE_URL"]):
        raise click.ClickException(
            "--programme cần --database-url của một cơ sở dữ liệu nháp (không phải của sàn)."
        )
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = make_engine(url)
    try:
        if bench.real_records(engine):
            raise click.ClickException(f"{database_url} có dữ liệu thật: hãy dùng một cơ sở dữ liệu nháp.")
        Base.metadata.create_all(engine)
        fill_seconds = None
        if not (reuse and bench.synthetic_count(engine) == n):
            fill_seconds = round(
                bench.fill(engine, n, progress=lambda step: click.echo(f"  {step}", err=True)), 1
            )
        timings = bench.time_reports(engine, repeat)
    finally:
        engine.dispose()
    result = {
        "database": engine.dialect.name,
        "smes": n,
        "assessments": 3 * n,
        "supports": 5 * n,
        "contracts": n // 2,
        "fill_seconds": fill_seconds,
        "period": {"from": bench.PERIOD[0].isoformat(), "to": bench.PERIOD[1].isoformat()},
        "reports": timings,
        "slowest_s": max(t["median_s"] for name, t in timings.items() if name != bench.WORKBOOK),
    }
    emit(
        result,
        as_json,
        lambda: "\n".join(
            [
                f"{result['database']}: {n} doanh nghiệp (nạp trong {fill_seconds} giây)",
                *(
                    f"  {name:22} lần đầu {t['first_s']:.3f} s, trung vị {t['median_s']:.3f} s"
                    for name, t in timings.items()
                ),
            ]
        ),
    )


def with_programme(contracts_bench: click.Command) -> click.Command:
    """The reports' `bench report`, plus `--programme --smes N` for the programme reports."""

    def callback(programme: bool, smes: int, **options):
        if not programme:
            return click.get_current_context().invoke(contracts_bench.callback, **options)
        return _bench_programme(
            smes, options["database_url"], options["reuse"], options["repeat"], options["as_json"]
        )

    params = [
        *contracts_bench.params,
        click.Option(["--programme"], is_flag=True, help="Đo các báo cáo chỉ tiêu chương trình."),
        click.Option(
            ["--smes"],
            type=click.IntRange(1),
            default=1_000_000,
            show_default=True,
            help="Với --programme: số doanh nghiệp (3 lần đánh giá, 5 hoạt động hỗ trợ mỗi DN).",
        ),
    ]
    return click.Command(
        "report",
        callback=with_appcontext(callback),
        params=params,
        help=f"{contracts_bench.help} Với --programme: các báo cáo chỉ tiêu chương trình.",
    )


@click.command(
    "programme-rows",
    help="Tính lại các dòng hoạt động theo tháng của mọi doanh nghiệp mà báo cáo chương trình đọc "
    "(sau khi dữ liệu được ghi thẳng vào cơ sở dữ liệu, không qua ứng dụng).",
)
@with_appcontext
def rebuild_programme_rows() -> None:
    with click.progressbar(length=0, label="Tính lại", file=sys.stderr) as bar:

        def advance(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        written = rollup.rebuild(db.session, advance)
    click.echo(f"Đã ghi {written} dòng.")


def register(main: click.Group) -> None:
    """`report programme`, `report programme-rows` and `report annual` in the reports' `report` group;
    `--programme` added to `bench report`."""
    main.commands["report"].add_command(report_programme)
    main.commands["report"].add_command(rebuild_programme_rows)
    main.commands["report"].add_command(report_annual)
    bench_group = main.commands["bench"]
    bench_group.add_command(with_programme(bench_group.commands["report"]))
