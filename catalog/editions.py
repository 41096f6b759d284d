"""What changed between two versions of products: two catalog editions, or a live and an open revision.

Pure: Products in, differences out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.product import Product


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class ProductChange:
    before: Product
    after: Product
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class EditionDiff:
    added: tuple[Product, ...]
    removed: tuple[Product, ...]
    changed: tuple[ProductChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def field_changes(before: Product, after: Product) -> tuple[FieldChange, ...]:
    """The interchange fields whose values differ (unknown fields included), in interchange order."""
    old, new = before.to_dict(), after.to_dict()
    names = list(old) + [name for name in new if name not in old]
    return tuple(FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n))


def diff_editions(before: Iterable[Product], after: Iterable[Product]) -> EditionDiff:
    """Products added, removed and changed from edition `before` to edition `after`, each by id."""
    old = {p.id: p for p in before}
    new = {p.id: p for p in after}
    changed = []
    for pid in sorted(old.keys() & new.keys()):
        if fields := field_changes(old[pid], new[pid]):
            changed.append(ProductChange(old[pid], new[pid], fields))
    return EditionDiff(
        added=tuple(new[pid] for pid in sorted(new.keys() - old.keys())),
        removed=tuple(old[pid] for pid in sorted(old.keys() - new.keys())),
        changed=tuple(changed),
    )
