"""The `demo` command: the dev catalog, a published edition, demo contracts and an account per role."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from contracts.models import Contract
from core.db import utcnow
from core.extensions import db
from core.formatting import to_vn
from core.jsonfile import read_json
from demo.accounts import DEMO_ACCOUNTS, already_loaded, ensure_demo_accounts, stage_demo_review
from demo.consents import consent_demo_smes
from demo.contracts import contract_records
from demo.notify import verify_demo_addresses
from demo.problems import seed_demo_problems
from demo.programme import programme_document
from demo.trust import seed_reviews
from demo.vouchers import vouchers_document
from interchange.cli import run_import
from interchange.format import DEV_CATALOG as DEMO_FILE
from matching.service import all_smes, matches_for_all


@click.command(
    "demo",
    help="Nạp dữ liệu mẫu (interchange/data/matching-dev.json), công bố danh mục và tạo "
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
    source = Path(path) if path else DEMO_FILE
    if not source.exists():
        raise click.ClickException(f"Không tìm thấy tệp dữ liệu mẫu {source}; hãy chỉ rõ bằng --file.")
    document = read_json(source)
    if isinstance(document, dict) and already_loaded(db.session, document):
        click.echo(f"Dữ liệu mẫu từ {source.name} đã có sẵn; giữ nguyên.")
    else:
        run_import(document, publish=True, actor="demo")
    _demo_contracts()
    if programme := programme_document(db.session):
        run_import(programme, publish=False, actor="demo")
    click.echo(f"Đánh giá mẫu: {seed_reviews(db.session)}.")
    if vouchers := vouchers_document(db.session, to_vn(utcnow()).date()):
        run_import(vouchers, publish=False, actor="demo")
    accounts = ensure_demo_accounts(db.session, current_app.extensions["passwords"])
    verify_demo_addresses(db.session, accounts)
    stage_demo_review(db.session, accounts["vendor"])
    seed_demo_problems(db.session, accounts)
    vendor, sme = accounts.get("vendor"), accounts.get("sme")
    consenting = consent_demo_smes(db.session, current_app.extensions["passwords"],
                                   vendor.vendor_id if vendor else None, {sme.sme_id} if sme else set())
    if consenting:
        click.echo(f"Doanh nghiệp mẫu đồng ý cho nhà cung cấp liên hệ: {len(consenting)}.")
    click.echo("\nTài khoản mẫu (email / mật khẩu):")
    for role, (email, password, what) in DEMO_ACCOUNTS.items():
        click.echo(f"  {role:8} {email:22} {password:23} {what}")


def _demo_contracts() -> None:
    """Once: each demo SME signs one or two of its best-matching offers (see contracts.demo)."""
    if db.session.scalar(select(Contract.id).where(Contract.id.like("demo-%")).limit(1)):
        return
    choices = [
        (sme.id, [(m.offer.product, m.facts.affordability.option.type if m.facts.affordability else None)
                  for m in matches])
        for sme, matches in matches_for_all(db.session, all_smes(db.session), top=2)
    ]
    run_import({"format": "sme-catalog/1", "contracts": contract_records(choices)}, publish=False,
                actor="demo")


def register(group: click.Group) -> None:
    group.add_command(demo_command)
