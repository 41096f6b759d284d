"""The catalog page's search: a plain GET form without JavaScript, search-as-you-type with it."""

import re

from catalog.views import PAGE_SIZE


def test_the_form_searches_without_javascript(client, factory):
    invoice = factory.listing("published", name="Hóa đơn điện tử An Phát", categories=["e_invoice"])
    kho = factory.listing(
        "published", name="Quản lý kho", summary="Nhập xuất tồn.", categories=["inventory_logistics"]
    )
    page = client.get("/?q=hoas+ddonw").get_data(as_text=True)
    assert 'name="q" value="hoas ddonw"' in page
    assert f'href="/products/{invoice.id}"' in page and f'href="/products/{kho.id}"' not in page
    assert re.search(r"<p class=\"muted\">\s*1 sản phẩm", page)
    # filters and their counts follow the typed words
    page = client.get("/?q=quan+ly+kho&category=e_invoice").get_data(as_text=True)
    assert "Không có sản phẩm nào khớp với bộ lọc." in page
    assert 'data-search-api="/api/v1/search"' in page and "js/search.js" in page


def test_pages_of_search_results_keep_the_query(client, factory):
    for n in range(PAGE_SIZE + 2):
        factory.listing("published", name=f"Phần mềm kế toán {n}", categories=["accounting"])
    page = client.get("/?q=ke+toan").get_data(as_text=True)
    assert page.count('class="card product-card"') == PAGE_SIZE
    assert "q=ke+toan" in page and "page=2" in page
    second = client.get("/?q=ke+toan&page=2").get_data(as_text=True)
    assert second.count('class="card product-card"') == 2
    assert client.get("/?q=ke+toan&page=99").status_code == 200


def test_search_script_is_served_and_progressive(client):
    script = client.get("/static/js/search.js").get_data(as_text=True)
    assert "fetch(api" in script and "replaceState" in script and "setTimeout(search, 250)" in script
    assert script.count("innerHTML") == 1  # only server-escaped highlights go in as HTML (marked())
