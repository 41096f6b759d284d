"""The `problems` and `proposals` sections of sme-catalog/1 documents: checks, upsert by id, export.

A problem names a stored SME (kind "sme"); a proposal names its problem, its vendor and, for a catalog
product, a product of that vendor; each may come in the same document. Imported problems are records
as they stood elsewhere: they are not moderated or routed again (no invitations are made).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.interchange import references
from interchange.format import KnownIds, Problem, impossible_dates, parse_day, records
from interchange.sections import ImportContext, SectionHandler, SectionResult, row_record, upsert_rows
from problems.models import Problem as BoardProblem
from problems.models import Proposal

PROBLEM_FIELDS = ("id", "kind", "sme_id", "title", "description", "categories", "sector", "province",
                  "budget_min_vnd", "budget_max_vnd", "prize_vnd", "months", "preferred_pricing_models",
                  "evaluation_criteria", "deadline", "show_name", "status", "published_at", "awarded_at")
PROBLEM_LISTS = ("categories", "preferred_pricing_models")
PROPOSAL_FIELDS = ("id", "problem_id", "vendor_id", "product_id", "solution_name", "summary", "pricing",
                   "value_vnd", "start_date", "months", "timeline_days", "deliverables", "status",
                   "contract_id", "submitted_at")
DAYS = {"problems": ("deadline",), "proposals": ("start_date",)}
MOMENTS = {"problems": ("published_at", "awarded_at"), "proposals": ("submitted_at",)}
REFERENCES = {
    "problems": {"sme_id": ("smes", "smes", "doanh nghiệp")},
    "proposals": {"problem_id": ("problems", "problems", "bài toán"),
                  "vendor_id": ("vendors", "vendors", "nhà cung cấp")},
}


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _bad_moments(document: dict, section: str) -> list[Problem]:
    return [
        Problem(section, index, record.get("id") if isinstance(record.get("id"), str) else None, name,
                f"thời điểm {record[name]!r} không hợp lệ (ISO 8601 có múi giờ, "
                "vd. 2026-03-01T09:00:00+07:00)")
        for index, record in records(document, section)
        for name in MOMENTS[section]
        if isinstance(record.get(name), str) and _moment(record[name]) is None
    ]


def check_problems(document: dict, known: KnownIds) -> list[Problem]:
    problems = references(document, known, "problems", REFERENCES["problems"])
    problems += impossible_dates(document, "problems", DAYS["problems"]) + _bad_moments(document, "problems")
    for index, record in records(document, "problems"):
        if record.get("kind") == "sme" and not record.get("sme_id"):
            problems.append(Problem("problems", index, record.get("id"), "sme_id",
                                    "bài toán của doanh nghiệp cần sme_id"))
        low, high = record.get("budget_min_vnd"), record.get("budget_max_vnd")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            problems.append(Problem("problems", index, record.get("id"), "budget_max_vnd",
                                    "budget_max_vnd nhỏ hơn budget_min_vnd"))
    return problems


def check_proposals(document: dict, known: KnownIds) -> list[Problem]:
    problems = references(document, known, "proposals", REFERENCES["proposals"])
    problems += impossible_dates(document, "proposals", DAYS["proposals"])
    problems += _bad_moments(document, "proposals")
    product_vendors = dict(known.product_vendors)
    product_vendors.update({r["id"]: r.get("vendor_id") for _, r in records(document, "products")
                            if isinstance(r.get("id"), str)})
    seen: dict[tuple, int] = {}
    for index, record in records(document, "proposals"):
        product = record.get("product_id")
        if isinstance(product, str):
            if product not in product_vendors:
                problems.append(Problem("proposals", index, record.get("id"), "product_id",
                                        f"sản phẩm {product!r} không có trong tệp cũng như trong hệ thống"))
            elif product_vendors[product] != record.get("vendor_id"):
                problems.append(Problem("proposals", index, record.get("id"), "product_id",
                                        f"sản phẩm {product!r} không phải của nhà cung cấp "
                                        f"{record.get('vendor_id')!r}"))
        key = (record.get("problem_id"), record.get("vendor_id"))
        if key in seen:
            problems.append(Problem("proposals", index, record.get("id"), "vendor_id",
                                    f"nhà cung cấp đã có đề xuất cho bài toán này (bản ghi {seen[key]})"))
        seen.setdefault(key, index)
    return problems


def _values(record: dict, section: str) -> dict:
    values = dict(record)
    for name in DAYS[section]:
        if record.get(name):
            values[name] = parse_day(record[name])
    for name in MOMENTS[section]:
        values[name] = _moment(record.get(name))
    return values


def write_problems(session: Session, items: list[dict], context: ImportContext) -> SectionResult:
    rows = []
    for record in items:
        values = _values(record, "problems")
        values.setdefault("show_name", False)
        rows.append(values)
    return upsert_rows(session, BoardProblem, rows, PROBLEM_FIELDS, context, PROBLEM_LISTS)


def write_proposals(session: Session, items: list[dict], context: ImportContext) -> SectionResult:
    rows = []
    for record in items:
        values = _values(record, "proposals")
        values["pricing_type"] = record["pricing"]["type"]
        values.setdefault("summary", "")
        values.setdefault("deliverables", "")
        values.setdefault("timeline_days", 1)
        rows.append(values)
    return upsert_rows(session, Proposal, rows, (*PROPOSAL_FIELDS, "pricing_type"), context)


def _record(row, names: tuple[str, ...], section: str) -> dict:
    out = row_record(row, names)
    for name in DAYS[section]:
        if name in out:
            out[name] = out[name].isoformat()
    for name in MOMENTS[section]:
        if name in out:
            out[name] = out[name].isoformat()
    return out


def export_problems(session: Session) -> list[dict]:
    return [_record(p, PROBLEM_FIELDS, "problems")
            for p in session.scalars(select(BoardProblem).order_by(BoardProblem.id))]


def export_proposals(session: Session) -> list[dict]:
    return [_record(p, PROPOSAL_FIELDS, "proposals")
            for p in session.scalars(select(Proposal).order_by(Proposal.problem_id, Proposal.id))]


def known_problems(session: Session) -> dict:
    return {"problems": frozenset(session.scalars(select(BoardProblem.id)))}


PROBLEMS = SectionHandler("problems", write=write_problems, export=export_problems, known=known_problems,
                          check=check_problems)
PROPOSALS = SectionHandler("proposals", write=write_proposals, export=export_proposals, check=check_proposals)
