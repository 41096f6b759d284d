"""Steps the journeys share, done as a person would in the browser."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

from playwright.sync_api import expect

from demo.accounts import DEMO_ACCOUNTS
from tests.e2e.ui import check_page
from tests.mailbox import Mailbox

PASSWORD = "Hoa-Sen-2026!"


def unique_email(name: str, domain: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@{domain}"


def log_in(page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.locator(".flash-success")).to_contain_text("Đăng nhập thành công")


def log_in_demo(page, role: str) -> None:
    email, password, _what = DEMO_ACCOUNTS[role]
    log_in(page, email, password)


VENDOR_DOCUMENTS = {
    "#contact_name": "Trần Thị Mai", "#contact_position": "Giám đốc kinh doanh",
    "#contact_phone": "0912 345 678",
    "#ref1_customer": "Công ty TNHH Gốm Bát Tràng", "#ref1_contact": "Anh Hùng, 0987 654 321",
    "#ref1_uses": "Hóa đơn điện tử",
    "#ref2_customer": "HTX Chè Tân Cương", "#ref2_contact": "Chị Lan, lan@chetancuong.vn",
    "#ref2_uses": "Phần mềm bán hàng",
}


def fill_vendor_documents(page, tax_code: str, email: str, **over: str) -> None:
    """The documents an officer vets (business registration number, contact person, two SME customers);
    `over`: field id -> value, e.g. {"contact_phone": "12345"}."""
    values = {"#business_registration_no": tax_code, "#contact_email": email, **VENDOR_DOCUMENTS,
              **{f"#{name}": value for name, value in over.items()}}
    for selector, value in values.items():
        page.fill(selector, value)


def register_vendor(page, journey: str, email: str, company: str, tax_code: str | None = None,
                    log_in_after: bool = True) -> str:
    """Register a vendor with its documents for vetting (a new tax code unless given: a tax code belongs
    to one vendor); its tax code."""
    tax_code = tax_code or f"01{uuid.uuid4().int % 10**8:08d}"
    page.goto("/register/vendor")
    check_page(page, journey, "vendor-register")
    page.fill("#vendor_name", company)
    page.fill("#tax_code", tax_code)
    page.fill("#province", "Hà Nội")
    fill_vendor_documents(page, tax_code, email)
    page.fill("#full_name", "Phạm Minh Đức")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    answered_check_your_mail(page, journey)
    if log_in_after:
        log_in(page, email, PASSWORD)
        expect(page).to_have_url(re.compile(r"/vendor/$"))
    return tax_code


def vet_vendor(officer, journey: str, company: str, decision: str = "Duyệt hồ sơ",
               reason: str = "Đã gọi hai khách hàng tham chiếu; giấy chứng nhận khớp mã số thuế.") -> None:
    """An officer (logged in) opens the vendor's documents from the officers' menu and decides."""
    officer.goto("/")
    officer.locator("summary", has_text="Công việc khác").click()  # officers' other work
    officer.get_by_role("link", name="Hồ sơ nhà cung cấp").click()
    item = officer.locator("article.vetting-item", has_text=company)
    item.get_by_role("link", name="Xem và quyết định").click()
    expect(officer.locator("h1")).to_have_text(company)
    check_page(officer, journey, "officer-vetting")
    officer.fill("#reason", reason)
    officer.get_by_role("button", name=decision).click()
    expect(officer.locator(".flash-success")).to_contain_text(company)


def create_listing(page, journey: str, name: str) -> str:
    """A listing with two pricing models (subscription; use first, pay later); returns its URL."""
    page.goto("/vendor/listings/new")
    page.fill("#name", name)
    page.fill("#summary", "Xuất hóa đơn điện tử theo Nghị định 123/2020/NĐ-CP, ký số và gửi khách qua Zalo.")
    page.get_by_label("Hóa đơn điện tử").check()
    page.get_by_label("Phù hợp mọi ngành nghề").check()
    page.fill("#price_monthly_vnd", "150.000")
    page.select_option("#pricing_models-0-type", "subscription")
    page.select_option("#pricing_models-1-type", "use_first_pay_later")
    page.fill("#pricing_models-1-free_months", "3")
    page.fill("#integrations", "zalo, misa")
    check_page(page, journey, "listing-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã lưu bản nháp")
    return page.url


def submit_listing(page) -> None:
    page.get_by_role("button", name="Gửi thẩm định").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã gửi thẩm định")
    expect(page.locator(".badge.status-submitted").first).to_have_text("Chờ thẩm định")


def register_sme(page, journey: str, email: str, company: str, sector: str = "tourism") -> None:
    page.goto("/register/sme")
    check_page(page, journey, "sme-register")
    page.fill("#sme_name", company)
    page.fill("#tax_code", "0312345678")
    page.select_option("#sector", sector)
    page.fill("#province", "Hà Nội")
    page.fill("#full_name", "Nguyễn Thu Hà")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    answered_check_your_mail(page, journey)
    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/sme/$"))


def answered_check_your_mail(page, journey: str) -> None:
    """A registration answers the same whether the address is new or taken: check your mail."""
    expect(page).to_have_url(re.compile(r"/register/check-email$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra hộp thư của bạn")
    check_page(page, journey, "check-email")


def search_catalog(page, query: str) -> list[str]:
    """Type a query in the catalog's search box as a phone user would; the names of the results shown."""
    page.goto("/")
    page.fill("#catalog-q", query)
    with page.expect_navigation():
        page.press("#catalog-q", "Enter")
    expect(page.locator("#catalog-q")).to_have_value(query)
    return page.locator("#catalog-results article h2").all_inner_texts()


def request_offer(page, journey: str, note: str) -> str:
    """From a product page: ask its vendor for an offer under the first pricing model; the contract URL."""
    page.locator("main").get_by_role("link", name="Yêu cầu báo giá").click()
    check_page(page, journey, "request-offer")
    page.fill("#note", note)
    page.get_by_role("button", name="Gửi yêu cầu").click()
    expect(page).to_have_url(re.compile(r"/contracts/[^/]+$"))
    expect(page.locator(".flash-success")).to_be_visible()
    return page.url


def mailed_link(mailbox: Mailbox, address: str, subject_part: str, path: str) -> str:
    """The path of the link to `path` in the newest mail to `address` whose subject has `subject_part`."""
    found = [m for m in mailbox.for_(address) if subject_part in mailbox.subject(m)]
    assert found, f"no mail to {address} about {subject_part!r}"
    url = re.search(rf"https?://[^\s/]+({re.escape(path)}[^\s]*)", mailbox.text(found[-1])).group(1)
    return urlsplit(url).path
