"""An interchange file read as a stream: memory stays flat however many records it holds.

`open_document` reads the file once to learn its shape: the top-level lists become RecordStreams
(interchange.format) that read their records from the file again at each pass (checks, then writes),
one record at a time; every other top-level value (the format, an unknown key) is read as it is.
What is wrong with the file as JSON (syntax, encoding, nesting deeper than a record may, a lone
surrogate escape) is an UnsafeJson naming it, never a traceback; what is wrong inside a record that
parsed (NUL, a string that cannot be stored) is a problem of that record.
"""

from __future__ import annotations

import re
from pathlib import Path

import ijson

from core import jsontext
from core.domain import N_
from interchange.format import RecordStream

_OPEN, _CLOSE = ("start_map", "start_array"), ("end_map", "end_array")
# The document, a list, a record, then the record's own nesting (core.jsontext.MAX_DEPTH).
MAX_DEPTH = jsontext.MAX_DEPTH + 2


# A \uD800-\uDFFF escape that is not half of a pair. ijson's C parser would silently turn it into "?"
# (or fail on it), so the file is scanned for one first.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")
_BLOCK, _OVERLAP = 1 << 20, 64


def _lone_surrogate_at(path: Path) -> int | None:
    """The byte offset of the first lone surrogate escape of the file, or None (blocks of 1 MiB; a
    backslash itself escaped, as in "\\\\ud800", is text, not an escape)."""
    with open(path, "rb") as handle:
        offset, tail = 0, b""
        while block := handle.read(_BLOCK):
            window = tail + block
            for match in _LONE_SURROGATE.finditer(window):
                start = match.start()
                backslashes = len(window[:start]) - len(window[:start].rstrip(b"\\"))
                if backslashes % 2 == 0:
                    return offset - len(tail) + start
            tail = window[-_OVERLAP:]
            offset += len(block)
    return None


def _items(path: Path, key: str):
    with open(path, "rb") as handle:
        yield from ijson.items(handle, f"{key}.item", use_float=True)


def _stream(path: Path, key: str, count: int) -> RecordStream:
    return RecordStream(lambda: _items(path, key), count)


def _events(handle):
    """ijson's prefix-free events, refused past MAX_DEPTH as they come: ijson's prefixed events would
    build a prefix as long as the nesting at every level (quadratic memory for 100,000 levels)."""
    depth = 0
    for event, value in ijson.basic_parse(handle, use_float=True):
        if event in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise jsontext.UnsafeJson(jsontext.TOO_DEEP, depth=jsontext.MAX_DEPTH)
        elif event in _CLOSE:
            depth -= 1
        yield event, value


def _value(events, first: tuple) -> object:
    """The whole value whose first event is `first` (a value other than a streamed list); reads `events`
    up to the value's end, and no further."""
    builder = ijson.ObjectBuilder()
    event, value = first
    depth = 0
    while True:
        builder.event(event, value)
        depth += (event in _OPEN) - (event in _CLOSE)
        if depth == 0:
            return builder.value
        event, value = next(events)


def _count_items(events) -> int:
    """Items of a list whose start_array was read, up to its end."""
    count, depth = 0, 0
    for event, _ in events:
        if depth == 0 and event == "end_array":
            return count
        if depth == 0:
            count += 1  # an item starts: a scalar, or a map or list opening
        depth += (event in _OPEN) - (event in _CLOSE)
    return count


def open_document(path: Path | str):
    """The document of the file at `path`, its top-level lists streamed (see the module's doc)."""
    path = Path(path)
    if (offset := _lone_surrogate_at(path)) is not None:
        raise jsontext.UnsafeJson(jsontext.SURROGATE, path=f"byte {offset}")
    try:
        with open(path, "rb") as handle:
            events = _events(handle)
            first = next(events)
            if first[0] != "start_map":  # not an object: refused as such by the checks
                return [] if first[0] == "start_array" else first[1]
            document: dict = {}
            for event, value in events:
                if event == "end_map":
                    break
                key = value  # a map_key: the object's next member
                start = next(events)
                if start[0] == "start_array" and "." not in key:
                    document[key] = _stream(path, key, _count_items(events))
                else:
                    document[key] = _value(events, start)
            for _ in events:  # anything after the object is a syntax error, found here
                pass
    except ijson.JSONError as exc:
        why = str(exc)[:200]
        raise jsontext.UnsafeJson(N_("Nội dung không phải JSON hợp lệ: %(why)s."), why=why) from exc
    except UnicodeDecodeError as exc:
        raise jsontext.UnsafeJson(N_("Nội dung không phải văn bản UTF-8.")) from exc
    return document
