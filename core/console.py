"""What a command prints: its result as JSON with --json (UTF-8 as it is), else lines a person reads."""

from __future__ import annotations

import json
from collections.abc import Callable

import click


def emit(result, as_json: bool, readable: Callable[[], str]) -> None:
    """Print `result` as one line of JSON, or the text `readable()` builds from it."""
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else readable())
