"""Every string of the interchange format has a length bound, and that bound fits its database column."""

import pytest
from sqlalchemy import String

from catalog.models import ListingRevision
from contracts.models import Contract
from interchange.format import check_document, schema
from problems.models import Problem, Proposal
from smes.models import Sme
from vendors.models import Vendor

# The interchange record -> the table that stores its fields.
TABLES = {"vendor": Vendor, "product": ListingRevision, "sme": Sme, "contract": Contract,
          "problem": Problem, "proposal": Proposal}


def _resolved(prop: dict) -> dict:
    while "$ref" in prop:
        prop = schema()["$defs"][prop["$ref"].rsplit("/", 1)[1]]
    return prop


def _strings(record: str):
    """(field, its string schema) for every string of the record, list items included."""
    for name, prop in schema()["$defs"][record]["properties"].items():
        prop = _resolved(prop)
        if prop.get("type") == "array":
            prop = _resolved(prop.get("items", {}))
        if prop.get("type") == "string":
            yield name, prop


@pytest.mark.parametrize("record", TABLES)
def test_every_string_has_a_bound_that_fits_its_column(record):
    for name, prop in _strings(record):
        assert "maxLength" in prop or prop.get("pattern", "").endswith("$"), f"{record}.{name} is unbounded"
        column = TABLES[record].__table__.columns.get(name)
        if column is not None and isinstance(column.type, String) and column.type.length:
            assert prop.get("maxLength", 0) <= column.type.length, f"{record}.{name} longer than its column"


def test_strings_longer_than_their_bound_are_refused_naming_record_and_field():
    long = "x" * 100_000
    document = {
        "format": "sme-catalog/1",
        "vendors": [{"id": "v-1", "name": long, "phone": long, "tax_code": long}],
        "smes": [
            {"id": "s-1", "name": "B", "sector": "trade", "ward": long, "current_tools": ["excel", long]}
        ],
    }
    problems = check_document(document)
    assert {(p.section, p.record_id, p.field, p.message) for p in problems} >= {
        ("vendors", "v-1", "name", "dài tối đa 300 ký tự"),
        ("vendors", "v-1", "phone", "dài tối đa 40 ký tự"),
        ("smes", "s-1", "ward", "dài tối đa 100 ký tự"),
        ("smes", "s-1", "current_tools[1]", "dài tối đa 500 ký tự"),
    }
    # The value is not repeated in full (the tax code's pattern message shows it cut short).
    assert max(len(str(p)) for p in problems) < 300


def test_tax_codes_are_ascii_digits_without_a_trailing_newline():
    vendor = {"id": "v-1", "name": "Công ty A"}
    for tax_code in ("0123456789\n", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "0123456789-001\n"):
        problems = check_document({"format": "sme-catalog/1", "vendors": [{**vendor, "tax_code": tax_code}]})
        assert [(p.section, p.field) for p in problems] == [("vendors", "tax_code")], tax_code
    ok = {**vendor, "tax_code": "0123456789-001"}
    assert check_document({"format": "sme-catalog/1", "vendors": [ok]}) == []
