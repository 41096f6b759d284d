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
    assert "Không tìm thấy sản phẩm nào cho “quan ly kho”." in page
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


def test_a_search_that_finds_nothing_offers_a_way_out(client, factory):
    kho = factory.listing(
        "published", name="Quản lý kho", summary="Nhập xuất tồn.", categories=["inventory_logistics"]
    )
    factory.listing("published", name="Hóa đơn điện tử", categories=["e_invoice"])
    # a filter that leaves nothing: drop it (with the count it gives), or browse the category the words name
    page = client.get("/?q=quan+ly+kho&category=e_invoice").get_data(as_text=True)
    assert re.search(r'Bỏ bộ lọc:\s*<a href="/\?q=quan\+ly\+kho">Lĩnh vực: Hóa đơn điện tử</a>\s*'
                     r'<span class="count">1 sản phẩm</span>', page)
    assert re.search(r'Lĩnh vực liên quan:\s*<a href="/\?category=inventory_logistics">'
                     r'Quản lý kho, vận tải, logistics</a>', page)
    # a word too far from any the catalog holds: did you mean
    page = client.get("/?q=khooo").get_data(as_text=True)
    assert f'href="/products/{kho.id}"' not in page
    assert re.search(r'Có phải bạn muốn tìm <a href="/\?q=kho">kho</a>\s*<span class="count">1 sản', page)


def test_bad_parameters_are_named_on_the_page_and_the_rest_applies(client, factory):
    kept = factory.listing("published", name="Phần mềm kế toán", categories=["accounting"], readiness_min=0,
                           readiness_max=2)
    page = client.get("/?level=9&price_min=abc&sort=cheapest&category=accounting").get_data(as_text=True)
    assert "Đã bỏ qua level=9: Giá trị &#39;9&#39; không hợp lệ; dùng một trong: 0, 1, 2, 3, 4, 5." in page
    assert "Đã bỏ qua price_min=abc: Phải là số tiền (VND) không âm, chỉ gồm chữ số." in page
    assert "Đã bỏ qua sort=cheapest" in page
    assert f'href="/products/{kept.id}"' in page
    # a price typed with thousands separators is a price
    page = client.get("/?price_max=1.500.000").get_data(as_text=True)
    assert "Đã bỏ qua" not in page and 'name="price_max" value="1500000"' in page


def test_a_need_search_says_why_and_when_it_relaxes(client, factory):
    cafe = factory.listing("published", name="Cát Tường POS F&B", summary="Gọi món, tính tiền.",
                           categories=["sales_pos"], sectors=["tourism"])
    page = client.get("/?q=phan+mem+ban+hang+cho+quan+ca+phe").get_data(as_text=True)
    assert f'href="/products/{cafe.id}"' in page
    assert "Đúng nhu cầu: Quản lý bán hàng (POS) (từ “phan mem ban hang”)" in page
    assert "Dành cho ngành: Du lịch, lưu trú, ăn uống (từ “quan ca phe”)" in page
    assert "đang hiện thêm các kết quả gần đúng" not in page  # it holds every word the need has
    page = client.get("/?q=ban+hang+quan+ca+phe+tra+sua+topping").get_data(as_text=True)
    assert "Không có sản phẩm chứa đủ mọi từ; đang hiện các kết quả gần đúng." in page
    assert f'href="/products/{cafe.id}"' in page


def test_the_page_sorts_by_price(client, factory):
    cheap = factory.listing("published", name="Kế toán A", categories=["accounting"], price_monthly_vnd=5_000)
    dear = factory.listing("published", name="Kế toán B", categories=["accounting"], price_monthly_vnd=9_000)

    def order(query):
        page = client.get(f"/?q=ke+toan&{query}").get_data(as_text=True)
        return sorted((cheap.id, dear.id), key=lambda pid: page.index(f'href="/products/{pid}"'))

    assert order("sort=price_asc") == [cheap.id, dear.id]
    assert order("sort=price_desc") == [dear.id, cheap.id]
    page = client.get("/?q=ke+toan&sort=price_desc").get_data(as_text=True)
    assert '<option value="price_desc" selected>' in page
