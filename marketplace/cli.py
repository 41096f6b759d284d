"""The `marketplace` console command: a Flask CLI group carrying every command."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from accounts.services import create_staff
from core.domain import ValidationFailed
from core.extensions import db
from marketplace import features
from marketplace.app import create_app
from marketplace.schema import schema_state, upgrade
from marketplace.workers import scheduler, worker

# Commands that work on a database without a schema (they create it, or use a throwaway one).
NO_SCHEMA_NEEDED = {"db", "eval-matching", "eval-search", "eval-fraud", "bench", "routes", "shell",
                    "create-user"}


def _require_schema(app) -> None:
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
    if not ctx.invoked_subcommand or asks_help:
        return
    if ctx.invoked_subcommand == "demo":  # a new machine: the demo creates the schema first
        app = ctx.ensure_object(ScriptInfo).load_app()
        upgrade(app.config["DATABASE_URL"])
    elif ctx.invoked_subcommand not in NO_SCHEMA_NEEDED:
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
    _require_schema(current_app)
    try:
        user = create_staff(db.session, current_app.extensions["passwords"], email=email, password=password,
                            role=role, full_name=full_name)
    except ValidationFailed as exc:
        detail = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(detail or exc.message) from exc
    click.echo(f"Đã tạo tài khoản {role}: {user.email}")


main.add_command(worker)
main.add_command(scheduler)
features.register_commands(main)
