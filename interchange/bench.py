"""`marketplace bench import`: time and peak memory of importing a large generated document.

The document is written record by record (its writer holds one record at a time), from the dev
catalog's vendors and products with new ids; the import runs as its own process (`marketplace import`
against a scratch SQLite file), so that its peak resident memory is measured alone.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import click

from core.jsonfile import read_json
from interchange.format import DEV_CATALOG, FORMAT


def write_document(path: Path, products: int, vendors: int = 100) -> int:
    """A sme-catalog/1 file of `vendors` vendors and `products` products; returns its size in bytes."""
    source = read_json(DEV_CATALOG)
    models, vendor_model = source["products"], source["vendors"][0]
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"format": "{FORMAT}", "vendors": [\n')
        for n in range(vendors):
            record = {**vendor_model, "id": f"bv-{n:04d}", "name": f"{vendor_model['name']} {n}",
                      "tax_code": f"09{n:08d}"}
            out.write(("," if n else "") + json.dumps(record, ensure_ascii=False) + "\n")
        out.write('], "products": [\n')
        for n in range(products):
            model = models[n % len(models)]
            record = {**model, "id": f"bp-{n:07d}", "vendor_id": f"bv-{n % vendors:04d}",
                      "name": f"{model['name']} · {n}"}
            out.write(("," if n else "") + json.dumps(record, ensure_ascii=False) + "\n")
        out.write("]}\n")
    return path.stat().st_size


def _marketplace(*args: str, database_url: str) -> None:
    command = [str(Path(sys.executable).with_name("marketplace")), *args]
    env = {**os.environ, "DATABASE_URL": database_url, "TQDM_DISABLE": "1"}
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)


@click.command("import", help="Sinh tệp N sản phẩm, nhập vào một SQLite tạm (tiến trình riêng), in thời gian "
                              "và bộ nhớ đỉnh.")
@click.option("--products", type=click.IntRange(1, 10_000_000), default=200_000, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def bench_import(products: int, as_json: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        document, url = Path(folder) / "catalog.json", f"sqlite:///{folder}/bench.db"
        size = write_document(document, products)
        _marketplace("db", "upgrade", database_url=url)
        started = time.perf_counter()
        _marketplace("import", str(document), database_url=url)
        seconds = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest child: the import
    figures = {"products": products, "file_mib": round(size / 2**20, 1), "seconds": round(seconds, 1),
               "peak_rss_mib": round(peak_mib, 1)}
    click.echo(json.dumps(figures) if as_json else
               f"{products:,} sản phẩm ({figures['file_mib']} MiB): {figures['seconds']} s, "
               f"bộ nhớ đỉnh {figures['peak_rss_mib']} MiB")
