"""SME pages: suggestions with reasons on the dashboard, the profile form, the readiness questionnaire,
and the vendor's page of SMEs that agreed to be contacted."""

from __future__ import annotations

import html
import json
import re

from assessments.services import history
from core.extensions import db
from privacy.consent import active_consent, set_contact_consent
from smes.models import Sme
from smes.readiness import current_framework
from tests.conftest import form_post, login
from tests.factories import Factory
from tests.smes.conftest import catalog

VIETNAMESE = re.compile(r"[À-ỹĐđ]")
REASONS = re.compile(r'<ul class="reasons">(.*?)</ul>', re.S)
ITEM = re.compile("<li>(.*?)</li>")


def test_dashboard_suggests_products_with_reasons_and_links(client, logged_in, shop):
    _, sme, user = shop
    page = logged_in(user).get("/sme/").get_data(as_text=True)
    assert "Gợi ý cho bạn" in page
    suggestions = page[page.index("Gợi ý cho bạn") :]
    assert suggestions.index("POS Bán lẻ An") < suggestions.index("Hóa đơn điện tử An")
    assert 'href="/products/p-pos"' in suggestions
    assert "Quản lý bán hàng (POS) (từ mô tả vấn đề: “phan mem ban hang”)" in suggestions
    assert "Bản nháp" not in page  # only published listings
    # The derived size and why.
    assert "Siêu nhỏ" in page and "Nghị định 80/2021/NĐ-CP" in page


def test_profile_saves_every_field_and_the_consent(client, logged_in, session, shop):
    _, sme, user = shop
    logged_in(user)
    data = {
        "name": "Công ty TNHH Thu Hà",
        "tax_code": "0312345678",
        "sector": "trade",
        "size": "",
        "employees": "12",
        "annual_revenue_vnd": "12.000.000.000",
        "province": "Thanh Hóa",
        "ward": "Phường Hạc Thành",
        "needs": ["sales_pos", "e_invoice"],
        "problem": "Cần xuất hóa đơn điện tử",
        "monthly_budget_vnd": "1.500.000",
        "preferred_pricing_models": ["use_first_pay_later"],
        "current_tools": "excel, zalo, excel",
        "contact_person": "Lê Thu Hà",
        "contact_phone": "0901234567",
        "contact_email": "ha@example.vn",
    }
    response = form_post(client, "/sme/profile", data, page="/sme/profile")
    assert response.status_code == 302
    session.expire_all()
    saved = session.get(Sme, sme.id)
    assert (saved.name, saved.tax_code, saved.size, saved.employees) == (
        "Công ty TNHH Thu Hà",
        "0312345678",
        None,
        12,
    )
    assert saved.annual_revenue_vnd == 12_000_000_000 and saved.monthly_budget_vnd == 1_500_000
    assert saved.needs == ["sales_pos", "e_invoice"] and saved.preferred_pricing_models == [
        "use_first_pay_later"
    ]
    assert saved.current_tools == ["excel", "zalo"]
    assert saved.contact_consent is False  # saving the profile is not consenting
    # The profile page's consent card: consent given on its own, and back to the profile.
    response = form_post(client, "/privacy/consents/contact_by_vendors",
                         {"agreed": "1", "next": "/sme/profile"}, page="/sme/profile")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sme/profile")
    session.expire_all()
    assert session.get(Sme, sme.id).contact_consent is True
    assert active_consent(session, user, "contact_by_vendors") is not None
    page = client.get("/sme/profile").get_data(as_text=True)
    assert "Đang đồng ý" in page
    assert "thương mại và dịch vụ" in page and "12 lao động (không quá 50)" in page  # small, and why


