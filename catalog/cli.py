"""Catalog commands: import, export, demo, reindex, search."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add the catalog's commands to the `marketplace` group."""
