"""Consent per purpose, data-subject requests and who sees an SME's contact data."""

import json

import pytest
import sqlalchemy as sa

from accounts.models import User
from core.extensions import db
from privacy.consent import set_contact_consent
from privacy.models import ConsentRecord, DataSubjectRequest
from privacy.visibility import user_may_see_contact, vendor_may_see_contact
from smes.models import Sme
from tests.conftest import form_post, login
from tests.factories import Factory


def _sme_user(factory, session):
    sme = factory.sme(contact_person="Trần Thị Lan", contact_phone="0912345678",
                      contact_email="lan@cafe-gio.vn")
    user = factory.user("sme", sme_id=sme.id, full_name="Trần Thị Lan")
    session.commit()
    return user, sme


def test_consent_is_given_and_withdrawn_with_one_click_each_and_the_profile_flag_follows(client, factory,
                                                                                       session):
    user, sme = _sme_user(factory, session)
    login(client, user)
    page = client.get("/privacy").get_data(as_text=True)
    assert "Tôi đồng ý" in page and "Chưa đồng ý" in page

    given = form_post(client, "/privacy/consents/contact_by_vendors", {"agreed": "1"}, page="/privacy")
    assert given.status_code == 302
    session.expire_all()
    record = session.scalars(sa.select(ConsentRecord)).one()
    assert (record.purpose, record.version, record.withdrawn_at) == ("contact_by_vendors", "2026-01", None)
    assert "liên hệ" in record.text and record.source == "privacy_page"
    assert session.get(Sme, sme.id).contact_consent is True
    assert "Rút lại đồng ý" in client.get("/privacy").get_data(as_text=True)

    withdrawn = form_post(client, "/privacy/consents/contact_by_vendors", {"agreed": "0"}, page="/privacy")
    assert withdrawn.status_code == 302
    session.expire_all()
    record = session.scalars(sa.select(ConsentRecord)).one()
    assert record.withdrawn_at is not None and record.withdrawn_at >= record.given_at
    assert session.get(Sme, sme.id).contact_consent is False


def test_giving_twice_keeps_one_record_and_the_schema_forbids_two_in_force(factory, session):
    user, _ = _sme_user(factory, session)
    first = set_contact_consent(session, user, True, source="test")
    assert set_contact_consent(session, user, True, source="test") is first
    session.commit()
    session.add(ConsentRecord(user_id=user.id, purpose="contact_by_vendors", version="x", text="x",
                              source="x"))
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()
    session.rollback()


def test_unknown_purpose_is_not_found(client, factory, session):
    user, _ = _sme_user(factory, session)
    login(client, user)
    response = form_post(client, "/privacy/consents/marketing", {"agreed": "1"}, page="/privacy")
    assert response.status_code == 404


def test_export_gives_the_persons_data_as_json_and_is_tracked_as_an_access_request(client, factory, session):
    user, sme = _sme_user(factory, session)
    set_contact_consent(session, user, True, source="test")
    session.commit()
    login(client, user)
    response = form_post(client, "/privacy/export", page="/privacy")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert data["sme_profile"]["contact_phone"] == "0912345678"
    assert data["consents"][0]["purpose"] == "contact_by_vendors"
    access = session.scalars(sa.select(DataSubjectRequest)).one()
    assert (access.kind, access.status) == ("access", "completed")


def test_correction_request_needs_details_and_changes_nothing_without(client, factory, session):
    user, _ = _sme_user(factory, session)
    login(client, user)
    response = form_post(client, "/privacy/requests", {"kind": "correct", "details": "  "}, page="/privacy")
    assert response.status_code == 302
    assert "Cần mô tả" in client.get("/privacy").get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(DataSubjectRequest.id))) == 0


def test_deletion_request_is_tracked_and_erases_personal_fields_but_keeps_ids(client, app, factory, session):
    user, sme = _sme_user(factory, session)
    email = user.email
    set_contact_consent(session, user, True, source="test")
    officer = factory.user("officer")
    session.commit()
    login(client, user)
    form_post(client, "/privacy/requests", {"kind": "delete", "details": "Ngừng sử dụng"}, page="/privacy")
    request = session.scalars(sa.select(DataSubjectRequest)).one()
    assert (request.due_on - request.received_at.date()).days in (20, 21)  # Vietnam day may be the next one

    officer_client = app.test_client()
    login(officer_client, officer)
    queue = officer_client.get("/officer/privacy-requests").get_data(as_text=True)
    assert f"#{request.id}" in queue and "hạn hoàn tất" in queue
    done = form_post(officer_client, f"/officer/privacy-requests/{request.id}/complete", {"outcome": ""},
                     page="/officer/privacy-requests")
    assert done.status_code == 302

    session.expire_all()
    erased_user, erased_sme = session.get(User, user.id), session.get(Sme, sme.id)
    assert erased_user.active is False and erased_user.full_name == "" and erased_user.email != email
    assert erased_sme.contact_person is erased_sme.contact_phone is erased_sme.contact_email is None
    assert erased_sme.contact_consent is False and erased_sme.name  # the company and its id stay
    assert session.get(DataSubjectRequest, request.id).status == "completed"
    relogin = form_post(app.test_client(), "/login", {"email": email, "password": "Mat-khau-2026!"})
    assert relogin.status_code == 200  # refused: the account no longer exists under that email


