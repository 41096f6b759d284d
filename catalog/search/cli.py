"""Search commands: `search`, `reindex`, `eval-search` and `bench search` (thin: parse, call, print)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from catalog.search.model import SORTS
from core.domain import ValidationFailed
from core.extensions import db
from core.jsonfile import read_json
from interchange.format import DEV_CATALOG

KNOWN_ITEMS = Path(__file__).with_name("data") / "known_items.json"
NEED_QUERIES = Path(__file__).with_name("data") / "need-queries.json"


@click.command("search", help='Tìm sản phẩm công khai: marketplace search "hoa don dien tu" --filter level=2')
@click.argument("query")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Bộ lọc, lặp lại được: category, sector, level, pricing, region, size, price, price_min, price_max.",
)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="In JSON: [{product_id, score, highlights}, ...].")
@with_appcontext
def search_command(query: str, filters: tuple[str, ...], limit: int, sort: str, as_json: bool) -> None:
    from catalog.search.model import SearchRequest, filters_from_pairs

    pairs = []
    for item in filters:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"'{item}' phải có dạng FIELD=VALUE.", param_hint="--filter")
        pairs.append((name.strip(), value))
    try:
        chosen = filters_from_pairs(pairs)
    except ValidationFailed as exc:
        problems = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.BadParameter(problems, param_hint="--filter") from exc
    result = current_app.extensions["search"].search(
        db.session, SearchRequest(q=query, filters=chosen, limit=limit, facets=False, sort=sort)
    )
    if as_json:
        click.echo(json.dumps([hit.to_dict() for hit in result.hits], ensure_ascii=False))
        return
    near = f", gần đúng: {result.exact_total} chứa đủ mọi từ" if result.relaxed else ""
    click.echo(f"{result.total} kết quả{near} ({result.took_ms} ms)")
    for hit in result.hits:
        why = "".join(f"  [{n.code} ← “{n.evidence}”]" for n in hit.why)
        click.echo(f"  {hit.score:.4f}  {hit.product_id:12}  {hit.document.name}{why}")


@click.command("reindex", help="Dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu.")
@with_appcontext
def reindex_command() -> None:
    from catalog.search.source import listing_count

    search = current_app.extensions["search"]
    with tqdm(
        total=listing_count(db.session), file=sys.stderr, unit=" tài liệu", desc="Lập chỉ mục", disable=None
    ) as bar:
        count = search.reindex(db.session, progress=bar.update)
    click.echo(f"Đã lập chỉ mục {count} tài liệu ({search.name}).")


@click.command(
    "eval-search",
    help="Known-item: tỷ lệ truy vấn có đúng sản phẩm trong 3 kết quả đầu; --adhoc FILE: nDCG@10 của "
    "truy vấn theo nhu cầu (có chấm điểm) so với BM25.",
)
@click.argument("items", required=False, type=click.Path(exists=True, dir_okay=False), default=None)
@click.option(
    "--adhoc",
    "adhoc_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Truy vấn có điểm 0-2 cho từng sản phẩm (ví dụ catalog/search/data/need-queries.json).",
)
@click.option(
    "--catalog",
    "catalog_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help=f"Danh mục dạng sme-catalog/1 (mặc định {DEV_CATALOG}).",
)
@click.option("--verbose", is_flag=True, help="In điểm từng truy vấn (--adhoc).")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def eval_search_command(
    items: str | None, adhoc_path: str | None, catalog_path: str | None, verbose: bool, as_json: bool
) -> None:
    from catalog.search import build_backend
    from catalog.search.documents import documents_from_interchange
    from catalog.search.evaluation import adhoc_report, known_item_report

    backend = build_backend(current_app.config, index="listings-eval")
    documents = documents_from_interchange(read_json(catalog_path or DEV_CATALOG))
    backend.replace_all(documents)
    if adhoc_path:
        report = adhoc_report(backend.search, documents, read_json(adhoc_path)["queries"])
    else:
        report = known_item_report(backend.search, read_json(items or KNOWN_ITEMS)["queries"])
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
    elif adhoc_path:
        _print_adhoc(report, verbose)
    else:
        _print_known_items(report)


def _print_adhoc(report: dict, verbose: bool) -> None:
    click.echo(
        f"{report['queries']} truy vấn, nDCG@{report['cutoff']}: tìm kiếm {report['search']:.3f}, "
        f"BM25 {report['bm25']:.3f}"
    )
    for name, part in report["splits"].items():
        figures = f"{part['search']:.3f} (BM25 {part['bm25']:.3f})"
        click.echo(f"  {name:10} {part['queries']:3} truy vấn: {figures}")
    if verbose:
        for row in report["per_query"]:
            click.echo(
                f"  {row['search']:.3f} {row['bm25']:.3f} {row['split']:8} {row['q']!r} "
                f"-> {' '.join(row['got'][:5])} (cần {' '.join(row['wanted'])})"
            )


def _print_known_items(report: dict) -> None:
    click.echo(
        f"{report['queries']} truy vấn: đúng sản phẩm ở vị trí 1: {report['top1']:.1%}, "
        f"trong 3 kết quả đầu: {report['top3']:.1%}"
    )
    for kind, share in report["by_kind"].items():
        click.echo(f"  {kind:14} {share:.1%}")
    for miss in report["misses"]:
        click.echo(f"  trượt: {miss['q']!r} -> {miss['product']} (vị trí {miss['rank']}, đầu: {miss['got']})")


@click.command("search", help="Đo tốc độ tìm kiếm trên N sản phẩm tổng hợp.")
@click.option("--listings", "n", default=10_000, show_default=True, type=click.IntRange(1, 2_000_000))
@click.option(
    "--catalog",
    "catalog_path",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Danh mục mẫu để lấy cách diễn đạt (mặc định dữ liệu phát triển).",
)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def bench_search_command(n: int, catalog_path: str | None, as_json: bool) -> None:
    from catalog.search import bench, build_backend

    backend = build_backend(current_app.config, index="listings-bench")
    result = bench.run(backend.replace_all, backend.search, n, read_json(catalog_path or DEV_CATALOG))
    if as_json:
        click.echo(json.dumps(result))
        return
    click.echo(
        f"{n} sản phẩm ({backend.name}): lập chỉ mục {result['index_seconds']} s; "
        f"{result['queries']} truy vấn: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms"
    )


def register(main: click.Group) -> None:
    """Add the search commands to the `marketplace` group (`bench search` under the shared `bench` group)."""
    for command in (search_command, reindex_command, eval_search_command):
        main.add_command(command)
    main.commands["bench"].add_command(bench_search_command)
