"""Catalog commands: import, export and demo (thin: parse, call the services, commit, report)."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from marketplace.extensions import db
from marketplace.jsonfile import read_json

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_FILE = REPO_ROOT.parent / "shared" / "data" / "matching-dev.json"


def _run_import(document, publish: bool, actor: object = "import"):
    """Import, commit, refresh the search index; on problems print each one and exit with status 1."""
    from catalog.importer import ImportRefused, import_document, record_count

    total = record_count(document) if isinstance(document, dict) else 0
    with tqdm(total=total, file=sys.stderr, unit=" bản ghi", disable=None, leave=False) as bar:
        try:
            report = import_document(db.session, document, publish=publish, actor=actor, tick=bar.update)
        except ImportRefused as refused:
            db.session.rollback()
            bar.close()
            for problem in refused.problems:
                click.echo(f"LỖI {problem}", err=True)
            click.echo(f"Tệp có {len(refused.problems)} lỗi; chưa nhập bản ghi nào.", err=True)
            sys.exit(1)
    db.session.commit()
    current_app.extensions["search"].refresh(db.session, sorted(report.listing_ids))
    names = {"vendors": "Nhà cung cấp", "products": "Sản phẩm", "smes": "Doanh nghiệp (SME)",
             "contracts": "Hợp đồng"}
    for name, result in report.results.items():
        if isinstance(document, dict) and name not in document:
            continue  # a section the file does not have
        click.echo(
            f"{names.get(name, name)}: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi"
        )
        for warning in result.warnings:
            click.echo(f"CẢNH BÁO {warning}", err=True)
    if report.edition is not None:
        click.echo(
            f"Đã công bố ấn bản danh mục số {report.edition.number} "
            f"(quyết định {report.edition.decision_number})."
        )
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
    _run_import(read_json(file), publish)
    click.echo(f"Xong trong {time.perf_counter() - started:.2f} giây.")


@click.command("export", help="Xuất dữ liệu ra tệp JSON sme-catalog/1 ('-' = màn hình).")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--edition",
    "edition_spec",
    default=None,
    help="'current' hoặc số ấn bản: chỉ xuất sản phẩm của ấn bản đó và nhà cung cấp của chúng.",
)
@with_appcontext
def export_command(file: str, edition_spec: str | None) -> None:
    from catalog.exporter import export_document
    from catalog.queries import current_edition
    from catalog.services import get_edition
    from marketplace.domain import NotFound

    edition = None
    if edition_spec == "current":
        edition = current_edition(db.session)
        if edition is None:
            raise click.ClickException("Chưa có ấn bản danh mục nào.")
    elif edition_spec is not None:
        if not (edition_spec.isascii() and edition_spec.isdigit()):
            raise click.BadParameter("phải là 'current' hoặc một số", param_hint="--edition")
        try:
            edition = get_edition(db.session, int(edition_spec))
        except NotFound as exc:
            raise click.ClickException(exc.message) from exc
    text = json.dumps(export_document(db.session, edition), ensure_ascii=False, indent=1) + "\n"
    if file == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(file).write_text(text, encoding="utf-8")
    except OSError as exc:  # a missing folder, no permission, a full disk: a message, not a traceback
        raise click.ClickException(f"Không ghi được tệp {file} ({exc.strerror or exc}).") from exc
    document = json.loads(text)
    counts = ", ".join(
        f"{name}: {len(document[name])}" for name in document if isinstance(document[name], list)
    )
    click.echo(f"Đã xuất {file} ({counts}).")


@click.command(
    "demo",
    help="Nạp dữ liệu mẫu (shared/data/matching-dev.json), công bố danh mục và tạo "
    "tài khoản mẫu cho từng vai trò.",
)
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help=f"Tệp dữ liệu mẫu (mặc định {DEMO_FILE}).",
)
@with_appcontext
def demo_command(path: str | None) -> None:
    from catalog.demo import DEMO_ACCOUNTS, already_loaded, ensure_demo_accounts, stage_demo_review
    from marketplace.schema import upgrade

    source = Path(path) if path else DEMO_FILE
    if not source.exists():
        raise click.ClickException(f"Không tìm thấy tệp dữ liệu mẫu {source}; hãy chỉ rõ bằng --file.")
    upgrade(current_app.config["DATABASE_URL"])
    document = read_json(source)
    if isinstance(document, dict) and already_loaded(db.session, document):
        click.echo(f"Dữ liệu mẫu từ {source.name} đã có sẵn; giữ nguyên.")
    else:
        _run_import(document, publish=True, actor="demo")
    _demo_contracts()
    accounts = ensure_demo_accounts(db.session, current_app.extensions["passwords"])
    staged = stage_demo_review(db.session, accounts["vendor"])
    db.session.commit()
    if staged:
        current_app.extensions["search"].refresh(db.session, [staged])
    click.echo("\nTài khoản mẫu (email / mật khẩu):")
    for role, (email, password, what) in DEMO_ACCOUNTS.items():
        click.echo(f"  {role:8} {email:22} {password:23} {what}")


def _demo_contracts() -> None:
    """Once: each demo SME signs one or two of its best-matching offers (see contracts.demo)."""
    from sqlalchemy import select

    from contracts.demo import contract_records
    from contracts.models import Contract
    from smes.matches import all_smes, matches_for_all

    if db.session.scalar(select(Contract.id).where(Contract.id.like("demo-%")).limit(1)):
        return
    choices = [
        (sme.id, [(m.offer.product, m.facts.affordability.option.type if m.facts.affordability else None)
                  for m in matches])
        for sme, matches in matches_for_all(db.session, all_smes(db.session), top=2)
    ]
    _run_import({"format": "sme-catalog/1", "contracts": contract_records(choices)}, publish=False,
                actor="demo")


def register(group: click.Group) -> None:
    """Add the catalog's commands to the `marketplace` group."""
    for command in (import_command, export_command, demo_command):
        group.add_command(command)