def test_profile_errors_redisplay_and_change_nothing(client, logged_in, session, shop):
    _, sme, user = shop
    logged_in(user)
    response = form_post(
        client,
        "/sme/profile",
        {
            "name": "",
            "tax_code": "12345",
            "sector": "trade",
            "monthly_budget_vnd": "nhiều",
            "contact_email": "không-phải-email",
        },
        page="/sme/profile",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Trường này là bắt buộc." in page and "Mã số thuế gồm 10 chữ số" in page
    assert "Nhập một số nguyên không âm" in page and "Email không hợp lệ." in page
    session.expire_all()
    assert session.get(Sme, sme.id).name == "Cửa hàng Thu Hà"


def test_amounts_too_large_for_the_database_redisplay_the_profile_naming_the_field(
    client, logged_in, session, shop
):
    _, sme, user = shop
    logged_in(user)
    data = {"name": "Cửa hàng Thu Hà", "sector": "trade", "employees": "10000001"}
    data["monthly_budget_vnd"] = "999.999.999.999.999.999.999.999"
    response = form_post(client, "/sme/profile", data, page="/sme/profile")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Ngân sách mỗi tháng (₫): tối đa 1.000.000.000.000.000." in page
    assert "Số lao động tham gia BHXH (bình quân năm): tối đa 1.000.000." in page
    session.expire_all()
    assert session.get(Sme, sme.id).monthly_budget_vnd == 500_000


GARBAGE_PROFILE = {"name": "Cửa hàng Thu Hà", "sector": "zzz", "employees": "abc", "needs": ["zzz"]}


def test_wtforms_own_messages_are_vietnamese_on_vietnamese_pages(client, logged_in, shop):
    _, sme, user = shop
    logged_in(user)
    response = form_post(client, "/sme/profile", GARBAGE_PROFILE, page="/sme/profile")
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    for message in ("Lựa chọn không hợp lệ.", "Phải là một số nguyên.", "'zzz' không phải là lựa chọn"):
        assert message in page, message
    assert "Not a valid" not in page and "valid choice" not in page
    questions = [q for p in current_framework().pillars for q in p.questions]
    answers = {q.code: "0" for q in questions} | {questions[0].code: "99"}
    response = form_post(client, "/sme/readiness", answers, page="/sme/readiness")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in page and "Not a valid choice." not in page


def test_wtforms_own_messages_are_english_on_english_pages(make_app):
    client = _sme_user(make_app())
    form_post(client, "/lang/en", {"next": "/sme/profile"}, page="/sme/profile")
    response = form_post(client, "/sme/profile", GARBAGE_PROFILE, page="/sme/profile")
    assert response.status_code == 422
    page = html.unescape(response.get_data(as_text=True))
    for message in ("Not a valid choice.", "Not a valid integer value.", "'zzz' is not a valid choice"):
        assert message in page, message
    assert "Lựa chọn không hợp lệ." not in page


def test_readiness_questionnaire_sets_the_level_with_its_framework(client, logged_in, session, shop):
    _, sme, user = shop
    logged_in(user)
    framework = current_framework()
    page = client.get("/sme/readiness").get_data(as_text=True)
    for pillar in (
        "Trải nghiệm khách hàng",
        "Chiến lược",
        "Hạ tầng và công nghệ số",
        "Vận hành",
        "Tổ chức và văn hóa doanh nghiệp",
        "Dữ liệu và tài sản thông tin",
    ):
        assert pillar in page
    answers = {
        q.code: str(len(q.options) - 1 if p.code == "operations" else 1)
        for p in framework.pillars
        for q in p.questions
    }
    response = form_post(client, "/sme/readiness", answers, page="/sme/readiness")
    assert response.status_code == 302 and response.headers["Location"].endswith("/sme/readiness/result")
    session.expire_all()
    saved = session.get(Sme, sme.id)
    assert saved.readiness_framework == "dbi-sme/2026.1"
    assert saved.readiness_level == 2
    pillars = {p["code"]: p for p in saved.readiness_breakdown["pillars"]}
    assert pillars["operations"]["score"] == 5
    assert (pillars["strategy"]["score"], pillars["strategy"]["level"]) == (1.67, 2)
    result = client.get("/sme/readiness/result").get_data(as_text=True)
    assert "Mức 2 — Bắt đầu" in result and "Vận hành" in result
    # Kept as an assessment of the SME alone: its history, tier and the programme's report count it.
    (kept,) = history(session, sme.id)
    assert (kept.level, kept.framework, kept.consultant_id) == (2, "dbi-sme/2026.1", None)
    assert "Doanh nghiệp tự đánh giá" in client.get("/sme/assessments").get_data(as_text=True)


def test_incomplete_questionnaire_is_refused(client, logged_in, session, shop):
    _, sme, user = shop
    logged_in(user)
    response = form_post(client, "/sme/readiness", {"cx_channels": "1"}, page="/sme/readiness")
    assert response.status_code == 422
    assert "Vui lòng chọn một câu trả lời." in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Sme, sme.id).readiness_level == 1


