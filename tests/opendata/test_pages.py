"""The officers' open-data pages over HTTP: a key made by the form works once shown and stops when
revoked; a bad form names its field and makes nothing; a delivery is replayed and audited."""

from __future__ import annotations

import re

from sqlalchemy import select

from core.audit import AuditEntry
from opendata.models import PartnerKey, SyncDelivery
from tests.conftest import csrf_token, login


def officer_client(client, factory):
    login(client, factory.user("officer"))
    return client, csrf_token(client, "/officer/open-data/keys")


def test_an_officer_makes_a_key_sees_it_once_and_revokes_it(client, factory, session):
    client, token = officer_client(client, factory)
    answer = client.post("/officer/open-data/keys", data={
        "csrf_token": token, "name": "Cổng thông tin DNNVV quốc gia", "scopes": ["catalog", "indicators"],
        "per_minute": "1.200"})
    assert answer.status_code == 200
    text = re.search(r'id="new-key-text">([^<]+)<', answer.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/open/products", headers={"X-API-Key": text}).status_code == 200
    page = client.get("/officer/open-data/keys").get_data(as_text=True)
    assert text not in page and "Cổng thông tin DNNVV quốc gia" in page and "1.200 lượt/phút" in page
    key = session.scalars(select(PartnerKey)).one()
    assert key.scopes == ["catalog", "indicators"] and key.per_minute == 1200
    calls = client.get(f"/officer/open-data/keys/{key.id}").get_data(as_text=True)
    assert "GET /api/v1/open/products" in calls
    revoked = client.post(f"/officer/open-data/keys/{key.id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 302
    assert client.get("/api/v1/open/products", headers={"X-API-Key": text}).status_code == 401
    again = client.post(f"/officer/open-data/keys/{key.id}/revoke", data={"csrf_token": token},
                        follow_redirects=True)
    assert "đã bị thu hồi" in again.get_data(as_text=True)
    assert client.post("/officer/open-data/keys/999999/revoke", data={"csrf_token": token}).status_code == 404
    actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "partner_key")).all()
    assert sorted(actions) == ["partner_key.created", "partner_key.revoked"]


def test_a_bad_key_form_names_its_fields_and_makes_nothing(client, factory, session):
    client, token = officer_client(client, factory)
    answer = client.post("/officer/open-data/keys", data={"csrf_token": token, "name": "", "per_minute": "0"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    for message in ("Cần nhập tên hệ thống đối tác.", "Chọn ít nhất một phạm vi.",
                    "Hạn mức phải từ 1 đến 100.000 lượt mỗi phút."):
        assert message in page
    assert 'aria-invalid="true"' in page
    huge = client.post("/officer/open-data/keys", data={"csrf_token": token, "name": "X", "scopes": "catalog",
                                                        "per_minute": "9" * 40})
    assert huge.status_code == 422
    assert session.scalar(select(PartnerKey.id)) is None


def test_an_officer_reads_the_delivery_log_and_replays_a_failed_push(client, factory, session):
    delivery = SyncDelivery(kind="indicators", subject="2026-03", idempotency_key="indicators-2026-03",
                            payload={}, status="failed", attempts=16, last_error="HTTP 503")
    session.add(delivery)
    session.commit()
    client, token = officer_client(client, factory)
    page = client.get("/officer/open-data/deliveries").get_data(as_text=True)
    assert "Chỉ tiêu tháng 03/2026" in page and "HTTP 503" in page and "đã dừng thử lại" in page
    answer = client.post(f"/officer/open-data/deliveries/{delivery.id}/replay", data={"csrf_token": token},
                         follow_redirects=True)
    assert "sẽ được gửi lại" in answer.get_data(as_text=True)
    session.refresh(delivery)
    assert (delivery.status, delivery.attempts) == ("pending", 0)
    refused = client.post(f"/officer/open-data/deliveries/{delivery.id}/replay", data={"csrf_token": token},
                          follow_redirects=True)
    assert "đang chờ gửi" in refused.get_data(as_text=True)
    audited = select(AuditEntry.action).where(AuditEntry.entity_type == "sync_delivery")
    assert session.scalars(audited).all() == ["sync.replayed"]
