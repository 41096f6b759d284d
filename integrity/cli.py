"""Integrity commands: `fraud scan`, `eval-fraud` and `bench fraud` (thin: parse, call, print)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from core.console import emit
from core.domain import ValidationFailed
from core.extensions import db
from core.jsonfile import read_json
from core.scratch import same_database
from integrity import bench, evaluation, sandbox, synthetic
from integrity.scan import scan
from reports.aggregate import parse_period


def _period(date_from: str | None, date_to: str | None):
    if date_from is None and date_to is None:
        return None, None
    try:
        return parse_period(date_from, date_to)
    except ValidationFailed as exc:
        raise click.ClickException(
            "; ".join(f"--{k}: {v}" for k, v in exc.fields.items()) or exc.message
        ) from exc


@click.group("fraud", help="Kiểm tra tính liêm chính của giao dịch được hỗ trợ.")
def fraud_group() -> None:
    pass


@fraud_group.command(
    "scan",
    help="Quét hợp đồng tìm dấu hiệu lạm dụng, lưu cờ cho cán bộ xem xét (điểm ≥ 0,5) và in mọi hợp đồng "
    "có ít nhất một dấu hiệu, điểm cao trước. Kỳ chọn hợp đồng theo ngày được tính (hoặc ngày ký đầu tiên).",
)
@click.option("--from", "date_from", default=None, help="Ngày bắt đầu YYYY-MM-DD (tính cả ngày này).")
@click.option("--to", "date_to", default=None, help="Ngày kết thúc YYYY-MM-DD (tính cả ngày này).")
@click.option("--json", "as_json", is_flag=True, help="In JSON đúng định dạng của đặc tả.")
@with_appcontext
def scan_command(date_from: str | None, date_to: str | None, as_json: bool) -> None:
    start, end = _period(date_from, date_to)
    result = scan(db.session, start, end, actor="scan")
    findings = [finding.to_json() for finding in result.findings]

    def readable() -> str:
        lines = [
            f"{result.deals} hợp đồng; {len(findings)} có dấu hiệu, {result.flagged} được gắn cờ "
            f"({result.opened} cờ mới hoặc mở lại, {result.removed} cờ không còn)."
        ]
        for item in findings:
            lines.append(f"  {item['score']:.3f}  {item['contract_id']}  {', '.join(item['signals'])}")
            lines += [f"         - {reason}" for reason in item["reasons"]]
        return "\n".join(lines)

    emit(findings, as_json, readable)


@click.command(
    "eval-fraud",
    help="Đo độ chính xác (precision) và độ phủ (recall) của bộ kiểm tra ở điểm ≥ 0,5 trên một tệp có nhãn "
    "(sme-catalog/1 với danh sách integrity_labels), nạp vào một cơ sở dữ liệu tạm.",
)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--generate", is_flag=True, help="Trước đó, sinh tập dữ liệu tổng hợp vào FILE (ghi đè).")
@click.option(
    "--seed", type=int, default=synthetic.SEED, show_default=True, help="Hạt giống khi sinh dữ liệu."
)
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def eval_fraud_command(file: str, generate: bool, seed: int, as_json: bool) -> None:
    if generate:
        try:
            synthetic.write(Path(file), seed)
        except OSError as exc:
            raise click.ClickException(f"Không ghi được tệp {file} ({exc.strerror or exc}).") from exc
    elif not Path(file).is_file():
        raise click.ClickException(f"Không tìm thấy tệp {file} (dùng --generate để sinh).")
    document = read_json(file)
    try:
        result = sandbox.evaluate_document(document)
    except evaluation.NotLabelled as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    result = {"file": file, **result}

    def readable() -> str:
        lines = [
            f"{file}: {result['contracts']} hợp đồng, {result['abusive']} lạm dụng đã biết, "
            f"{result['flagged']} được gắn cờ (điểm ≥ {result['threshold']})",
            f"  precision {result['precision']:.3f}   recall {result['recall']:.3f}",
        ]
        lines += [
            f"  {pattern:20} recall {row['recall']:.3f} ({row['found']}/{row['planted']})"
            for pattern, row in result["by_pattern"].items()
        ]
        lines += [
            f"  {kind:20} gắn cờ nhầm {row['flagged']}/{row['cases']}"
            for kind, row in result["near_misses"].items()
        ]
        return "\n".join(lines)

    emit(result, as_json, readable)


@click.command("fraud", help="Đo thời gian một lần quét toàn bộ trên N hợp đồng tổng hợp (JSON).")
@click.option("--contracts", "n", type=click.IntRange(1, 10_000_000), default=1_000_000, show_default=True)
@click.option(
    "--database-url",
    default=None,
    help="Cơ sở dữ liệu nháp để nạp (mặc định: một tệp SQLite tạm, xóa khi xong). Không bao giờ là "
    "cơ sở dữ liệu của sàn (DATABASE_URL).",
)
@click.option("--reuse", is_flag=True, help="Dùng lại dữ liệu tổng hợp đã nạp nếu đã có đúng N hợp đồng.")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def bench_fraud(n: int, database_url: str | None, reuse: bool, as_json: bool) -> None:
    if database_url and same_database(database_url, current_app.config["DATABASE_URL"]):
        raise click.ClickException(
            "--database-url là cơ sở dữ liệu của sàn: hãy dùng một cơ sở dữ liệu nháp "
            "(hợp đồng tổng hợp sẽ làm sai chỉ tiêu và danh sách cờ)."
        )
    with tempfile.TemporaryDirectory(prefix="bench-fraud-") as folder:
        try:
            result = bench.run(database_url or f"sqlite:///{folder}/bench.db", n, reuse)
        except bench.NotScratch as exc:
            raise click.ClickException(str(exc)) from exc
    emit(
        result,
        as_json,
        lambda: (
            f"{result['database']}: {n} hợp đồng (nạp trong {result['fill_seconds']} giây); quét toàn bộ "
            f"{result['scan_seconds']} giây (đọc {result['load_seconds']} giây, kiểm tra "
            f"{result['check_seconds']} giây, lưu cờ {result['store_seconds']} giây); "
            f"{result['findings']} hợp đồng có dấu hiệu, "
            f"{result['flagged']} gắn cờ"
        ),
    )


def register(main: click.Group) -> None:
    """`fraud scan`, `eval-fraud`, and `bench fraud` in the shared `bench` group."""
    main.add_command(fraud_group)
    main.add_command(eval_fraud_command)
    main.commands["bench"].add_command(bench_fraud)
