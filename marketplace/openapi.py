"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

Written by hand from small per-endpoint declarations (OPERATIONS): whoever adds an endpoint under
/api/v1 adds its entry here; tests/api/test_openapi.py fails when the URL map and this document
disagree, and runs schemathesis against it. The interchange records (PRODUCT, VENDOR, SME...) come
from catalog/interchange.schema.json, so the API and the import/export format cannot drift apart.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import jsonify

from catalog.facets import PRICE_BANDS
from catalog.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES
from marketplace.api import bp
from reports.aggregate import DIMENSIONS as REPORT_DIMENSIONS

INTERCHANGE_SCHEMA = Path(__file__).parent.parent / "catalog" / "interchange.schema.json"
JSON = "application/json"
CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _interchange_schemas() -> dict:
    """The interchange $defs as OpenAPI components, plus the whole document as InterchangeDocument."""
    text = INTERCHANGE_SCHEMA.read_text(encoding="utf-8").replace("#/$defs/", "#/components/schemas/")
    schema = json.loads(text)
    defs = schema.pop("$defs")
    schema.pop("$schema", None)
    return {**defs, "InterchangeDocument": schema}


ERROR = {
    "type": "object", "required": ["error"],
    "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}},
    }},
}

REPORT_COUNTS = {"contracts": {"type": "integer", "minimum": 0}, "smes": {"type": "integer", "minimum": 0},
                 "value_vnd": {"type": "integer", "minimum": 0}}

SCHEMAS = {
    "Error": ERROR,
    "ContractReport": {
        "type": "object", "required": ["from", "to", "by", "contracts", "smes", "value_vnd", "groups"],
        "properties": {
            "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
            "by": {"enum": list(REPORT_DIMENSIONS)}, **REPORT_COUNTS,
            "groups": {"type": "array", "items": {
                "type": "object", "required": ["key", *REPORT_COUNTS],
                "properties": {"key": {"type": "string"}, **REPORT_COUNTS}}},
        },
    },
    "EditionMeta": {
        "type": "object", "required": ["number", "decision_number", "decision_date"],
        "properties": {"number": {"type": "integer", "minimum": 1}, "decision_number": {"type": "string"},
                       "decision_date": {"type": "string", "format": "date"},
                       "note": {"type": ["string", "null"]}},
    },
    "CatalogEdition": {
        "allOf": [ref("InterchangeDocument")],
        "properties": {"edition": ref("EditionMeta")},
    },
    "PublicListing": {
        "allOf": [ref("product")],
        "required": ["vendor_name", "official", "edition"],
        "properties": {"vendor_name": {"type": ["string", "null"]}, "official": {"type": "boolean"},
                       "edition": {"oneOf": [ref("EditionMeta"), {"type": "null"}]}},
    },
    "VendorListing": {
        "type": "object", "required": ["id", "status", "open_revision", "review_comment", "product"],
        "properties": {
            "id": {"type": "string"},
            "status": {"enum": ["draft", "submitted", "changes_requested", "rejected", "published",
                                "suspended", "withdrawn"]},
            "open_revision": {"enum": ["draft", "submitted", "changes_requested", None]},
            "review_comment": {"type": ["string", "null"]},
            "product": ref("product"),
        },
    },
    # One suggestion of the matching engine, as `marketplace match --json` prints it.
    "Match": {
        "type": "object", "required": ["product_id", "score", "reasons"],
        "properties": {"product_id": {"type": "string"},
                       "score": {"type": "number", "minimum": 0, "maximum": 1},
                       "reasons": {"type": "array", "items": {"type": "string"}}},
    },
    # GET /api/v1/search (catalog/search/api.py); highlights are HTML-escaped text with <mark> tags.
    "SearchResponse": {
        "type": "object", "required": ["query", "total", "took_ms", "hits", "facets"],
        "properties": {
            "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
            "took_ms": {"type": "number"},
            "hits": {"type": "array", "items": {
                "type": "object",
                "required": ["product_id", "score", "highlights", "name", "summary", "vendor_name",
                             "official", "url"],
                "properties": {
                    "product_id": {"type": "string"}, "score": {"type": "number", "minimum": 0, "maximum": 1},
                    "highlights": {"type": "object", "additionalProperties": {"type": "string"}},
                    "name": {"type": "string"}, "summary": {"type": "string"},
                    "vendor_id": {"type": "string"},
                    "vendor_name": {"type": "string"},
                    "categories": {"type": "array", "items": {"type": "object"}},
                    "readiness_min": {"type": "integer"}, "readiness_max": {"type": "integer"},
                    "price_monthly_vnd": {"type": ["integer", "null"]},
                    "price_text": {"type": ["string", "null"]},
                    "official": {"type": "boolean"}, "status": {"type": "string"},
                    "url": {"type": ["string", "null"]},
                },
            }},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                "type": "object", "required": ["value", "label", "count", "selected"],
                "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                               "count": {"type": "integer", "minimum": 0}, "selected": {"type": "boolean"}},
            }}},
        },
    },
    # What a vendor sends: a PRODUCT whose id and vendor_id the server sets.
    "ProductInput": {
        "type": "object",
        "required": ["name", "summary", "categories", "sectors", "readiness_min", "readiness_max",
                     "pricing_models"],
        "properties": {k: v for k, v in json.loads(INTERCHANGE_SCHEMA.read_text(encoding="utf-8")
                                                    .replace("#/$defs/", "#/components/schemas/"))
                       ["$defs"]["product"]["properties"].items() if k not in ("id", "vendor_id")},
    },
}


