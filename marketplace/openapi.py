"""The OpenAPI 3.1 description of the JSON API, served at /api/v1/openapi.json.

Written by hand from small per-endpoint declarations (OPERATIONS): whoever adds an endpoint under
/api/v1 adds its entry here; tests/api/test_openapi.py fails when the URL map and this document
disagree, and runs schemathesis against it. The interchange records (PRODUCT, VENDOR, SME...) come
from interchange/interchange.schema.json, so the API and the import/export format cannot drift apart.
"""

from __future__ import annotations

import json
from functools import cache

from flask import jsonify

from catalog.facets import PRICE_BANDS
from core.api import bp
from core.vocab import CATEGORIES, PRICING_TYPES, SECTORS, SIZES
from interchange.format import SCHEMA_PATH as INTERCHANGE_SCHEMA
from reports.aggregate import DIMENSIONS as REPORT_DIMENSIONS

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
            # too few products held every word: near matches too, and a sentence that says so
            "relaxed": {"type": "boolean"}, "exact_total": {"type": "integer", "minimum": 0},
            "notice": {"type": ["string", "null"]}, "sort": {"type": "string"},
            # only when nothing was found: respelling, filters to drop, related categories
            "suggestions": {"type": "object"},
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
                    "rating": {"type": "object", "properties": {
                        "mean": {"type": ["number", "null"]}, "count": {"type": "integer", "minimum": 0},
                        "score": {"type": "number"}}},
                    "url": {"type": ["string", "null"]},
                    "why": {"type": "array", "items": {"type": "object"}},  # the needs it answers
                },
            }},
            "facets": {"type": "object", "additionalProperties": {"type": "array", "items": {
                "type": "object", "required": ["value", "label", "count", "selected"],
                "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                               "count": {"type": "integer", "minimum": 0}, "selected": {"type": "boolean"}},
            }}},
        },
    },
    # What a vendor sends: a PRODUCT whose id and vendor_id the server sets; any other key is refused.
    "ProductInput": {
        "type": "object", "additionalProperties": False,
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

# What a client does next with a listing it created (OpenAPI links: schemathesis follows them in its
# stateful run, tests/api).
_VENDOR_LISTING = "#/paths/~1api~1v1~1vendor~1listings~1{listing_id}"
CREATED_LINKS = {
    name: {"operationRef": f"{_VENDOR_LISTING}{operation}",
           "parameters": {"listing_id": "$response.body#/id"}}
    for name, operation in (("ReadIt", "/get"), ("EditIt", "/put"), ("ActOnIt", "~1{action}/post"))
}

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
            "responses": {
                "201": {**json_response("Bản nháp đã tạo", ref("VendorListing")), "links": CREATED_LINKS},
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
            query_param("rating_min", "Điểm đánh giá trung bình tối thiểu (sao)",
                        {"type": "integer", "minimum": 1, "maximum": 5}),
            query_param("scope", "public; vendor (sản phẩm của mình); review (chờ thẩm định, cán bộ)",
                        {"enum": ["public", "vendor", "review"], "default": "public"}),
            query_param("sort", "Thứ tự: phù hợp nhất, giá tăng dần, giá giảm dần, mới nhất, đánh giá "
                        "(trung bình Bayes)",
                        {"enum": ["relevance", "price_asc", "price_desc", "newest", "rating"],
                         "default": "relevance"}),
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


# The open data (opendata/api.py): public pages of JSON or CSV, conditional GETs, stable cursors.
def _open_page(item: dict) -> dict:
    return {"type": "object", "required": ["dataset", "items", "next_cursor"],
            "properties": {"dataset": {"type": "string"}, "items": {"type": "array", "items": item},
                           "next_cursor": {"type": ["string", "null"]}}}


SCHEMAS.update({
    "OpenEdition": {
        "allOf": [ref("EditionMeta")], "required": ["published_at", "products", "current"],
        "properties": {"published_at": {"type": "string", "format": "date-time"},
                       "products": {"type": "integer", "minimum": 0}, "current": {"type": "boolean"}},
    },
    "OpenEditionProduct": {"allOf": [ref("product")], "required": ["vendor_name"],
                           "properties": {"vendor_name": {"type": ["string", "null"]}}},
    "OpenProduct": {
        "allOf": [ref("OpenEditionProduct")], "required": ["official", "edition"],
        "properties": {"official": {"type": "boolean"}, "edition": {"type": ["integer", "null"]}},
    },
    "OpenVendor": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "name", "province", "website", "description", "products"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                       **{k: {"type": ["string", "null"]} for k in ("province", "website", "description")},
                       "products": {"type": "integer", "minimum": 0}},
    },
    # One group of one month; "_other" pools the groups of fewer than 5 SMEs (opendata/suppression.py).
    "OpenIndicator": {
        "type": "object", "additionalProperties": False,
        "required": ["month", "by", "key", "label", "smes", "contracts", "value_vnd"],
        "properties": {"month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
                       "by": {"enum": ["province", "sector", "size"]}, "key": {"type": "string"},
                       "label": {"type": "string"}, "smes": {"type": "integer", "minimum": 5},
                       "contracts": {"type": "integer", "minimum": 1},
                       "value_vnd": {"type": "integer", "minimum": 0}},
    },
})
_OPEN_HEADERS = {
    "ETag": {"description": "Thẻ phiên bản của nội dung (gửi lại trong If-None-Match)",
             "schema": {"type": "string"}},
    "Cache-Control": {"description": "public, max-age=…", "schema": {"type": "string"}},
    "Link": {"description": "<…>; rel=\"next\" khi còn trang sau", "schema": {"type": "string"}},
    "X-Next-Cursor": {"description": "Con trỏ trang sau", "schema": {"type": "string"}},
}
_OPEN_PARAMS = [
    query_param("format", "Định dạng", {"enum": ["json", "csv"], "default": "json"}),
    query_param("limit", "Số dòng mỗi trang",
                {"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}),
    query_param("cursor", "Con trỏ trang sau (next_cursor của trang trước)", {"type": "string"}),
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "ETag đã có: 304 nếu không đổi"},
]


# Open to anyone (a limit per address); a partner's key (X-API-Key or Authorization: Bearer) gets its own
# limit, must hold the operation's scope, and is refused once revoked (opendata/access.py).
_OPEN_SECURITY = [{}, {"partnerKey": []}, {"partnerBearer": []}]
_OPEN_REFUSALS = {
    "401": error_response("Khóa API không hợp lệ hoặc đã bị thu hồi"),
    "403": error_response("Khóa API không có phạm vi của thao tác này"),
    "429": error_response("Quá hạn mức lượt gọi (xem Retry-After)"),
}


def _open_operation(summary: str, item: str, parameters=(), errors=None) -> dict:
    return {"get": {
        "summary": summary, "tags": ["open data"], "security": _OPEN_SECURITY,
        "parameters": [*parameters, *_OPEN_PARAMS],
        "responses": {
            "200": {"description": "Một trang dữ liệu", "headers": _OPEN_HEADERS, "content": {
                JSON: {"schema": _open_page(ref(item))}, CSV: {"schema": {"type": "string"}}}},
            "304": {"description": "Không đổi so với ETag đã gửi"},
            **COMMON_ERRORS, **INVALID, **_OPEN_REFUSALS, **(errors or {}),
        },
    }}


OPERATIONS.update({
    "/api/v1/open/editions": _open_operation("Các ấn bản danh mục chính thức (dữ liệu mở)", "OpenEdition"),
    "/api/v1/open/editions/{number}/products": _open_operation(
        "Sản phẩm của một ấn bản (dữ liệu mở; ấn bản cũ không bao giờ đổi)", "OpenEditionProduct",
        [path_param("number", "Số ấn bản", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                    example=1)],
        NOT_FOUND),
    "/api/v1/open/products": _open_operation("Sản phẩm đang công bố (dữ liệu mở)", "OpenProduct"),
    "/api/v1/open/vendors": _open_operation("Nhà cung cấp, chỉ các trường công khai (dữ liệu mở)",
                                            "OpenVendor"),
    "/api/v1/open/indicators": _open_operation(
        "Chỉ tiêu tổng hợp theo tháng và tỉnh/ngành/quy mô; không nhóm nào dưới 5 doanh nghiệp",
        "OpenIndicator",
        [query_param("by", "Chiều", {"enum": ["province", "sector", "size"], "default": "province"}),
         query_param("from", "Từ tháng (YYYY-MM)", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}),
         query_param("to", "Đến tháng (YYYY-MM)", {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"})]),
    "/api/v1/open/catalog.jsonld": {"get": {
        "summary": "Danh mục DCAT (JSON-LD) của các bộ dữ liệu mở, cho cổng dữ liệu mở (CKAN) thu thập",
        "tags": ["open data"], "security": _OPEN_SECURITY,
        "responses": {"200": {"description": "dcat:Catalog", "headers": _OPEN_HEADERS,
                              "content": {"application/ld+json": {"schema": {"type": "object"}}}},
                      "304": {"description": "Không đổi so với ETag đã gửi"}, **_OPEN_REFUSALS},
    }},
})


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
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
                # Partner systems' keys for the open data (created by officers, scoped, rate-limited).
                "partnerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "partnerBearer": {"type": "http", "scheme": "bearer"},
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())
