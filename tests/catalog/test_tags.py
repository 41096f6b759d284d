"""Integration and language tags as people read them (catalog/tags.py, pure)."""

from catalog.tags import integration_name, integration_names, language_names


def test_known_integrations_get_their_display_names_and_unknown_ones_stay_as_typed():
    assert integration_names(["cqt", "misa", "excel", "vietqr", "zalo"]) == [
        "Cơ quan thuế", "MISA", "Excel", "VietQR", "Zalo"]
    assert integration_name("cqt", "en") == "Tax authority (CQT)"
    assert integration_name("Shopee") == "Shopee"
    assert integration_name("gia_an_hrm") == "gia_an_hrm"


def test_languages_are_named():
    assert language_names(["vi", "en"]) == "Tiếng Việt, English"
    assert language_names(["xx"]) == "xx"
