"""JSON from outside (API bodies, webhooks, interchange files), refused cleanly when it cannot be stored.

Python's parser accepts what the rest of the system cannot take: nesting a thousand levels deep
(a RecursionError further on), a lone surrogate such as "\\ud800" (no UTF-8 encoding: the database
driver fails) and NUL inside strings (PostgreSQL refuses it in text; SQLite would store it). Each is
an `UnsafeJson` naming what is wrong, which the caller turns into its usual error (a 4xx, an import
problem). Pure: no Flask, no database.
"""

from __future__ import annotations

import json

from core.domain import N_

# No record of the interchange format or the API nests deeper than a handful of levels.
MAX_DEPTH = 64
NUL = N_("Giá trị tại %(path)s chứa ký tự NUL (\\u0000).")
SURROGATE = N_("Giá trị tại %(path)s chứa ký tự surrogate đơn lẻ, không mã hoá được UTF-8.")
TOO_DEEP = N_("JSON lồng nhau quá %(depth)s cấp.")


class UnsafeJson(ValueError):
    """Why a JSON text is refused: a message template (core.domain style) and its params."""

    def __init__(self, template: str, **params: object):
        self.template, self.params = template, params
        super().__init__(template % params if params else template)


def string_problem(text: str) -> str | None:
    """Why a string cannot be stored (a message template with %(path)s), or None."""
    if "\x00" in text:
        return NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return SURROGATE
    return None


def check_value(value, max_depth: int = MAX_DEPTH, path: str = "") -> None:
    """UnsafeJson for the first string (keys included) that cannot be stored, or nesting deeper than
    `max_depth`; iterative, so any depth is read without recursion."""
    stack = [(path, value, 0)]
    while stack:
        where, item, depth = stack.pop()
        if isinstance(item, str):
            if problem := string_problem(item):
                raise UnsafeJson(problem, path=where or "$")
        elif isinstance(item, dict | list):
            if depth >= max_depth:
                raise UnsafeJson(TOO_DEEP, depth=max_depth)
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                if isinstance(key, str):
                    if problem := string_problem(key):
                        raise UnsafeJson(problem, path=f"{where}.{key!a}" if where else ascii(key))
                    stack.append((f"{where}.{key}" if where else key, child, depth + 1))
                else:
                    stack.append((f"{where}[{key}]", child, depth + 1))


def loads(data: bytes | str, max_depth: int = MAX_DEPTH):
    """The parsed JSON, or UnsafeJson: not JSON, not UTF-8, nested too deep, or a string that cannot be
    stored."""
    try:
        value = json.loads(data)
    except RecursionError as exc:  # Python's parser gives up near a thousand levels
        raise UnsafeJson(TOO_DEEP, depth=max_depth) from exc
    except UnicodeDecodeError as exc:
        raise UnsafeJson(N_("Nội dung không phải văn bản UTF-8.")) from exc
    except json.JSONDecodeError as exc:
        raise UnsafeJson(N_("Nội dung không phải JSON hợp lệ: dòng %(line)s, cột %(col)s."),
                         line=exc.lineno, col=exc.colno) from exc
    check_value(value, max_depth)
    return value
