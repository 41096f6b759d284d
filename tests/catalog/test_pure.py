"""Pure catalog modules: validation, faceting, edition diffs, plain-language terms; no framework loaded."""

import subprocess
import sys

import pytest

from catalog.editions import diff_editions
from catalog.facets import CatalogFilters
from catalog.product import Pricing, Product
from catalog.terms import field_text, pricing_summary, pricing_terms
from interchange.format import MAX_VND, KnownIds, check_document, product_problems
from tests.search.reference_filters import facet_counts, filter_products

PURE = ["catalog.lifecycle", "catalog.facets", "catalog.editions", "interchange.format", "catalog.terms"]


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_framework(module):
    code = (
        f"import sys, {module}; bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr[-500:]


def _product(pid="p-1", **over):
    data = {
        "id": pid,
        "vendor_id": "v-1",
        "name": "Sản phẩm",
        "summary": "Tóm tắt",
        "categories": ["crm"],
        "sectors": ["*"],
        "readiness_min": 0,
        "readiness_max": 5,
        "pricing_models": [{"type": "subscription"}],
        "price_monthly_vnd": 100_000,
        **over,
    }
    return data


def test_document_problems_name_list_index_id_field():
    document = {
        "format": "sme-catalog/1",
        "vendors": [{"id": "v-1", "name": "A", "tax_code": "12-3"}],
        "products": [
            _product(),
            _product("p-2", vendor_id="v-9", sectors=["*", "trade"]),
            _product("p-1", pricing_models=[{"type": "co_investment"}]),
        ],
        "smes": [{"id": "s-1", "name": "B", "sector": "fishing", "readiness_level": 7}],
    }
    problems = {str(p) for p in check_document(document)}
    assert problems == {
        "vendors[0] (id=v-1), trường tax_code: mã số thuế '12-3' phải gồm 10 chữ số, "
        "hoặc 10 chữ số + '-' + 3 chữ số",
        "products[1] (id=p-2), trường sectors: "
        'phải là ["*"] (mọi ngành) hoặc một danh sách ngành, không trộn lẫn',
        "products[1] (id=p-2), trường vendor_id: "
        "nhà cung cấp 'v-9' không có trong tệp cũng như trong hệ thống",
        "products[2] (id=p-1), trường pricing_models[0].vendor_share_pct: thiếu trường bắt buộc",
        "products[2] (id=p-1), trường id: id trùng với products[0]; mỗi id chỉ dùng một lần",
        "smes[0] (id=s-1), trường sector: 'fishing' không có trong danh mục ngành (SECTOR)",
        "smes[0] (id=s-1), trường readiness_level: phải nhỏ hơn hoặc bằng 5 (nhận được 7)",
    }


def test_stored_ids_resolve_references_and_vendors_cannot_change():
    document = {"format": "sme-catalog/1", "products": [_product()]}
    assert check_document(document, KnownIds(vendors=frozenset({"v-1"}))) == []
    moved = check_document(document, KnownIds(vendors=frozenset({"v-1"}), product_vendors={"p-1": "v-2"}))
    assert [p.field for p in moved] == ["vendor_id"]
    assert [str(p) for p in check_document([])] == ["tài liệu: tài liệu phải là một đối tượng JSON {...}"]
    assert [p.field for p in product_problems(_product(readiness_min=5, readiness_max=2))] == [
        "readiness_max"
    ]
    # 3.0 is an integer for JSON Schema: the order rule must see it too
    assert [p.field for p in product_problems(_product(readiness_min=3.0, readiness_max=1))] == [
        "readiness_max"
    ]


def test_numbers_above_their_bounds_are_refused_naming_the_field():
    # BIGINT columns end at 2**63-1; the bound also stays exact as a JSON/JavaScript number.
    assert MAX_VND < 2**53 < 2**63 - 1
    assert product_problems(_product(price_monthly_vnd=MAX_VND, setup_fee_vnd=MAX_VND)) == []
    big = _product(
        price_monthly_vnd=1e25,
        setup_fee_vnd=2**63,
        pricing_models=[{"type": "one_time", "price_vnd": MAX_VND + 1}],
    )
    assert {str(p) for p in product_problems(big)} == {
        "products (id=p-1), trường price_monthly_vnd: phải nhỏ hơn hoặc bằng 1.000.000.000.000.000 "
        "(nhận được 1e+25)",
        "products (id=p-1), trường setup_fee_vnd: phải nhỏ hơn hoặc bằng 1.000.000.000.000.000 "
        f"(nhận được {2**63})",
        "products (id=p-1), trường pricing_models[0].price_vnd: phải nhỏ hơn hoặc bằng "
        f"1.000.000.000.000.000 (nhận được {MAX_VND + 1})",
    }
    document = {
        "format": "sme-catalog/1",
        "smes": [{"id": "s-1", "name": "B", "sector": "trade", "employees": 10**20}],
        "contracts": [
            {
                "id": "k-1",
                "sme_id": "s-1",
                "product_id": "p-1",
                "status": "draft",
                "pricing": {"type": "revenue_sharing", "revenue_share_pct": 5, "monthly_cap_vnd": 10**16},
                "value_vnd": 10**25,
                "months": 10**6,
            }
        ],
    }
    assert {(p.section, p.record_id, p.field) for p in check_document(document)} == {
        ("smes", "s-1", "employees"),
        ("contracts", "k-1", "pricing.monthly_cap_vnd"),
        ("contracts", "k-1", "value_vnd"),
        ("contracts", "k-1", "months"),
    }


def test_filters_follow_the_sme_reading_of_each_facet():
    generic = Product.from_dict(_product("p-1"))
    hotel = Product.from_dict(
        _product(
            "p-2",
            sectors=["tourism"],
            readiness_min=2,
            readiness_max=3,
            regions=["Huế"],
            company_sizes=["micro"],
            price_monthly_vnd=0,
            pricing_models=[{"type": "use_first_pay_later", "free_months": 2}],
        )
    )
    products = [generic, hotel]

    def only(**query):
        filters = CatalogFilters.from_query(lambda name: query.get(name, []))
        return [p.id for p in filter_products(products, filters)]

    assert only(sector=["tourism"]) == ["p-1", "p-2"]  # "*" serves every sector
    assert only(level=["1"]) == ["p-1"] and only(level=["3"]) == ["p-1", "p-2"]
    assert only(region=["Hà Nội"]) == ["p-1"] and only(region=["hue"]) == ["p-1", "p-2"] == only(
        region=["Huế"]
    )
    assert only(size=["medium"]) == ["p-1"] and only(price=["free"]) == ["p-2"]
    assert only(pricing=["subscription", "use_first_pay_later"]) == ["p-1", "p-2"]
    assert only(price_min=["50.000"], price_max=["200000"]) == ["p-1"]
    assert only(level=["x"], category=["nope"]) == ["p-1", "p-2"]  # junk is ignored, never an error


def test_facet_counts_are_for_the_other_filters():
    products = [
        Product.from_dict(_product(f"p-{i}", categories=[c], readiness_min=lo, readiness_max=hi))
        for i, (c, lo, hi) in enumerate([("crm", 0, 2), ("crm", 3, 5), ("hrm", 0, 5)])
    ]
    filters = CatalogFilters(category=("crm",), level=1)
    counts = facet_counts(products, filters)
    assert {v.code: (v.count, v.selected) for v in counts["category"]} == {
        "crm": (1, True),
        "hrm": (1, False),
    }
    assert {v.code: v.count for v in counts["level"]}["4"] == 1
    assert {v.code: v.count for v in counts["sector"]}["trade"] == 1


def test_edition_diff_by_product_id():
    a, b, c = (Product.from_dict(_product(f"p-{i}")) for i in range(3))
    b2 = Product.from_dict(_product("p-1", name="Tên mới", price_monthly_vnd=90_000))
    diff = diff_editions([a, b], [b2, c])
    assert [p.id for p in diff.added] == ["p-2"] and [p.id for p in diff.removed] == ["p-0"]
    assert [(f.field, f.before, f.after) for f in diff.changed[0].fields] == [
        ("name", "Sản phẩm", "Tên mới"),
        ("price_monthly_vnd", 100_000, 90_000),
    ]
    assert diff_editions([a], [a]).empty


def test_pricing_terms_in_plain_words():
    assert pricing_terms(Pricing("one_time", price_vnd=1_100_000), None) == "trả một lần 1.100.000 ₫"
    assert (
        pricing_terms(Pricing("co_investment", vendor_share_pct=30), 500_000)
        == "nhà cung cấp chịu 30% chi phí, doanh nghiệp trả phần còn lại"
    )
    assert (
        pricing_terms(Pricing("use_first_pay_later", free_months=3), 120_000, "en")
        == "free for the first 3 months, then 120.000 ₫/month"
    )
    product = Product.from_dict(
        _product(
            pricing_models=[{"type": "subscription"}, {"type": "revenue_sharing", "revenue_share_pct": 12.5}]
        )
    )
    assert pricing_summary(product) == (
        "Thuê bao: 100.000 ₫/tháng; Chia sẻ doanh thu: 12,5% doanh thu do giải pháp mang lại"
    )
    assert field_text("sectors", ["tourism", "trade"]) == "Du lịch, lưu trú, ăn uống, Thương mại, bán lẻ"
