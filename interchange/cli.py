"""The `import` command: a sme-catalog/1 file into the store, all or nothing (thin: open the file as a
stream, call the sections, commit, report)."""

from __future__ import annotations

import sys
import time

import click
from flask.cli import with_appcontext
from tqdm import tqdm

from core.extensions import db
from core.jsontext import UnsafeJson
from interchange.sections import ImportRefused, import_document, record_count
from interchange.stream import open_document


def run_import(document, publish: bool, actor: object = "import"):
    """Import (the command commits at its end); on problems print each one and exit with status 1."""
    # Each record is read twice: checked, then (when the whole file is fine) written.
    total = 2 * record_count(document) if isinstance(document, dict) else 0
    with tqdm(total=total, file=sys.stderr, unit=" bản ghi", disable=None, leave=False) as bar:
        try:
            report = import_document(db.session, document, publish=publish, actor=actor, tick=bar.update)
        except ImportRefused as refused:
            db.rollback()
            bar.close()
            for problem in refused.problems:
                click.echo(f"LỖI {problem}", err=True)
            click.echo(f"Tệp có {len(refused.problems)} lỗi; chưa nhập bản ghi nào.", err=True)
            sys.exit(1)
    names = {"vendors": "Nhà cung cấp", "products": "Sản phẩm", "smes": "Doanh nghiệp (SME)",
             "contracts": "Hợp đồng", "consultants": "Chuyên gia tư vấn",
             "assessments": "Đánh giá mức độ sẵn sàng", "supports": "Hoạt động hỗ trợ"}
    for name, result in report.results.items():
        if isinstance(document, dict) and name not in document:
            continue  # a section the file does not have
        click.echo(
            f"{names.get(name, name)}: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi"
        )
        for warning in result.warnings:
            click.echo(f"CẢNH BÁO {warning}", err=True)
    for note in report.notes:
        click.echo(note)
    return report


@click.command(
    "import",
    help="Nhập tệp JSON theo định dạng sme-catalog/1 (kiểm tra toàn bộ trước, ghi tất cả hoặc không ghi gì).",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--publish", is_flag=True, help="Phê duyệt các sản phẩm nhập vào và công bố một ấn bản danh mục mới."
)
@with_appcontext
def import_command(file: str, publish: bool) -> None:
    started = time.perf_counter()
    try:
        document = open_document(file)
    except UnsafeJson as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    except OSError as exc:
        raise click.ClickException(f"Không đọc được {file}: {exc.strerror}") from exc
    run_import(document, publish)
    click.echo(f"Xong trong {time.perf_counter() - started:.2f} giây.")


def register(group: click.Group) -> None:
    """`import`, and `bench import` in the shared `bench` group."""
    from interchange.bench import bench_import

    group.add_command(import_command)
    group.commands["bench"].add_command(bench_import)