def test_vendor_sees_only_consenting_smes_that_match_its_products(client, logged_in, factory, session, shop):
    listings, sme, _ = shop
    quiet = factory.sme(id="s-quiet", name="Cửa hàng Kín Tiếng", sector="trade", needs=["sales_pos"])
    open_user = factory.user("sme", sme_id=sme.id)
    set_contact_consent(session, open_user, True, source="test")
    sme.contact_person, sme.contact_phone = "Lê Thu Hà", "0901234567"
    member = factory.user("vendor", vendor_id="v-an")
    other = factory.user("vendor", vendor_id="v-binh")
    session.commit()
    assert quiet.contact_consent is False
    page = logged_in(member).get("/vendor/leads/").get_data(as_text=True)
    pos = page[page.index("POS Bán lẻ An") :]
    assert "Cửa hàng Thu Hà" in pos and "0901234567" in pos
    assert "Cửa hàng Kín Tiếng" not in page
    assert re.search(r"Gợi ý thứ 1 cho doanh nghiệp này", pos)
    client.post("/logout", data={})
    page = logged_in(other).get("/vendor/leads/").get_data(as_text=True)
    assert "POS Bán lẻ An" not in page and "Chấm công Bình" in page


def _reasons(page: str) -> list[str]:
    """The reasons listed on a page, as text."""
    return [html.unescape(item) for block in REASONS.findall(page) for item in ITEM.findall(block)]


def test_users_who_switched_to_english_read_reasons_and_size_in_english(make_app):
    # A fresh app with no context pushed, so that each request picks its own language (see test_i18n).
    app = make_app()
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        catalog(factory)
        sme = factory.sme(id="s-shop", name="Cửa hàng Thu Hà", sector="trade", employees=3,
                          annual_revenue_vnd=1_500_000_000, readiness_level=1, monthly_budget_vnd=500_000,
                          needs=["e_invoice"], problem="muon phan mem ban hang",
                          contact_phone="0901234567")
        owner = factory.user("sme", sme_id=sme.id)
        set_contact_consent(db.session, owner, True, source="test")
        member = factory.user("vendor", vendor_id="v-an")
        db.session.commit()

    for user, page_url in ((owner, "/sme/"), (member, "/vendor/leads/")):
        client = app.test_client()
        login(client, user)
        vietnamese = _reasons(client.get(page_url).get_data(as_text=True))
        assert "Đáp ứng nhu cầu: Hóa đơn điện tử (nhu cầu doanh nghiệp đã nêu)." in vietnamese
        form_post(client, "/lang/en", {"next": page_url}, page=page_url)
        page = client.get(page_url).get_data(as_text=True)
        english = _reasons(page)
        assert len(english) == len(vietnamese) >= 6
        assert "Meets the needs: E-invoices (a need the business stated)." in english
        assert "Sales management (POS) (from the problem description: “phan mem ban hang”)" in page
        assert not [r for r in english if VIETNAMESE.search(r.replace("Hà Nội", ""))], english
        if user is owner:
            assert "Under Decree 80/2021/ND-CP, the sector (Trade, retail) is in the group “trade and " \
                   "services”: a workforce of 3 (at most 10)" in page
            assert "Nghị định 80/2021" not in page
            profile = client.get("/sme/profile").get_data(as_text=True)
            assert "annual revenue of VND 1.5 billion (at most VND 10 billion), so it is a micro" in profile


