"""The `export` command: the whole store, or one edition of the official catalog, as sme-catalog/1."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from catalog.exporter import edition_document
from catalog.queries import current_edition
from catalog.services import get_edition
from core.domain import NotFound
from core.extensions import db
from interchange.sections import export_document


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
    document = edition_document(db.session, edition) if edition else export_document(db.session)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
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


def register(group: click.Group) -> None:
    """Add the catalog's commands to the `marketplace` group."""
    group.add_command(export_command)
