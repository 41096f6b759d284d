"""Opaque, stable page cursors (pure).

A cursor names the last row of the page already read by its sort key (keyset pagination), never an
offset: rows added or removed before it do not shift the next page, so a harvester walking a dataset
while the catalog changes neither skips nor repeats a row it has seen. The cursor also names its
dataset, so one dataset's cursor given to another is refused rather than silently misread.
"""

from __future__ import annotations

import base64
import binascii
import json

from core.domain import N_, ValidationFailed

MAX_CURSOR = 512  # characters; a real cursor is far shorter


def encode(dataset: str, key: list) -> str:
    text = json.dumps([dataset, key], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


def _refused() -> ValidationFailed:
    return ValidationFailed(N_("Tham số không hợp lệ."), {
        "cursor": N_("Con trỏ trang không hợp lệ; dùng giá trị next_cursor của trang trước.")})


def decode(dataset: str, cursor: str | None, types: tuple[type, ...]) -> list | None:
    """The sort key after which the page starts (None for the first page), its parts of `types`;
    ValidationFailed naming `cursor` when it is not one this dataset gave out."""
    if cursor is None or cursor == "":
        return None
    if len(cursor) > MAX_CURSOR or not cursor.isascii():
        raise _refused()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        name, key = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        raise _refused() from None
    if (name != dataset or not isinstance(key, list) or len(key) != len(types)
            or not all(type(part) is kind for part, kind in zip(key, types, strict=False))
            or not all(part.isprintable() for part in key if isinstance(part, str))):  # NUL, surrogates
        raise _refused()
    return key
