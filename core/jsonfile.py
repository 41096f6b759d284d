"""A JSON file named on the command line: what is wrong with it is an error message, not a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import click


def read_json(path: Path | str):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise click.ClickException(f"Không đọc được {path}: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise click.ClickException(
            f"{path} không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{path} không phải văn bản UTF-8: {exc.reason}") from exc