FORM = re.compile(r"<form method=\"post\" novalidate[^>]*>(.*?)</form>", re.S)


def _sme_user(app):
    """A logged-out client and an SME user on a fresh app (each request picks its own language)."""
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        sme = factory.sme(id="s-shop", name="Cửa hàng Thu Hà", sector="trade")
        user = factory.user("sme", sme_id=sme.id)
        db.session.commit()
    client = app.test_client()
    login(client, user)
    return client


def _questionnaire(client) -> str:
    """The questionnaire form of the readiness page, as text."""
    return html.unescape(FORM.search(client.get("/sme/readiness").get_data(as_text=True)).group(1))


def test_an_sme_who_switched_to_english_answers_the_questionnaire_in_english(make_app):
    app = make_app()
    client = _sme_user(app)
    framework = current_framework()
    questions = [q for p in framework.pillars for q in p.questions]
    vietnamese = _questionnaire(client)  # the default
    assert "Trải nghiệm khách hàng" in vietnamese and questions[0].text in vietnamese
    assert "Customer experience" not in vietnamese and questions[0].text_en not in vietnamese

    form_post(client, "/lang/en", {"next": "/sme/readiness"}, page="/sme/readiness")
    page = html.unescape(client.get("/sme/readiness").get_data(as_text=True))
    assert framework.name_en in page and framework.basis_en in page
    english = _questionnaire(client)
    for pillar in framework.pillars:
        assert pillar.name_en in english
    for question in questions:
        assert question.text_en in english
        assert all(f"> {option.label_en}</label>" in english for option in question.options)
    assert not VIETNAMESE.search(english), VIETNAMESE.findall(english)

    answers = {q.code: str(len(q.options) - 1 if q.code.startswith("op_") else 1) for q in questions}
    response = form_post(client, "/sme/readiness", answers, page="/sme/readiness")
    assert response.status_code == 302
    result = html.unescape(client.get("/sme/readiness/result").get_data(as_text=True))
    assert "Level 2 — Beginning" in result
    for pillar in ("Customer experience", "Strategy", "Digital infrastructure and technology", "Operations",
                   "Organisation and business culture", "Data and information assets"):
        assert f"<td>{pillar}</td>" in result
    assert "Vận hành" not in result and "Chiến lược" not in result
    with app.app_context():
        stored = db.session.get(Sme, "s-shop").readiness_breakdown
        # Scores as in Vietnamese (see the test above); the stored wording stays Vietnamese.
        assert (stored["level"], stored["pillars"][1]["score"]) == (2, 1.67)
        assert stored["pillars"][3]["name"] == "Vận hành"


