"""SME pages people can read with assistive technology and on a phone: the profile card pairs labels
with values, the completeness hint, hints and errors tied to fields, one id per page, the readiness
questionnaire's progress."""

import re

from tests.conftest import form_post


def _ids(html: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', html)


def test_the_profile_card_pairs_each_label_with_its_value(client, logged_in, shop):
    _, _, user = shop
    html = logged_in(user).get("/sme/").get_data(as_text=True)
    card = html[html.index('class="facts profile-facts"'):]
    card = card[:card.index("</dl>")]
    pairs = re.findall(r"<div><dt>([^<]+)</dt>", card)
    assert pairs[:3] == ["Ngành nghề chính", "Quy mô", "Địa bàn"] and "Ngân sách mỗi tháng" in pairs
    assert "<dt>" not in re.sub(r"<div><dt>", "", card)  # no label outside its pair


def test_the_completeness_hint_names_what_is_missing_on_dashboard_and_profile(client, logged_in, session,
                                                                             shop):
    _, sme, user = shop
    sme.needs, sme.monthly_budget_vnd = [], None
    session.commit()
    logged_in(user)
    for page in ("/sme/", "/sme/profile"):
        html = client.get(page).get_data(as_text=True)
        assert "Hoàn thiện hồ sơ để nhận gợi ý sát hơn" in html
        assert "Đã có 3/5 thông tin giúp ghép nối." in html
        assert "#needs" in html and "#monthly_budget_vnd" in html


def test_profile_hints_and_errors_are_tied_to_their_fields_and_ids_are_unique(client, logged_in, shop):
    _, _, user = shop
    logged_in(user)
    html = client.get("/sme/profile").get_data(as_text=True)
    assert re.search(r'<input[^>]*aria-describedby="current_tools-hint"[^>]*id="current_tools"', html)
    assert 'id="current_tools-hint"' in html
    ids = _ids(html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert 'id="csrf_token"' not in html
    answer = form_post(client, "/sme/profile", {"name": "Cửa hàng Thu Hà", "sector": "trade",
                                                 "contact_email": "khong-phai-email"}, page="/sme/profile")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert re.search(r'aria-describedby="contact_email-error"[^>]*aria-invalid="true"', html)
    assert 'id="contact_email-error"' in html


def test_the_questionnaire_shows_pillar_k_of_n_and_questions_answered(client, logged_in, shop):
    _, _, user = shop
    html = logged_in(user).get("/sme/readiness").get_data(as_text=True)
    pillars = re.findall(r"Trụ cột (\d+)/(\d+):", html)
    assert pillars and pillars[0] == ("1", pillars[0][1]) and len(pillars) == int(pillars[0][1])
    total = len(re.findall(r'<fieldset class="field field-group question', html))
    assert f"Đã trả lời 0/{total} câu hỏi" in html
    assert 'src="/static/js/readiness.js"' in html
