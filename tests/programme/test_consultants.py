"""The consultant network through its pages: registration, vetting (audited), the directory, an SME's
request with ranked suggestions, the consultant's sessions, assessments and proposals, and the SME's
history and roadmap; a consultant sees only the SMEs that asked them."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from accounts.models import User
from assessments.models import Assessment
from consultants.models import Consultant, ConsultantRequest, Proposal, Support
from core.audit import AuditEntry
from tests.contracts.test_pages import Browser
from tests.factories import Factory

REGISTRATION = {
    "name": "Nguyễn Thị Lan",
    "kind": "person",
    "organisation": "Viện Tư vấn Số",
    "specialties": ["e_invoice", "sales_pos"],
    "sectors": ["tourism"],
    "provinces": ["Huế"],
    "experience": "5 năm tư vấn cho 40 doanh nghiệp du lịch.",
    "documents": "Chứng chỉ chuyên gia CĐS 2024",
    "references": "Ông Trần An, Hiệp hội Du lịch Huế, 0905 111 222",
    "phone": "0905 123 456",
    "full_name": "Nguyễn Thị Lan",
    "email": "lan@tuvan.vn",
    "password": Factory.PASSWORD,
    "confirm": Factory.PASSWORD,
}


def _register(browser, **over):
    return browser.post("/register/consultant", {**REGISTRATION, **over}, page="/register/consultant")


def _certify(browser, consultant_id: str, **over):
    data = {
        "documents": "y",
        "experience": "y",
        "references": "y",
        "certified_on": "2026-03-01",
        "note": "Đủ hồ sơ",
        **over,
    }
    return browser.post(f"/officer/consultants/{consultant_id}/certify", data, page="/officer/consultants/")


@pytest.fixture
def network(app, session, factory):
    """A registered consultant (not yet certified), an officer, an SME in Huế (tourism, needs POS)."""
    assert _register(Browser(app)).status_code == 302
    session.expire_all()
    consultant = session.scalar(select(Consultant).where(Consultant.email == "lan@tuvan.vn"))
    officer = factory.user("officer")
    sme = factory.sme(province="Huế", sector="tourism", needs=["sales_pos"])
    sme_user = factory.user("sme", sme_id=sme.id)
    session.commit()
    return consultant, officer, sme, sme_user


def test_registration_refuses_bad_input_naming_the_field(app, session):
    response = _register(Browser(app), specialties=[], experience="", email="khong-phai-email")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Trường này là bắt buộc." in page
    assert session.scalar(select(Consultant.id)) is None


def test_officer_certifies_only_when_every_criterion_is_met_and_it_is_audited(app, session, network):
    consultant, officer, *_ = network
    client = Browser(app, officer)
    assert client.get("/officer/consultants/").status_code == 200
    refused = _certify(client, consultant.id, references="")
    assert refused.status_code == 302
    session.expire_all()
    assert session.get(Consultant, consultant.id).certified_on is None
    assert "Người giới thiệu" not in client.get("/consultants/").get_data(as_text=True)
    _certify(client, consultant.id)
    session.expire_all()
    assert session.get(Consultant, consultant.id).certified_on == date(2026, 3, 1)
    client.post(
        f"/officer/consultants/{consultant.id}/status/suspended",
        {"reason": "Khiếu nại"},
        page="/officer/consultants/",
    )
    client.post(
        f"/officer/consultants/{consultant.id}/status/withdrawn", {"reason": ""}, page="/officer/consultants/"
    )  # no reason: refused
    session.expire_all()
    stored = session.get(Consultant, consultant.id)
    assert (stored.status, stored.status_reason) == ("suspended", "Khiếu nại")
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == consultant.id).order_by(AuditEntry.id)
    ).all()
    assert actions == ["consultant.registered", "consultant.certified", "consultant.suspended"]


def test_directory_filters(app, session, network, factory):
    consultant, officer, *_ = network
    client = Browser(app, officer)
    _certify(client, consultant.id)
    public = Browser(app)
    assert "Nguyễn Thị Lan" in public.get("/consultants/?specialty=sales_pos&province=Huế").get_data(
        as_text=True
    )
    assert "Nguyễn Thị Lan" in public.get("/consultants/?q=nguyen+lan").get_data(as_text=True)
    assert "Nguyễn Thị Lan" not in public.get("/consultants/?province=Hà+Nội").get_data(as_text=True)
    assert "Nguyễn Thị Lan" not in public.get("/consultants/?specialty=ai").get_data(as_text=True)
    assert public.get(f"/consultants/{consultant.id}").status_code == 200


def test_the_whole_consultation(app, session, network, factory):
    consultant, officer, sme, sme_user = network
    officer_client = Browser(app, officer)
    _certify(officer_client, consultant.id)
    listing = factory.listing("published", categories=["sales_pos"])
    stranger = factory.sme(province="Huế")
    session.commit()

    sme_client = Browser(app, sme_user)
    page = sme_client.get("/sme/consultants").get_data(as_text=True)
    assert "Nguyễn Thị Lan" in page and "Tư vấn đúng nhu cầu: Quản lý bán hàng (POS)" in page
    assert "Am hiểu ngành của doanh nghiệp" in page
    sme_client.post(
        f"/sme/consultants/{consultant.id}/ask", {"message": "Cần máy POS cho quán"}, page="/sme/consultants"
    )
    request_id = session.scalar(select(ConsultantRequest.id))

    c_client = Browser(app, session.get(User, consultant.user_id))
    assert c_client.get(f"/consultant/smes/{sme.id}").status_code == 404  # not accepted yet
    accepted = c_client.post(f"/consultant/requests/{request_id}/accept", {}, page="/consultant/")
    assert accepted.headers["Location"].endswith(f"/consultant/smes/{sme.id}")
    assert c_client.get(f"/consultant/smes/{stranger.id}").status_code == 404  # never asked
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    bad = c_client.post(
        f"/consultant/smes/{sme.id}/supports",
        {"kind": "consulting", "on": "2026-02-30", "hours": "2,5"},
        page=f"/consultant/smes/{sme.id}",
    )
    assert bad.status_code == 422 and session.scalar(select(Support.id)) is None
    c_client.post(
        f"/consultant/smes/{sme.id}/supports",
        {"kind": "consulting", "on": yesterday, "hours": "2,5", "note": "Lộ trình"},
        page=f"/consultant/smes/{sme.id}",
    )
    c_client.post(
        f"/consultant/smes/{sme.id}/assessments",
        {"level": "1", "assessed_on": "2026-01-10", "framework": "dbi-2158-2023"},
        page=f"/consultant/smes/{sme.id}",
    )
    c_client.post(
        f"/consultant/smes/{sme.id}/assessments",
        {"level": "3", "assessed_on": yesterday, "framework": "dbi-2158-2023"},
        page=f"/consultant/smes/{sme.id}",
    )
    seven = c_client.post(
        f"/consultant/smes/{sme.id}/assessments",
        {"level": "7", "assessed_on": yesterday, "framework": "dbi"},
        page=f"/consultant/smes/{sme.id}",
    )
    assert seven.status_code == 422
    c_client.post(
        f"/consultant/smes/{sme.id}/proposals",
        {"listing_id": listing.id, "reason": "Hợp quán"},
        page=f"/consultant/smes/{sme.id}",
    )
    session.expire_all()
    support = session.scalar(select(Support))
    assert (support.kind, support.hours, support.consultant_id) == ("consulting", 2.5, consultant.id)
    assert [a.level for a in session.scalars(select(Assessment).order_by(Assessment.assessed_on))] == [1, 3]
    assert session.scalar(select(Proposal.listing_id)) == listing.id

    history = sme_client.get("/sme/assessments").get_data(as_text=True)
    assert "<svg" in history and "<polyline" in history
    assert "tăng 2 mức" in history and "Nâng cao" in history
    assert "Sản phẩm chuyên gia đề xuất" in history
    assert "Lộ trình cho nhóm Nâng cao" in history and "Hóa đơn điện tử" in history
    workspace = c_client.get("/consultant/").get_data(as_text=True)
    assert "1 doanh nghiệp đã hỗ trợ · 2 lần đánh giá · 1 doanh nghiệp tăng mức sẵn sàng" in workspace


def test_roadmap_ticks_off_a_signed_category(app, session, factory):
    from datetime import UTC, datetime

    from contracts import services
    from contracts.models import Contract

    sme = factory.sme(province="Huế", sector="tourism")
    user = factory.user("sme", sme_id=sme.id)
    listing = factory.listing("published", categories=["e_invoice"])
    session.add(
        Assessment(id="as-1", sme_id=sme.id, framework="dbi", level=1, assessed_on=date(2026, 1, 2), extra={})
    )
    now = datetime(2026, 2, 1, 3, tzinfo=UTC)
    contract = Contract(
        id="c-1",
        sme_id=sme.id,
        product_id=listing.id,
        vendor_id=listing.vendor_id,
        status="signed",
        source="import",
        pricing={"type": "subscription"},
        pricing_type="subscription",
        sme_signed_at=now,
        vendor_signed_at=now,
        extra={},
    )
    session.add(contract)
    session.flush()
    services.count(session, contract, None)
    session.commit()
    client = Browser(app, user)
    page = client.get("/sme/assessments").get_data(as_text=True)
    assert '<li class="done">' in page and "đã có hợp đồng" in page
    session.add_all(
        [
            Assessment(
                id="as-2", sme_id=sme.id, framework="dbi", level=2, assessed_on=date(2026, 3, 1), extra={}
            ),
            Assessment(
                id="as-3", sme_id=sme.id, framework="dbi", level=1, assessed_on=date(2026, 4, 1), extra={}
            ),
        ]
    )
    session.commit()
    latest_two = client.get("/sme/assessments").get_data(as_text=True)
    assert "giảm 1 mức" in latest_two and 'id="compare-a"' in latest_two  # three or more: pick any two
    chosen = client.get("/sme/assessments?a=as-1&b=as-2").get_data(as_text=True)
    assert "tăng 1 mức" in chosen and "sau 58 ngày" in chosen
    assert "Bước tiếp theo: <strong>Kế toán điện tử</strong>" in page