def test_an_office_framework_without_english_shows_its_vietnamese_on_english_pages(make_app, tmp_path):
    office = {
        "id": "dbi-sme",
        "version": "2027.1",
        "name": "Bộ câu hỏi của Sở",
        "levels": [{"level": 0, "from": 0}, {"level": 3, "from": 1}],
        "pillars": [
            {"code": "strategy", "name": "Chiến lược", "name_en": "Strategy (office)",
             "questions": [{"code": "q1", "text": "Doanh nghiệp có kế hoạch chưa?",
                            "options": [{"score": 0, "label": "Chưa có"}, {"score": 2, "label": "Đã có"}]}]},
            {"code": "operations", "name": "Vận hành",
             "questions": [{"code": "q2", "text": "Có dùng phần mềm không?",
                            "options": [{"score": 0, "label": "Không"}, {"score": 2, "label": "Có"}]}]},
        ],
    }
    (tmp_path / "dbi-sme-2027.1.json").write_text(json.dumps(office, ensure_ascii=False), encoding="utf-8")
    app = make_app(READINESS_FRAMEWORKS_DIR=str(tmp_path))
    client = _sme_user(app)
    form_post(client, "/lang/en", {"next": "/sme/readiness"}, page="/sme/readiness")
    page = html.unescape(client.get("/sme/readiness").get_data(as_text=True))
    assert "Bộ câu hỏi của Sở — version 2027.1." in page  # the page's own words are English
    english = _questionnaire(client)
    assert "Strategy (office)" in english and "Vận hành" in english  # English where the file has it
    assert "Doanh nghiệp có kế hoạch chưa?" in english and "> Đã có</label>" in english
    response = form_post(client, "/sme/readiness", {"q1": "1", "q2": "0"}, page="/sme/readiness")
    assert response.status_code == 302
    result = html.unescape(client.get("/sme/readiness/result").get_data(as_text=True))
    assert "Questionnaire dbi-sme/2027.1" in result
    assert "<td>Strategy (office)</td>" in result and "<td>Vận hành</td>" in result

    # A result whose framework is no longer published keeps the names stored with it.
    with app.app_context():
        sme = db.session.get(Sme, "s-shop")
        sme.readiness_breakdown = {**sme.readiness_breakdown, "framework": "dbi-sme/2020.1"}
        db.session.commit()
    result = html.unescape(client.get("/sme/readiness/result").get_data(as_text=True))
    assert "<td>Chiến lược</td>" in result and "Strategy (office)" not in result


def test_money_fields_are_text_boxes_holding_the_grouped_amount(client, logged_in, session, shop):
    """Chromium shows an <input type=number> holding '1.500.000' empty: saving then erased the amount."""
    _, sme, user = shop
    sme.annual_revenue_vnd = 12_000_000_000
    session.commit()
    page = logged_in(user).get("/sme/profile").get_data(as_text=True)
    for name, shown in (("monthly_budget_vnd", "500.000"), ("annual_revenue_vnd", "12.000.000.000")):
        box = re.search(rf'<input[^>]*id="{name}"[^>]*>', page).group(0)
        assert 'type="text"' in box and 'inputmode="numeric"' in box and f'value="{shown}"' in box


def test_the_profile_takes_ascii_digits_only_for_the_tax_code(client, logged_in, session, shop):
    """Fullwidth or Arabic-Indic digits are digits to Python, and would end up in signed terms."""
    _, sme, user = shop
    logged_in(user)
    for tax_code in ("０３１２３４５６７８", "٠٣١٢٣٤٥٦٧٨", "0312345678\n0312345678", "0312345678-٠٠١"):
        response = form_post(client, "/sme/profile", {"name": "Công ty Thu Hà", "sector": "trade",
                                                      "tax_code": tax_code}, page="/sme/profile")
        assert response.status_code == 422, tax_code
        assert "Mã số thuế gồm 10 chữ số" in response.get_data(as_text=True)
    session.expire_all()
    assert session.get(Sme, sme.id).tax_code != "0312345678"
    response = form_post(client, "/sme/profile", {"name": "Công ty Thu Hà", "sector": "trade",
                                                  "tax_code": " 0312345678 "}, page="/sme/profile")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Sme, sme.id).tax_code == "0312345678"


def test_a_profile_form_without_the_tools_field_keeps_the_saved_tools(client, logged_in, session, shop):
    _, sme, user = shop
    session.get(Sme, sme.id).current_tools = ["excel", "zalo"]
    session.commit()
    logged_in(user)
    response = form_post(client, "/sme/profile", {"name": "Công ty Thu Hà", "sector": "trade"},
                         page="/sme/profile")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Sme, sme.id).current_tools == ["excel", "zalo"]
