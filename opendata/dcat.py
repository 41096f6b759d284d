"""The DCAT catalog (JSON-LD) of the open datasets, as CKAN's DCAT harvester (ckanext-dcat) and the
national portal read it: one dcat:Dataset per dataset, each past and current edition of the official
catalog a dataset of its own (it never changes once published), each with JSON and CSV distributions.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from catalog.models import CatalogEdition, Listing
from core.formatting import vn_date
from core.translation import N_, translate

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:modified": {"@type": "xsd:dateTime"},
    "dct:issued": {"@type": "xsd:dateTime"},
    "dcat:accessURL": {"@type": "@id"},
    "dcat:downloadURL": {"@type": "@id"},
    "dct:license": {"@type": "@id"},
    "dct:accrualPeriodicity": {"@type": "@id"},
}
MEDIA = {"json": ("application/json", "JSON"), "csv": ("text/csv", "CSV")}
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"

Url = Callable[..., str]
INDICATOR_TITLES = {"province": N_("Hợp đồng đã ký theo tháng và tỉnh/thành"),
                    "sector": N_("Hợp đồng đã ký theo tháng và ngành"),
                    "size": N_("Hợp đồng đã ký theo tháng và quy mô doanh nghiệp")}


def _text(template: str, **params) -> list[dict]:
    """A literal in Vietnamese and in English (the project's catalog), as JSON-LD language maps want."""
    return [{"@value": translate(template, lang) % params if params else translate(template, lang),
             "@language": lang} for lang in ("vi", "en")]


def _distributions(url: Url, endpoint: str, **args) -> list[dict]:
    out = []
    for kind, (media, name) in MEDIA.items():
        link = url(endpoint, format=kind, **args)
        out.append({"@id": link + "#distribution", "@type": "dcat:Distribution", "dct:format": name,
                    "dcat:mediaType": media, "dcat:accessURL": link, "dcat:downloadURL": link,
                    "dct:title": f"{name}"})
    return out


def _dataset(url: Url, identifier: str, title: list, description: list, keywords: list[str],
             endpoint: str, modified, frequency: str, **args) -> dict:
    base = url(endpoint, **args)
    dataset = {
        "@id": base, "@type": "dcat:Dataset", "dct:identifier": identifier,
        "dct:title": title, "dct:description": description, "dcat:keyword": keywords,
        "dct:accrualPeriodicity": FREQUENCY + frequency,
        "dcat:distribution": _distributions(url, endpoint, **args),
    }
    if modified is not None:
        dataset["dct:modified"] = modified.isoformat()
    return dataset


def catalog(session: Session, url: Url) -> dict:
    config = current_app.config
    publisher = {"@type": "foaf:Organization", "foaf:name": config["OPEN_DATA_PUBLISHER"]}
    changed = session.scalar(select(func.max(Listing.updated_at)))
    editions = list(session.scalars(select(CatalogEdition).order_by(CatalogEdition.number)))
    datasets = [
        _dataset(url, "products", _text(N_("Sản phẩm đang công bố trên Sàn")),
                 _text(N_("Các giải pháp chuyển đổi số đang công bố: lĩnh vực, ngành, mức sẵn sàng, giá, "
                          "hình thức thanh toán; cho biết sản phẩm có trong danh mục chính thức hiện hành "
                          "không.")),
                 ["chuyển đổi số", "DNNVV", "danh mục"], "api.open_products", changed, "DAILY"),
        _dataset(url, "vendors", _text(N_("Nhà cung cấp giải pháp")),
                 _text(N_("Nhà cung cấp có sản phẩm trên Sàn (tên, tỉnh/thành, trang web, giới thiệu).")),
                 ["nhà cung cấp", "chuyển đổi số"], "api.open_vendors", changed, "DAILY"),
        *[_dataset(url, f"indicators-{by}", _text(title),
                   _text(N_("Số doanh nghiệp được hỗ trợ, số hợp đồng và giá trị theo tháng; nhóm dưới 5 "
                            "doanh nghiệp được gộp vào nhóm “_other”.")),
                   ["chỉ tiêu", "hợp đồng", "DNNVV"], "api.open_indicators", None, "MONTHLY", by=by)
          for by, title in INDICATOR_TITLES.items()],
        *[_dataset(url, f"edition-{e.number}",
                   _text(N_("Danh mục giải pháp chính thức – Ấn bản số %(number)s"), number=e.number),
                   _text(N_("Quyết định %(decision)s ngày %(date)s."), decision=e.decision_number,
                         date=vn_date(e.decision_date)),
                   ["danh mục", "chuyển đổi số"], "api.open_edition_products", e.published_at, "NEVER",
                   number=e.number)
          for e in editions],
    ]
    for dataset in datasets:
        dataset["dct:publisher"] = publisher
        dataset["dct:license"] = config["OPEN_DATA_LICENSE"]
    return {
        "@context": CONTEXT,
        "@id": url("api.open_dcat"),
        "@type": "dcat:Catalog",
        "dct:title": _text(N_("Dữ liệu mở của Sàn giải pháp chuyển đổi số cho DNNVV")),
        "dct:description": _text(N_("Danh mục giải pháp, nhà cung cấp và chỉ tiêu tổng hợp (không có dữ "
                                    "liệu cá nhân).")),
        "dct:publisher": publisher,
        "dct:license": config["OPEN_DATA_LICENSE"],
        "dcat:dataset": datasets,
    }
