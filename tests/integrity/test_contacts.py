"""Identifiers written the way people write them, and what two firms share (integrity.contacts, pure)."""

import pytest

from integrity.contacts import (
    Contacts,
    Identifiers,
    address_key,
    email_key,
    phone_keys,
    phone_shown,
    private_domain,
    shared,
    tax_root,
    website_domain,
)
from integrity.synthetic import generate


@pytest.mark.parametrize(
    "text",
    [
        "0912 345 678",
        "0912.345.678",
        "+84 912 345 678",
        "(+84) 912345678",
        "84912345678",
        "912-345-678",
        "0084 912 345 678",
        "0912345678 (Mr Hùng)",
    ],
)
def test_one_mobile_line_however_it_is_written(text):
    assert phone_keys(text) == {"0912345678"}


def test_landlines_extensions_and_two_numbers_in_one_field():
    assert phone_keys("(024) 3812 3456 ext 12") == {"02438123456"}
    assert phone_keys("+84 24 3812 3456 máy lẻ 5") == {"02438123456"}
    assert phone_keys("0912 345 678 - 0987 654 321") == {"0912345678", "0987654321"}
    assert phone_keys("0912345678 hoặc 0987.654.321") == {"0912345678", "0987654321"}


@pytest.mark.parametrize("text", ["1900 1234", "1800 6789", "3812 3456", "", None, "không có"])
def test_shared_service_numbers_and_short_numbers_name_no_line(text):
    assert phone_keys(text) == set()


def test_phones_are_shown_as_people_read_them():
    assert phone_shown("0912345678") == "0912 345 678"
    assert phone_shown("02438123456") == "024 3812 3456"


def test_one_mailbox_whatever_its_spelling():
    assert email_key(" Nguyen.Van.A+shop@GMail.com ") == "nguyenvana@gmail.com"
    assert email_key("nguyenvana@googlemail.com") == "nguyenvana@gmail.com"
    assert email_key("Ke.Toan+hoadon@abc.com.vn") == "ke.toan@abc.com.vn"  # dots count outside Gmail
    assert email_key("not an address") is None
    assert email_key("@abc.vn") is None


@pytest.mark.parametrize(
    "address",
    [
        "lan@gmail.com",
        "x@yahoo.com.vn",
        "y@hn.vnn.vn",
        "z@hcm.fpt.vn",
        "t@outlook.com",
        "u@icloud.com",
        "v@hotmail.com",
    ],
)
def test_public_mailbox_providers_have_no_private_domain(address):
    assert private_domain(address) is None


def test_a_firms_domain_is_the_registered_name():
    assert private_domain("ketoan@mail.abc.com.vn") == "abc.com.vn"
    assert private_domain("sales@hn.abc.vn") == "abc.vn"
    assert private_domain("info@abc.com") == "abc.com"


def test_tax_code_roots_tie_a_branch_to_its_enterprise():
    assert tax_root("0101234567-001") == tax_root("0101234567") == "0101234567"
    assert tax_root("12345") is None


SAME_PLACE = [
    ("12 Lê Lợi, Q1, TP.HCM", "Số 12 đường Lê Lợi, Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"),
    ("Số 12, ngõ 34, phố Huế, Hai Bà Trưng, Hà Nội", "12/34 Phố Huế, Q. Hai Bà Trưng, HN"),
    ("so 12 ngo 34 pho hue hai ba trung ha noi", "12/34 Phố Huế, Q. Hai Bà Trưng, HN"),
    (
        "Tầng 5, tòa nhà Viettel, 285 Cách Mạng Tháng Tám, Quận 10",
        "Tang 5 Toa nha Viettel 285 Cach Mang Thang Tam Q.10",
    ),
    ("Địa chỉ: 12 Lê Lợi, TP Hồ Chí Minh", "12 Le Loi, Q1, TP HCM"),
    ("285 CMT8, Q10, HCM", "285 CMT8, Quận 10, TP Hồ Chí Minh"),
    # Streets named with words that also name administrative units (trấn, thị, quán, xã)
    ("Số 216, Trần Hưng Đạo, phường Láng Hạ, Đống Đa", "216 Trần Hưng Đạo, P. Láng Hạ, Q. Đống Đa"),
    ("Số 12, Quán Thánh, Ba Đình, Hà Nội", "12 Quán Thánh, Q. Ba Đình, HN"),
    ("12 Nguyễn Thị Minh Khai, Quận 1", "Số 12 Nguyễn Thị Minh Khai, Q.1, TP.HCM"),
    ("5 Xã Đàn, Đống Đa, Hà Nội", "Số 5 phố Xã Đàn, quận Đống Đa"),
]
OTHER_PLACE = [
    # the same building's other floor; the street's other door; the same door in another city or district
    (
        "Tầng 5, tòa nhà Viettel, 285 Cách Mạng Tháng Tám, Quận 10",
        "Tầng 12, tòa nhà Viettel, 285 Cách Mạng Tháng Tám, Quận 10",
    ),
    ("12 Lê Lợi, Phường Bến Nghé, Quận 1", "14 Lê Lợi, Phường Bến Nghé, Quận 1"),
    (
        "12 Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
        "12 Pasteur, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh",
    ),
    ("12 Lê Lợi, Huế", "12 Lê Lợi, Q1, HCM"),
    ("12 Lê Lợi, Phường 5, Quận 3", "12 Lê Lợi, Phường 5, Quận 10"),
    ("12A Lê Lợi, Huế", "12B Lê Lợi, Huế"),
]


