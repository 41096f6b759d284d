"""Domain errors carry Vietnamese templates: Vietnamese for the CLI and by default, English once chosen."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain import N_, DomainError, NotFound, ValidationFailed
from core.extensions import db
from tests.conftest import form_post, login
from tests.factories import Factory


def test_a_template_with_params_is_vietnamese_as_message_and_english_as_text():
    refused = NotFound(N_("Không tìm thấy doanh nghiệp “%(id)s”."), id="s-404")
    assert refused.message == str(refused) == "Không tìm thấy doanh nghiệp “s-404”."
    assert refused.text("en") == "Business “s-404” not found."


def test_vocabulary_labels_in_params_follow_the_language_of_the_sentence():
    """A status or pricing-model name inside a refusal is English in an English sentence."""
    from contracts.status import check_transition
    from contracts.terms import parse_terms

    with pytest.raises(DomainError) as moved:
        check_transition("signed", "draft")
    assert moved.value.message == "Không thể chuyển hợp đồng từ trạng thái “Đã ký” sang “Nháp”."
    english = moved.value.text("en")
    assert "“Signed”" in english and "“Draft”" in english and "Đã ký" not in english
    with pytest.raises(ValidationFailed) as refused:
        parse_terms({"type": "one_time", "price_vnd": 1}, 1, date(2026, 7, 1), 12,
                    allowed_types=("subscription",))
    assert "“Mua đứt”" in refused.value.fields["pricing.type"]
    assert "Mua đứt" not in refused.value.field_texts("en")["pricing.type"]


def test_field_messages_translate_templates_and_pass_other_texts_through():
    refused = ValidationFailed(N_("Số tiền hoàn không hợp lệ."), {
        "amount_vnd": (N_("Từ 1 đến %(most)s ₫."), {"most": 5000}),
        "reason": N_("Bắt buộc."),
        "card": "insufficient_funds",  # a code from the gateway, in no catalog
    })
    assert refused.fields == {
        "amount_vnd": "Từ 1 đến 5000 ₫.", "reason": "Bắt buộc.", "card": "insufficient_funds",
    }
    assert refused.text("en") == "Invalid refund amount."
    assert refused.field_texts("en") == {
        "amount_vnd": "From 1 to 5000 ₫.", "reason": "Required.", "card": "insufficient_funds",
    }


def test_a_message_without_params_keeps_a_literal_percent():
    assert NotFound("100% xong.").text("en") == "100% xong."


def _vendor_with_a_listing_under_review(app):
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        user = factory.user("vendor")
        listing = factory.listing("submitted", vendor_id=user.vendor_id)
        db.session.commit()
        return user, listing.id


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("lang", "shown", "not_shown"), [
    ("vi", "Phiên bản đang chờ thẩm định; chỉ chỉnh sửa được sau khi cán bộ xử lý.",
     "This version is awaiting review"),
    ("en", "This version is awaiting review; it can be edited only after an officer has handled it.",
     "Phiên bản đang chờ thẩm định"),
])
def test_a_refused_transition_is_flashed_in_the_readers_language(make_app, lang, shown, not_shown):
    # A fresh app per request context, as in test_i18n: the locale lives on `g`.
    app = make_app()
    user, listing_id = _vendor_with_a_listing_under_review(app)
    client = app.test_client()
    form_post(client, f"/lang/{lang}", {"next": "/"}, page="/")
    login(client, user)

    page = client.get(f"/vendor/listings/{listing_id}/edit", follow_redirects=True).get_data(as_text=True)
    assert shown in page and not_shown not in page


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_an_api_error_body_is_english_for_an_english_session(make_app):
    client = make_app().test_client()
    assert client.get("/api/v1/search?scope=everything").get_json()["error"] == {
        "code": "validation_failed", "message": "Tham số chưa hợp lệ.",
        "fields": {"scope": "Dùng public, vendor hoặc review."},
    }

    form_post(client, "/lang/en", {"next": "/"}, page="/")
    assert client.get("/api/v1/search?scope=everything").get_json()["error"] == {
        "code": "validation_failed", "message": "Invalid parameter.",
        "fields": {"scope": "Use public, vendor or review."},
    }
    # An API view's own refusal, not a domain error, follows the session too.
    assert client.get("/api/v1/reports/contracts").get_json()["error"]["message"] == "Login required."
