"""Matching commands: `match`, `eval-matching`, `suggestions refresh` and `bench match` (thin: parse, call,
print)."""

from __future__ import annotations

import json
import sys
import tempfile

import click
from flask import current_app
from flask.cli import with_appcontext
from tqdm import tqdm

from core.console import emit
from core.domain import NotFound
from core.extensions import db
from core.jsonfile import read_json
from core.scratch import same_database
from interchange.format import check_document
from matching import bench
from matching.evaluation import JudgedSet, evaluate, judged_set_from_document
from matching.service import all_smes as stored_smes
from matching.service import match_json, matches_for, matches_for_all
from matching.suggestions import refresh
from smes.services import get_sme
from smes.sizing import size_of_interchange_sme

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


def judged_file(path: str) -> JudgedSet:
    """A judged interchange file as the app would see it imported with --publish: every product public
    and in the official catalog, each SME sized by Decree 80/2021 when the file does not say (no
    database needed: the engine reads the same values)."""
    document = _read_json(path)
    if problems := check_document(document):
        raise click.ClickException("Tệp không hợp lệ:\n" + "\n".join(map(str, problems)))
    return judged_set_from_document(document, size_of_interchange_sme, official=True)


def evaluate_file(path: str) -> dict:
    """Evaluate the engine on a judged interchange file (judged_file)."""
    data = judged_file(path)
    figures = evaluate(data)
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
    result = evaluate_file(file)

    def readable() -> str:
        best = max(result[k]["ndcg@10"] for k in RANKERS if k != "engine")
        return "\n".join([
            f"{file}: {result['smes']} doanh nghiệp, {result['products']} sản phẩm, "
            f"{result['judgments']} đánh giá",
            f"{'':24}" + "".join(f"{m:>11}" for m in METRICS),
            *(f"{name:24}" + "".join(f"{result[key][m]:>11.4f}" for m in METRICS)
              for key, name in RANKERS.items()),
            f"nDCG@10 hơn mốc tốt nhất: {result['engine']['ndcg@10'] - best:+.4f}",
        ])

    emit(result, as_json, readable)


def _bar(desc: str):
    """A progress bar on stderr driven by progress(done, total) (hidden when stderr is no terminal)."""
    bar = tqdm(file=sys.stderr, unit=" DN", desc=desc, disable=None)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    return bar, progress


@click.group("suggestions",
             help="Gợi ý đã lưu của từng doanh nghiệp (bảng điều khiển đọc chúng khi còn đúng).")
def suggestions_group() -> None:
    pass


@suggestions_group.command(
    "refresh",
    help="Xếp hạng lại mọi doanh nghiệp theo danh mục đang công bố và thay các gợi ý đã lưu (việc hằng đêm "
    "matching.nightly làm đúng việc này). Ghi theo từng trang doanh nghiệp; chạy lại không tạo bản trùng.",
)
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình xếp hạng (mặc định MATCHING_WORKERS, 2).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def refresh_command(workers: int | None, as_json: bool) -> None:
    bar, progress = _bar("Gợi ý")
    with bar:
        result = refresh(db.session, workers=workers or current_app.config["MATCHING_WORKERS"],
                         progress=progress).to_dict()
    emit(result, as_json, lambda: f"{result['smes']} doanh nghiệp, {result['rows']} gợi ý đã lưu trong "
                                  f"{result['seconds']} giây ({result['workers']} tiến trình).")


@click.command(
    "match",
    help="Đo tốc độ gợi ý: một doanh nghiệp với N sản phẩm (p95, trong bộ nhớ), rồi lượt chạy hằng đêm cho M "
    "doanh nghiệp trên một cơ sở dữ liệu nháp (đọc, xếp hạng, ghi gợi ý): thời gian, số dòng, dòng/giây, "
    "bộ nhớ đỉnh.",
)
@click.option("--products", default=10_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--smes", default=1_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Số tiến trình xếp hạng.")
@click.option(
    "--database-url", default=None,
    help="Cơ sở dữ liệu nháp để ghi (mặc định: một tệp SQLite tạm, xóa khi xong). Không bao giờ là cơ sở dữ "
    "liệu của sàn (DATABASE_URL), cũng không phải một cơ sở có doanh nghiệp, sản phẩm hay nhà cung cấp thật.",
)
@click.option("--again", is_flag=True,
              help="Chạy lượt thứ hai (thay các dòng đã ghi, như mọi đêm sau đêm đầu).")
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
@with_appcontext
def bench_match_command(products: int, smes: int, workers: int, database_url: str | None, again: bool,
                        as_json: bool) -> None:
    if database_url and same_database(database_url, current_app.config["DATABASE_URL"]):
        raise click.ClickException(
            "--database-url là cơ sở dữ liệu của sàn: hãy dùng một cơ sở dữ liệu nháp (doanh nghiệp và sản "
            "phẩm tổng hợp sẽ lẫn vào dữ liệu thật)."
        )
    bar, progress = _bar("Gợi ý")
    with tempfile.TemporaryDirectory(prefix="bench-match-") as folder, bar:
        try:
            result = bench.run(database_url or f"sqlite:///{folder}/bench.db", products, smes, workers, again,
                               progress)
        except bench.NotScratch as exc:
            raise click.ClickException(str(exc)) from exc
    emit(result, as_json, lambda: (
        f"{products} sản phẩm: một doanh nghiệp p95 {result['one_p95_ms']} ms. {result['database']}: {smes} "
        f"doanh nghiệp xếp hạng và ghi trong {result['total_seconds']} giây ({result['workers']} tiến trình; "
        f"xếp hạng xong sau {result['all_seconds']} giây, ghi {result['write_seconds']} giây), "
        f"{result['rows']} dòng, {result['rows_per_s']} dòng/giây, bộ nhớ đỉnh {result['peak_mib']} MiB "
        f"(tiến trình xếp hạng {result['worker_peak_mib']} MiB)"
    ))


def register(main: click.Group) -> None:
    """Add the matching commands to the `marketplace` group (`bench match` under the shared `bench` group)."""
    main.add_command(match_command)
    main.add_command(eval_matching_command)
    main.add_command(suggestions_group)
    main.commands["bench"].add_command(bench_match_command)