@pytest.mark.parametrize(("a", "b"), SAME_PLACE)
def test_one_address_however_it_is_written(a, b):
    assert address_key(a).same_place(address_key(b))
    assert address_key(b).same_place(address_key(a))


@pytest.mark.parametrize(("a", "b"), OTHER_PLACE)
def test_neighbours_are_other_places(a, b):
    assert not address_key(a).same_place(address_key(b))


def test_an_address_without_a_door_number_or_a_street_has_no_key():
    assert address_key("Thôn Đông, xã Tân Lập, Đồng Nai") is None
    assert address_key("Thôn 3, xã Tân Lập, huyện Đan Phượng") is None  # a village, not a door
    assert address_key("") is None


def test_what_two_firms_share_strongest_kinds_first():
    sme = Identifiers.of(
        Contacts("+84 912 345 678", None, "KeToan@abc.vn", "12 Lê Lợi, Huế", "0101234567-002")
    )
    vendor = Identifiers.of(
        Contacts("0912.345.678", None, "info@mail.abc.vn", "Số 12 đường Lê Lợi, TP. Huế", "0101234567")
    )
    assert [(s.kind, s.shown) for s in shared(sme, vendor)] == [
        ("tax_root", "0101234567"),
        ("phone", "0912 345 678"),
        ("domain", "abc.vn"),
        ("address", "12 Lê Lợi, Huế"),
    ]


def test_two_mailboxes_at_one_public_provider_share_nothing_but_one_mailbox_is_one_person():
    a = Identifiers.of(Contacts(email="lan.nguyen@gmail.com"))
    assert shared(a, Identifiers.of(Contacts(email="hung.tran@gmail.com"))) == []
    assert [s.kind for s in shared(a, Identifiers.of(Contacts(email="LanNguyen@gmail.com")))] == ["email"]


def test_the_quick_test_never_misses_what_the_full_comparison_finds():
    # Every SME against every vendor of a generated set (written in many styles): wherever the full
    # comparison finds something shared, the quick test must have let the pair through.
    document = generate(seed=5, scale=2, background=60)
    vendors = [
        Contacts(v.get("phone"), None, v.get("contact_email"), v.get("address"), v.get("tax_code"))
        for v in document["vendors"]
    ]
    smes = [
        Contacts(s.get("phone"), None, s.get("contact_email"), s.get("address"), s.get("tax_code"))
        for s in document["smes"]
    ]
    found = 0
    for vendor in vendors:
        ids = Identifiers.of(vendor)
        for sme in smes:
            if shared(Identifiers.of(sme), ids):
                found += 1
                assert ids.may_share(sme), (sme, vendor)
    assert found >= 5  # the set plants related parties: the test compared real matches


def test_a_vendors_website_names_its_domain_unless_it_is_a_page_on_a_platform():
    assert website_domain("https://www.anphat-soft.vn/lien-he") == "anphat-soft.vn"
    assert website_domain("anphat.com.vn:8080") == "anphat.com.vn"
    assert website_domain("https://facebook.com/anphat") is None
    assert website_domain("https://anphat.wixsite.com/home") is None
    assert website_domain("không có") is None
    vendor = Identifiers.of(Contacts(email="anphat.soft@gmail.com", website="https://www.anphat-soft.vn"))
    sme = Contacts(email="KeToan@AnPhat-Soft.vn")
    assert vendor.may_share(sme)
    assert [(s.kind, s.shown) for s in shared(Identifiers.of(sme), vendor)] == [("domain", "anphat-soft.vn")]


def test_the_firms_province_tells_apart_addresses_that_leave_the_city_out():
    in_hue = address_key("12 Lê Lợi", "Huế")
    assert not in_hue.same_place(address_key("12 Lê Lợi, Quận 1", "TP. Hồ Chí Minh"))
    assert in_hue.same_place(address_key("Số 12 đường Lê Lợi", "Thành phố Huế"))
    assert in_hue.same_place(address_key("12 Lê Lợi, TP. Huế", None))