def error_response(description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": ref("Error")}}}


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


COMMON_ERRORS = {"400": error_response("Yêu cầu không hợp lệ (kể cả thiếu CSRF token)")}
AUTH_ERRORS = {"401": error_response("Cần đăng nhập"), "403": error_response("Vai trò không được phép")}
NOT_FOUND = {"404": error_response("Không tìm thấy (hoặc thuộc về người khác)")}
INVALID = {"422": error_response("Dữ liệu chưa hợp lệ; `fields` nêu từng trường")}
CONFLICT = {"409": error_response("Thao tác không hợp lệ ở trạng thái hiện tại")}


def path_param(name: str, description: str, schema: dict | None = None, example=None) -> dict:
    param = {"name": name, "in": "path", "required": True, "description": description,
             "schema": schema or {"type": "string"}}
    if example is not None:
        param["example"] = example
    return param


def query_param(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


LISTING_ID = path_param("listing_id", "Mã sản phẩm (listing id)", example="dp-01")
SESSION = [{"session": []}]

# path -> method -> operation. Keep in step with the endpoints (the test checks both ways).
OPERATIONS: dict[str, dict[str, dict]] = {
    "/api/v1/openapi.json": {"get": {
        "summary": "Tài liệu OpenAPI này", "tags": ["meta"],
        "responses": {"200": json_response("OpenAPI 3.1", {"type": "object"})},
    }},
    "/api/v1/catalog": {"get": {
        "summary": "Ấn bản danh mục chính thức hiện hành (hoặc ?edition=N) dạng JSON, CSV hoặc XLSX",
        "tags": ["catalog"],
        "parameters": [
            query_param("format", "Định dạng", {"enum": ["json", "csv", "xlsx"], "default": "json"}),
            query_param("edition", "Số ấn bản", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
        ],
        "responses": {
            "200": {"description": "Ấn bản danh mục", "content": {
                JSON: {"schema": ref("CatalogEdition")}, CSV: {"schema": {"type": "string"}},
                XLSX: {"schema": {"type": "string", "format": "binary"}}}},
            **COMMON_ERRORS, **NOT_FOUND,
        },
    }},
    "/api/v1/listings/{listing_id}": {"get": {
        "summary": "Một sản phẩm đang công bố", "tags": ["catalog"], "parameters": [LISTING_ID],
        "responses": {"200": json_response("Sản phẩm", ref("PublicListing")), **COMMON_ERRORS, **NOT_FOUND},
    }},
    "/api/v1/vendor/listings": {
        "get": {
            "summary": "Các sản phẩm của nhà cung cấp đang đăng nhập", "tags": ["vendor"],
            "security": SESSION,
            "responses": {"200": json_response("Danh sách", {"type": "array", "items": ref("VendorListing")}),
                          **COMMON_ERRORS, **AUTH_ERRORS},
        },
        "post": {
            "summary": "Tạo bản nháp sản phẩm", "tags": ["vendor"], "security": SESSION,
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("ProductInput")}}},
            "responses": {"201": json_response("Bản nháp đã tạo", ref("VendorListing")),
                          **COMMON_ERRORS, **AUTH_ERRORS, **INVALID},
        },
    },
    "/api/v1/vendor/listings/{listing_id}": {
        "get": {
            "summary": "Một sản phẩm của nhà cung cấp (của nhà cung cấp khác: 404)", "tags": ["vendor"],
            "security": SESSION, "parameters": [LISTING_ID],
            "responses": {"200": json_response("Sản phẩm", ref("VendorListing")),
                          **COMMON_ERRORS, **AUTH_ERRORS, **NOT_FOUND},
        },
        "put": {
            "summary": "Sửa sản phẩm (tạo phiên bản mới cần thẩm định lại)", "tags": ["vendor"],
            "security": SESSION, "parameters": [LISTING_ID],
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("ProductInput")}}},
            "responses": {"200": json_response("Sản phẩm", ref("VendorListing")),
                          **COMMON_ERRORS, **AUTH_ERRORS, **NOT_FOUND, **CONFLICT, **INVALID},
        },
    },
    "/api/v1/vendor/listings/{listing_id}/{action}": {"post": {
        "summary": "Gửi thẩm định (submit) hoặc rút khỏi sàn (withdraw)", "tags": ["vendor"],
        "security": SESSION,
        "parameters": [LISTING_ID, path_param("action", "Thao tác", {"enum": ["submit", "withdraw"]})],
        "responses": {"200": json_response("Sản phẩm", ref("VendorListing")),
                      **COMMON_ERRORS, **AUTH_ERRORS, **NOT_FOUND, **CONFLICT, **INVALID},
    }},
    "/api/v1/search": {"get": {
        "summary": "Tìm sản phẩm (gõ không dấu, sai chính tả, Telex/VNI đều được), kèm bộ lọc và số đếm",
        "tags": ["catalog"],
        "parameters": [
            query_param("q", "Từ khóa", {"type": "string"}),
            *[{**query_param(name, f"Lọc theo {name} (lặp lại được)",
                             {"type": "array", "items": {"enum": list(values)}}),
               "style": "form", "explode": True}
              for name, values in (("category", CATEGORIES), ("sector", SECTORS), ("pricing", PRICING_TYPES),
                                   ("size", SIZES))],
            query_param("region", "Tỉnh/thành (lặp lại được)",
                        {"type": "array", "items": {"type": "string"}}),
            query_param("level", "Mức sẵn sàng của doanh nghiệp",
                        {"type": "integer", "minimum": 0, "maximum": 5}),
            query_param("price", "Khoảng giá/tháng", {"enum": list(PRICE_BANDS)}),
            query_param("price_min", "Giá/tháng tối thiểu (VND)",
                        {"type": "integer", "minimum": 0, "maximum": 10**13}),
            query_param("price_max", "Giá/tháng tối đa (VND)",
                        {"type": "integer", "minimum": 0, "maximum": 10**13}),
            query_param("scope", "public; vendor (sản phẩm của mình); review (chờ thẩm định, cán bộ)",
                        {"enum": ["public", "vendor", "review"], "default": "public"}),
            query_param("limit", "Số kết quả",
                        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
            query_param("offset", "Bỏ qua",
                        {"type": "integer", "minimum": 0, "maximum": 1000, "default": 0}),
        ],
        "responses": {"200": json_response("Kết quả, tốt nhất trước", ref("SearchResponse")),
                      **COMMON_ERRORS, "403": error_response("Phạm vi không được phép"), **INVALID},
    }},
    "/api/v1/reports/contracts": {"get": {
        "summary": "Báo cáo hợp đồng đã ký (như `marketplace report contracts --json`), cho cán bộ",
        "tags": ["reports"], "security": SESSION,
        "parameters": [
            {**query_param("from", "Từ ngày (YYYY-MM-DD, giờ Việt Nam, tính cả ngày này)",
                           {"type": "string", "format": "date"}), "required": True},
            {**query_param("to", "Đến ngày (YYYY-MM-DD, tính cả ngày này)",
                           {"type": "string", "format": "date"}), "required": True},
            {**query_param("by", "Chiều báo cáo", {"enum": list(REPORT_DIMENSIONS)}), "required": True},
        ],
        "responses": {"200": json_response("Báo cáo", ref("ContractReport")),
                      **COMMON_ERRORS, **AUTH_ERRORS, **INVALID},
    }},
    "/api/v1/smes/{sme_id}/matches": {"get": {
        "summary": "Gợi ý sản phẩm cho một doanh nghiệp kèm lý do (chính doanh nghiệp đó hoặc cán bộ)",
        "tags": ["matching"], "security": SESSION,
        "parameters": [path_param("sme_id", "Mã doanh nghiệp", example="ds-01"),
                       query_param("limit", "Số gợi ý", {"type": "integer", "minimum": 1, "maximum": 100,
                                                         "default": 10})],
        "responses": {"200": json_response("Gợi ý", {"type": "array", "items": ref("Match")}),
                      **COMMON_ERRORS, **AUTH_ERRORS, **NOT_FOUND},
    }},
}


@cache
def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sàn giải pháp chuyển đổi số cho DNNVV — API",
            "version": "1",
            "description": (
                "JSON API của Sàn. Trường dữ liệu theo định dạng trao đổi sme-catalog/1. Các thao tác cần "
                "đăng nhập dùng cookie phiên của trang web; yêu cầu POST/PUT gửi kèm header X-CSRFToken "
                "(lấy từ thẻ <meta name=\"csrf-token\"> của trang). Lỗi: {\"error\": {\"code\", \"message\", "
                "\"fields\"}}."
            ),
        },
        "paths": OPERATIONS,
        "components": {
            "schemas": {**_interchange_schemas(), **SCHEMAS},
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "session"}},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())
