"""The `marketplace` console command: a Flask CLI group carrying every command."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from marketplace.app import create_app
from marketplace.domain import ValidationFailed
from marketplace.extensions import db

# Commands that work on a database without a schema (they create it, or use a throwaway one).
NO_SCHEMA_NEEDED = {"db", "demo", "eval-matching", "eval-search", "bench", "routes", "shell", "create-user"}


def _require_schema(app) -> None:
    from marketplace.schema import schema_state

    with app.app_context():
        state = schema_state(db.engine, app.config["DATABASE_URL"])
    if state != "current":
        what = "chưa có lược đồ (schema)" if state == "missing" else "có lược đồ cũ, cần nâng cấp"
        raise click.ClickException(
            f"Cơ sở dữ liệu {app.config['DATABASE_URL']} {what}. Hãy chạy: marketplace db upgrade"
        )


ASKS_HELP = "marketplace.asks_help"


class MarketplaceGroup(FlaskGroup):
    def resolve_command(self, ctx, args):
        """Notes whether the subcommand is only asked for its help, which needs no database."""
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[ASKS_HELP] = "--help" in rest
        return name, command, rest


@click.group(cls=MarketplaceGroup, create_app=create_app, add_version_option=False,
             help="Sàn giải pháp chuyển đổi số cho doanh nghiệp nhỏ và vừa.")
@click.pass_context
def main(ctx: click.Context) -> None:
    asks_help = ctx.meta.get(ASKS_HELP, False)
    if ctx.invoked_subcommand and ctx.invoked_subcommand not in NO_SCHEMA_NEEDED and not asks_help:
        _require_schema(ctx.ensure_object(ScriptInfo).load_app())


@main.group("db", help="Lược đồ cơ sở dữ liệu (migrations).")
def db_group() -> None:
    pass


@main.group("bench", help="Đo tốc độ (in số liệu).")
def bench_group() -> None:
    pass  # each package adds its benchmark in its register()


@db_group.command("upgrade", help="Tạo hoặc nâng cấp lược đồ của cơ sở dữ liệu DATABASE_URL.")
@with_appcontext
def db_upgrade() -> None:
    from marketplace.schema import upgrade

    url = current_app.config["DATABASE_URL"]
    upgrade(url)
    click.echo(f"Lược đồ đã cập nhật: {url}")


@main.command("create-user", help="Tạo tài khoản cán bộ (officer) hoặc quản trị (admin).")
@click.option("--email", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--role", type=click.Choice(["officer", "admin"]), default="officer", show_default=True)
@click.option("--name", "full_name", default="")
@with_appcontext
def create_user(email: str, password: str, role: str, full_name: str) -> None:
    from marketplace.auth.accounts import create_staff

    _require_schema(current_app)
    try:
        user = create_staff(db.session, current_app.extensions["passwords"], email=email, password=password,
                            role=role, full_name=full_name)
    except ValidationFailed as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(detail or exc.message) from exc
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {role}: {user.email}")


def register_package_commands() -> None:
    """Commands that live with their feature's package."""
    from catalog.cli import register as register_catalog
    from catalog.search.cli import register as register_search
    from payments.cli import register as register_payments
    from reports.cli import register as register_reports
    from smes.cli import register as register_smes

    register_catalog(main)
    register_payments(main)
    register_smes(main)
    register_search(main)
    register_reports(main)


register_package_commands()