def test_officer_extends_once_with_a_reason_and_refuses_only_with_one(client, factory, session):
    from privacy.requests import submit_request

    user, _ = _sme_user(factory, session)
    officer = factory.user("officer")
    request = submit_request(session, user, "correct", "Sai số điện thoại")
    session.commit()
    login(client, officer)
    page = "/officer/privacy-requests"
    form_post(client, f"{page}/{request.id}/extend", {"days": "20", "outcome": "Cần xác minh"}, page=page)
    session.expire_all()
    assert session.get(DataSubjectRequest, request.id).extended_to is None
    form_post(client, f"{page}/{request.id}/extend", {"days": "10", "outcome": "Cần xác minh"}, page=page)
    session.expire_all()
    extended = session.get(DataSubjectRequest, request.id)
    assert (extended.extended_to - extended.due_on).days == 10
    form_post(client, f"{page}/{request.id}/extend", {"days": "5", "outcome": "Lần nữa"}, page=page)
    session.expire_all()
    assert (session.get(DataSubjectRequest, request.id).extended_to - extended.due_on).days == 10
    form_post(client, f"{page}/{request.id}/refuse", {"outcome": ""}, page=page)
    session.expire_all()
    assert session.get(DataSubjectRequest, request.id).status == "received"
    form_post(client, f"{page}/{request.id}/complete", {"outcome": "Đã sửa số điện thoại"}, page=page)
    session.expire_all()
    assert session.get(DataSubjectRequest, request.id).status == "completed"


def test_vendor_sees_contact_data_only_with_consent(factory, session):
    user, sme = _sme_user(factory, session)
    vendor_member = factory.user("vendor")
    officer = factory.user("officer")
    assert not vendor_may_see_contact(session, vendor_member.vendor_id, sme)
    assert not user_may_see_contact(session, vendor_member, sme)
    assert user_may_see_contact(session, officer, sme) and user_may_see_contact(session, user, sme)
    set_contact_consent(session, user, True, source="test")
    assert vendor_may_see_contact(session, vendor_member.vendor_id, sme)
    set_contact_consent(session, user, False, source="test")
    assert not vendor_may_see_contact(session, vendor_member.vendor_id, sme)
    assert not vendor_may_see_contact(session, None, sme)



def test_privacy_pages_show_purposes_and_request_labels_in_the_chosen_language(make_app):
    # A fresh app with no context pushed, so that each request picks its own language (see test_i18n).
    app = make_app()
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        user, officer = factory.user("sme"), factory.user("officer")
        db.session.commit()
    sme_client, officer_client = app.test_client(), app.test_client()
    login(sme_client, user)
    form_post(sme_client, "/privacy/requests", {"kind": "delete"}, page="/privacy")
    page = sme_client.get("/privacy").get_data(as_text=True)
    assert "Nhà cung cấp được liên hệ với doanh nghiệp" in page and "Đang xử lý" in page

    login(officer_client, officer)
    for client, url in ((sme_client, "/privacy"), (officer_client, "/officer/privacy-requests")):
        form_post(client, "/lang/en", {"next": url}, page=url)
        page = client.get(url).get_data(as_text=True)
        assert "Delete the data" in page and "In progress" in page
        assert "Xóa dữ liệu" not in page and "Đang xử lý" not in page
    page = sme_client.get("/privacy").get_data(as_text=True)
    assert "<h2>Vendors may contact the business</h2>" in page and "Correct the data" in page
    assert "I agree that vendors whose products suit the business may see its contact details" in page
    assert "Nhà cung cấp được liên hệ" not in page and "Tôi đồng ý để" not in page
    # Consent given on the English page keeps the English text the person read.
    form_post(sme_client, "/privacy/consents/contact_by_vendors", {"agreed": "1"}, page="/privacy")
    with app.app_context():
        record = db.session.scalars(sa.select(ConsentRecord).where(ConsentRecord.user_id == user.id)).one()
        assert record.text.startswith("I agree that vendors") and record.withdrawn_at is None


def test_officers_hear_of_each_request_and_of_open_ones_nearing_their_due_date(factory, session):
    from datetime import timedelta

    from privacy import notices
    from privacy.requests import submit_request

    officer, user = factory.user("officer"), factory.user("sme")
    request = submit_request(session, user, "delete", "Xóa hồ sơ của tôi")
    [received] = session.scalars(select_notifications("privacy.request_received"))
    assert received.user_id == officer.id and received.context["number"] == request.id
    assert received.context["due"] == request.due_on.strftime("%d/%m/%Y")
    answered = submit_request(session, user, "access")
    answered.status, answered.closed_at = "completed", answered.received_at  # answered: no reminder
    session.flush()
    for days_before in range(6, -3, -1):  # the daily run, before and after the due date
        notices.remind_due(session, request.due_on - timedelta(days=days_before))
    reminders = list(session.scalars(select_notifications("privacy.request_due")))
    assert len(reminders) == 2 and {n.context["number"] for n in reminders} == {request.id}
    request.extended_to = request.due_on + timedelta(days=15)  # the one extension moves the reminders
    session.flush()
    assert notices.remind_due(session, request.due_on - timedelta(days=3)) == 0
    assert notices.remind_due(session, request.extended_to) == 1


def select_notifications(event: str):
    from notifications.models import Notification

    return sa.select(Notification).where(Notification.event == event).order_by(Notification.id)
