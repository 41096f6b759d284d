"""Validation of sme-catalog/1 interchange documents (pure: dicts in, problems out).

Two passes: the JSON schema (interchange.schema.json: the shared spec's schema shipped with
the package, plus upper bounds so that whatever validates fits the database), then rules across
records: duplicate ids in a list, products naming an unknown vendor, readiness_min above
readiness_max, a product id stored under another vendor. Every problem names the record (list, index,
id), the field and the reason, in Vietnamese.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from core import jsontext
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES

FORMAT = "sme-catalog/1"
SCHEMA_PATH = Path(__file__).with_name("interchange.schema.json")
# The development catalog (25 vendors, 70 products, 35 SMEs and their judged matches): the demo data,
# the judged set of eval-matching and the corpus of eval-search.
DEV_CATALOG = Path(__file__).with_name("data") / "matching-dev.json"
# The lists of a document, in writing order: each after the lists its records name. Every record
# carries an id that must be unique within its list.
SECTIONS = ("vendors", "products", "smes", "contracts", "consultants", "assessments", "supports",
            "programmes", "vouchers", "problems", "proposals")

_TYPES = {
    "string": "chuỗi ký tự",
    "integer": "số nguyên",
    "number": "số",
    "array": "danh sách",
    "object": "đối tượng",
    "boolean": "true/false",
}
# Field name -> the vocabulary its values come from, for naming it in messages.
_VOCABULARIES = {
    "categories": ("lĩnh vực (CATEGORY)", CATEGORIES),
    "needs": ("lĩnh vực (CATEGORY)", CATEGORIES),
    "sectors": ("ngành (SECTOR)", SECTORS),
    "sector": ("ngành (SECTOR)", SECTORS),
    "company_sizes": ("quy mô (SIZE)", SIZES),
    "size": ("quy mô (SIZE)", SIZES),
    "type": ("hình thức thanh toán (PRICING)", PRICING_TYPES),
    "preferred_pricing_models": ("hình thức thanh toán (PRICING)", PRICING_TYPES),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a document: where (list, index, id, field) and why."""

    section: str | None
    index: int | None
    record_id: str | None
    field: str | None
    message: str

    @property
    def record(self) -> str:
        if self.section is None:
            return "tài liệu"
        where = self.section if self.index is None else f"{self.section}[{self.index}]"
        return f"{where} (id={self.record_id})" if self.record_id else where

    def __str__(self) -> str:
        where = f"{self.record}, trường {self.field}" if self.field else self.record
        return f"{where}: {self.message}"

    def to_dict(self) -> dict:
        return {
            "list": self.section,
            "index": self.index,
            "id": self.record_id,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class KnownIds:
    """Ids the store already holds, for references the document does not resolve itself."""

    vendors: frozenset[str] = frozenset()
    product_vendors: Mapping[str, str] = field(default_factory=dict)  # stored product id -> its vendor id
    smes: frozenset[str] = frozenset()
    consultants: frozenset[str] = frozenset()
    programmes: frozenset[str] = frozenset()
    problems: frozenset[str] = frozenset()


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# The schema's upper bounds, for the forms and services that take the same values another way.
MAX_VND = schema()["$defs"]["money"]["maximum"]
MAX_EMPLOYEES = schema()["$defs"]["sme"]["properties"]["employees"]["maximum"]
MAX_CONTRACT_MONTHS = schema()["$defs"]["contract"]["properties"]["months"]["maximum"]


@cache
def _validator(definition: str | None = None, strict: bool = False) -> Draft202012Validator:
    """The schema's validator (of one record kind with `definition`). `strict` (the API): every object
    of the format takes only the format's keys; interchange files keep unknown fields instead."""
    root = schema()
    if strict:
        closed = {name: {**d, "additionalProperties": False} if d.get("type") == "object" else d
                  for name, d in root["$defs"].items()}
        root = {**root, "$defs": closed}
    target = root if definition is None else {"$defs": root["$defs"], "$ref": f"#/$defs/{definition}"}
    return Draft202012Validator(target, format_checker=FormatChecker())


def _field_path(parts: Iterable) -> str | None:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _grouped(number) -> str:
    """1000000 -> '1.000.000': the bounds of money fields are read, not counted digit by digit."""
    return f"{number:,}".replace(",", ".") if isinstance(number, int) else str(number)


def _shown(value) -> str:
    """The value as received, cut short: a 100,000-character string is not repeated in the message."""
    text = repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _reason(error: ValidationError) -> tuple[str | None, str]:
    """(extra field path, Vietnamese reason) for one schema error."""
    name = next((p for p in reversed(error.absolute_path) if isinstance(p, str)), None)
    kind, value, got = error.validator, error.validator_value, _shown(error.instance)
    if kind == "required":
        # One error per missing property; its message starts with the property's repr.
        missing = next((r for r in value if error.message.startswith(repr(r))), None)
        return missing, "thiếu trường bắt buộc"
    if kind == "type":
        wanted = value if isinstance(value, list) else [value]
        names = " hoặc ".join(_TYPES.get(t, t) for t in wanted)
        return None, f"phải là {names} (nhận được {got})"
    if kind in ("enum", "oneOf") and name in _VOCABULARIES:
        what, vocabulary = _VOCABULARIES[name]
        values = error.instance if isinstance(error.instance, list) else [error.instance]
        unknown = [v for v in values if not (isinstance(v, str) and (v in vocabulary or v == "*"))]
        if unknown:
            return None, f"{', '.join(_shown(v) for v in unknown)} không có trong danh mục {what}"
        if kind == "oneOf":
            return None, 'phải là ["*"] (mọi ngành) hoặc một danh sách ngành, không trộn lẫn'
    if kind == "enum":
        return None, f"giá trị {got} không hợp lệ; chọn một trong: {', '.join(map(str, value))}"
    if kind == "const":
        return None, f"phải là {value!r}"
    if kind == "minimum":
        return None, f"phải lớn hơn hoặc bằng {_grouped(value)} (nhận được {got})"
    if kind == "maximum":
        return None, f"phải nhỏ hơn hoặc bằng {_grouped(value)} (nhận được {got})"
    if kind == "minItems":
        return None, f"cần ít nhất {value} phần tử"
    if kind == "maxItems":
        return None, f"tối đa {_grouped(value)} phần tử (nhận được {_grouped(len(error.instance))})"
    if kind == "maxProperties":
        return None, f"tối đa {value} trường (nhận được {_grouped(len(error.instance))})"
    if kind == "additionalProperties":
        known = error.schema.get("properties", {})
        unknown = sorted(k for k in error.instance if k not in known)
        shown = ", ".join(_shown(k) for k in unknown[:10]) + (", …" if len(unknown) > 10 else "")
        return None, f"trường không có trong định dạng: {shown}"
    if kind == "minLength":
        return None, "không được để trống"
    if kind == "maxLength":
        return None, f"dài tối đa {value} ký tự"
    if kind == "pattern" and name == "tax_code":
        return None, f"mã số thuế {got} phải gồm 10 chữ số, hoặc 10 chữ số + '-' + 3 chữ số"
    if kind == "pattern":
        return None, f"{got} không đúng định dạng (ngày theo dạng YYYY-MM-DD)"
    if kind == "format":
        return None, f"{got} phải là thời điểm ISO 8601 kèm múi giờ (vd. 2026-07-01T09:30+07:00)"
    return None, f"giá trị {got} không hợp lệ"


def _record_id(document, section: str, index: int) -> str | None:
    try:
        record_id = document[section][index].get("id")
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return record_id if isinstance(record_id, str) else None


def _schema_problems(
    document, validator: Draft202012Validator, section: str | None = None, index: int | None = None
) -> list[Problem]:
    problems = []
    for error in sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        extra, message = _reason(error)
        if section is None and len(path) >= 2 and isinstance(path[1], int):
            where = (path[0], path[1], _record_id(document, path[0], path[1]))
            rest = path[2:]
        elif section is None and path and isinstance(document.get(path[0]), list | type(None)):
            where, rest = (path[0], None, None), path[1:]
        elif section is None:
            where, rest = (None, None, None), path
        else:
            where = (section, index, document.get("id") if isinstance(document, dict) else None)
            rest = path
        if extra:
            rest = [*rest, extra]
        problems.append(Problem(*where, _field_path(rest), message))
    return problems


class RecordStream:
    """A top-level list of a document too large to hold: each iteration reads its records again from
    the source, one at a time (interchange.stream opens files so); its length is known."""

    def __init__(self, opener: Callable[[], Iterator], count: int):
        self._opener, self._count = opener, count

    def __iter__(self) -> Iterator:
        return iter(self._opener())

    def __len__(self) -> int:
        return self._count


def _items(document: dict, section: str) -> Iterable:
    items = document.get(section)
    return items if isinstance(items, list | RecordStream) else ()


def records(document: dict, section: str) -> Iterator[tuple[int, dict]]:
    """(index, record) of a list's records that are objects: what the checks after the schema can read.
    A generator: a streamed list is read record by record, never held whole."""
    return ((i, r) for i, r in enumerate(_items(document, section)) if isinstance(r, dict))


def _digest(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little", signed=True)


def duplicate_id_problems(document: dict, section: str) -> list[Problem]:
    """A record whose id an earlier record of the list has. Ids are compared by 8-byte digests (16 bytes
    a record, not a set of a million strings), and the few digests seen twice are confirmed on the ids."""
    digests, indexes = array("q"), array("q")
    for index, record in records(document, section):
        if isinstance(record.get("id"), str):
            digests.append(_digest(record["id"]))
            indexes.append(index)
    keys = np.frombuffer(digests, dtype=np.int64) if digests else np.empty(0, np.int64)
    order = np.argsort(keys, kind="stable")
    repeated = keys[order][1:] == keys[order][:-1]
    suspects = set(keys[order][1:][repeated].tolist())
    if not suspects:
        return []
    candidates = {indexes[i] for i in np.nonzero(np.isin(keys, list(suspects)))[0].tolist()}
    problems, seen = [], {}
    for index, record in records(document, section):
        if index not in candidates:
            continue
        record_id = record["id"]
        if record_id in seen:
            first = f"{section}[{seen[record_id]}]"
            message = f"id trùng với {first}; mỗi id chỉ dùng một lần"
            problems.append(Problem(section, index, record_id, "id", message))
        else:
            seen[record_id] = index
    return problems


def impossible_dates(document: dict, section: str, names: tuple[str, ...]) -> list[Problem]:
    """Dates that match the schema's YYYY-MM-DD pattern but name no day (2026-02-30)."""
    problems = []
    for index, record in records(document, section):
        for name in names:
            value = record.get(name)
            if isinstance(value, str) and parse_day(value) is None:
                record_id = record.get("id") if isinstance(record.get("id"), str) else None
                problems.append(Problem(section, index, record_id, name, f"ngày {value!r} không tồn tại"))
    return problems


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def readiness_problem(record: dict) -> str | None:
    low, high = record.get("readiness_min"), record.get("readiness_max")
    # JSON Schema counts 3.0 as an integer too, so compare any numbers (never booleans).
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
    if numbers and low > high:
        return f"readiness_min ({low}) lớn hơn readiness_max ({high})"
    return None


def _product_rules(document: dict, known: KnownIds) -> list[Problem]:
    vendor_ids = {r["id"] for _, r in records(document, "vendors") if isinstance(r.get("id"), str)}
    vendor_ids |= known.vendors
    problems = []
    for index, product in records(document, "products"):
        pid, vendor_id = product.get("id"), product.get("vendor_id")
        if isinstance(vendor_id, str) and vendor_id not in vendor_ids:
            problems.append(
                Problem(
                    "products",
                    index,
                    pid,
                    "vendor_id",
                    f"nhà cung cấp {vendor_id!r} không có trong tệp cũng như trong hệ thống",
                )
            )
        stored_vendor = known.product_vendors.get(pid) if isinstance(pid, str) else None
        if isinstance(vendor_id, str) and stored_vendor is not None and stored_vendor != vendor_id:
            problems.append(
                Problem(
                    "products",
                    index,
                    pid,
                    "vendor_id",
                    f"sản phẩm đã thuộc nhà cung cấp {stored_vendor!r}, không chuyển được",
                )
            )
        if message := readiness_problem(product):
            problems.append(Problem("products", index, pid, "readiness_max", message))
    return problems


@cache
def _lists() -> dict[str, str]:
    """The document's lists and the record kind of their items: {"products": "product", ...}."""
    return {name: prop["items"]["$ref"].rsplit("/", 1)[1] for name, prop in schema()["properties"].items()
            if prop.get("type") == "array" and "$ref" in prop.get("items", {})}


def _record_problems(record, section: str, index: int) -> list[Problem]:
    """One record of a list against its schema, after checking it can be stored at all (core.jsontext:
    nesting, NUL, lone surrogates; such a record is not read further)."""
    try:
        jsontext.check_value(record)
    except jsontext.UnsafeJson as unsafe:
        record_id = record.get("id") if isinstance(record, dict) else None
        return [Problem(section, index, record_id if isinstance(record_id, str) else None, None, str(unsafe))]
    return _schema_problems(record, _validator(_lists()[section]), section, index)


def check_document(document, known: KnownIds = KnownIds(), tick: Callable[[], None] = lambda: None
                   ) -> list[Problem]:
    """Every problem of an interchange document: schema first, then the rules across records.

    The lists are checked one record at a time (a streamed document is never held whole); `tick` is
    called after each record."""
    if not isinstance(document, dict):
        return [Problem(None, None, None, None, "tài liệu phải là một đối tượng JSON {...}")]
    lists = _lists()
    skeleton = {k: [] if k in lists and isinstance(v, list | RecordStream) else v
                for k, v in document.items()}
    try:
        jsontext.check_value(skeleton)
    except jsontext.UnsafeJson as unsafe:
        return [Problem(None, None, None, None, str(unsafe))]
    problems = _schema_problems(skeleton, _validator())
    for section in lists:
        for index, record in enumerate(_items(document, section)):
            problems += _record_problems(record, section, index)
            tick()
    for section in SECTIONS:
        problems += duplicate_id_problems(document, section)
    problems += _product_rules(document, known)
    return problems


def product_problems(data: dict, strict: bool = False) -> list[Problem]:
    """Problems of one PRODUCT record on its own (as entered in a form or sent to the API; `strict`: a
    key the format does not have is one)."""
    problems = _schema_problems(data, _validator("product", strict), "products", None)
    if message := readiness_problem(data):
        problems.append(Problem("products", None, data.get("id"), "readiness_max", message))
    return problems
