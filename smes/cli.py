"""Matching commands: `match`, `eval-matching` and `bench match` (thin: parse, call, print)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from marketplace.extensions import db
from marketplace.jsonfile import read_json

METRICS = ("ndcg@10", "map@10", "recall@10")
RANKERS = {
    "engine": "Bộ máy gợi ý",
    "popularity": "Phổ biến",
    "bm25": "BM25 (văn bản)",
    "random": "Ngẫu nhiên",
}


def _read_json(path: str) -> dict:
    document = read_json(path)
    if not isinstance(document, dict):
        raise click.ClickException(f"{path} phải chứa một đối tượng JSON sme-catalog/1.")
    return document


def _print_matches(matches, as_json: bool) -> None:
    from smes.matches import match_json

    if as_json:
        click.echo(json.dumps([match_json(m) for m in matches], ensure_ascii=False))
        return
    if not matches:
        click.echo("Không có sản phẩm nào phù hợp.")
    for rank, match in enumerate(matches, start=1):
        click.echo(f"{rank:>2}. {match.offer.id}  {match.offer.product.name}  (điểm {match.score:.4f})")
        for reason in match.reasons:
            click.echo(f"      - {reason}")


@click.command("match", help="Gợi ý sản phẩm cho một doanh nghiệp (--sme ID) hoặc cho tất cả (--all).")
@click.option("--sme", "sme_id", default=None, help="Mã doanh nghiệp (id).")
@click.option("--all", "all_smes", is_flag=True, help="Mọi doanh nghiệp: mỗi dòng một đối tượng JSON.")
@click.option(
    "--top", default=10, show_default=True, type=click.IntRange(1, 100), help="Số gợi ý mỗi doanh nghiệp."
)
@click.option("--json", "as_json", is_flag=True, help="In JSON theo đặc tả.")
@with_appcontext
def match_command(sme_id: str | None, all_smes: bool, top: int, as_json: bool) -> None:
    from marketplace.domain import NotFound
    from smes.matches import all_smes as stored_smes
    from smes.matches import get_sme, match_json, matches_for, matches_for_all

    if bool(sme_id) == all_smes:
        raise click.UsageError("Chọn đúng một trong --sme ID hoặc --all.")
    if sme_id:
        try:
            sme = get_sme(db.session, sme_id)
        except NotFound as exc:
            raise click.ClickException(exc.message) from exc
        _print_matches(matches_for(db.session, sme, top), as_json)
        return
    smes = stored_smes(db.session)
    with tqdm(total=len(smes), file=sys.stderr, unit=" DN", desc="Gợi ý") as bar:
        for sme, matches in matches_for_all(db.session, smes, top, progress=bar.update):
            if as_json:
                line = {"sme_id": sme.id, "matches": [match_json(m) for m in matches]}
                bar.write(json.dumps(line, ensure_ascii=False), file=sys.stdout)
            else:
                bar.write(
                    f"{sme.id} {sme.name}: " + ", ".join(f"{m.offer.id} ({m.score:.3f})" for m in matches),
                    file=sys.stdout,
                )


def evaluate_file(path: str, secret_key: str) -> dict:
    """Import a judged interchange file into a throwaway SQLite database and evaluate there."""
    from catalog.importer import ImportRefused, import_document
    from marketplace.app import create_app
    from marketplace.schema import upgrade
    from matching.evaluation import JudgedSet, evaluate, grades_of
    from smes.matches import all_smes, profile_of, published_offers

    document = _read_json(path)
    with tempfile.TemporaryDirectory(prefix="eval-matching-") as folder:
        url = f"sqlite:///{Path(folder) / 'eval.db'}"
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": secret_key,
                "RATELIMIT_ENABLED": False,
                "SEARCH_INDEX_PATH": str(Path(folder) / "search.db"),
            }
        )
        upgrade(url)
        with app.app_context():
            try:
                import_document(db.session, document, publish=True, actor="eval-matching")
            except ImportRefused as refused:
                db.session.rollback()
                problems = "\n".join(map(str, refused.problems))
                raise click.ClickException(f"Tệp không nhập được:\n{problems}") from refused
            db.session.commit()
            data = JudgedSet(
                tuple(published_offers(db.session)),
                tuple(profile_of(s) for s in all_smes(db.session)),
                grades_of(document),
            )
            figures = evaluate(data)
            db.session.close()
        app.extensions["db_engine"].dispose()
    return {
        "file": path,
        "smes": len(data.profiles),
        "products": len(data.offers),
        "judgments": len(data.grades),
        **figures,
    }


@click.command(
    "eval-matching",
    help="Đo chất lượng gợi ý trên một tệp có đánh giá (judgments): nDCG@10, "
    "MAP@10, recall@10 của bộ máy và ba mốc so sánh.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def eval_matching_command(file: str, as_json: bool) -> None:
    result = evaluate_file(file, current_app.config["SECRET_KEY"])
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"{file}: {result['smes']} doanh nghiệp, {result['products']} sản phẩm, "
        f"{result['judgments']} đánh giá"
    )
    click.echo(f"{'':24}" + "".join(f"{m:>11}" for m in METRICS))
    for key, name in RANKERS.items():
        click.echo(f"{name:24}" + "".join(f"{result[key][m]:>11.4f}" for m in METRICS))
    best = max(result[k]["ndcg@10"] for k in RANKERS if k != "engine")
    click.echo(f"nDCG@10 hơn mốc tốt nhất: {result['engine']['ndcg@10'] - best:+.4f}")


@click.command("match", help="Đo tốc độ gợi ý trên dữ liệu giả lập: một DN với N sản phẩm (p95) và M DN.")
@click.option("--products", default=10_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--smes", default=1_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
def bench_match_command(products: int, smes: int, as_json: bool) -> None:
    from matching.benchmark import run

    with tqdm(total=smes, file=sys.stderr, unit=" DN", desc="Gợi ý", disable=None) as bar:
        result = run(products, smes, progress=bar.update)
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{products} sản phẩm: một doanh nghiệp p95 {result['one_p95_ms']} ms; "
        f"{smes} doanh nghiệp trong {result['all_seconds']} giây"
    )


def register(main: click.Group) -> None:
    """Add the matching commands to the `marketplace` group (`bench match` under the shared `bench` group)."""
    main.add_command(match_command)
    main.add_command(eval_matching_command)
    main.commands["bench"].add_command(bench_match_command)
