"""Partner keys: created by officers, hashed at rest, scoped, revocable, rate-limited, every call logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.audit import AuditEntry
from core.domain import ValidationFailed
from core.extensions import db
from opendata import keys
from opendata.models import PartnerCall, PartnerKey
from tests.factories import Factory

API = "/api/v1/open"


def test_a_key_is_kept_only_as_its_hash(session, factory):
    officer = factory.user("officer")
    key, text = keys.create(session, officer, "Cổng quốc gia", ["catalog"], 60)
    assert text.startswith(key.prefix + ".") and len(text) > 40
    stored = session.execute(select(PartnerKey.__table__)).one()._mapping
    assert text not in {str(v) for v in stored.values()} and key.key_hash != text
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "partner_key.created")).one()
    assert text not in str(audit.data) and audit.actor_id == officer.id
    assert keys.authenticate(session, text) is key
    assert keys.authenticate(session, text[:-1] + ("A" if text[-1] != "A" else "B")) is None
    assert keys.authenticate(session, "mk_nothing.x") is None
    assert keys.authenticate(session, "garbage") is None


@pytest.mark.parametrize(("name", "scopes", "per_minute", "fields"), [
    ("", ["catalog"], 60, {"name"}), ("x" * 201, ["catalog"], 60, {"name"}),
    ("Cổng", [], 60, {"scopes"}), ("Cổng", ["everything"], 60, {"scopes"}),
    ("Cổng", ["catalog"], 0, {"per_minute"}), ("Cổng", ["catalog"], None, {"per_minute"}),
    ("", [], 10**12, {"name", "scopes", "per_minute"}),
])
def test_a_bad_key_request_names_its_fields_and_creates_nothing(session, factory, name, scopes, per_minute,
                                                                fields):
    with pytest.raises(ValidationFailed) as caught:
        keys.create(session, factory.user("officer"), name, scopes, per_minute)
    assert set(caught.value.fields) == fields
    assert session.scalar(select(PartnerKey.id)) is None


def _limited_app(make_app, **config):
    """An app whose rate limits count (the suite's default app switches them off)."""
    app = make_app(RATELIMIT_ENABLED=True, **config)
    with app.app_context():
        factory = Factory(db.session, app.extensions["passwords"])
        officer = factory.user("officer")
        factory.listing("published")
        made = {scope: keys.create(db.session, officer, f"Đối tác {scope}", [scope], 3)[1]
                for scope in ("catalog", "indicators")}
        revoked, revoked_text = keys.create(db.session, officer, "Cũ", ["catalog"], 3)
        keys.revoke(db.session, officer, revoked.id)
        db.session.commit()
    return app, made, revoked_text


def test_keys_are_scoped_revocable_limited_and_every_call_is_logged(make_app):
    app, made, revoked = _limited_app(make_app)
    client = app.test_client()
    catalog_key = {"X-API-Key": made["catalog"]}
    assert [client.get(f"{API}/products", headers=catalog_key).status_code for _ in range(3)] == [200] * 3
    limited = client.get(f"{API}/products", headers=catalog_key)
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.json["error"]["code"] == "rate_limited"
    # Another key has its own count; the Authorization header works as well.
    other = client.get(f"{API}/indicators", headers={"Authorization": f"Bearer {made['indicators']}"})
    assert other.status_code == 200
    wrong_scope = client.get(f"{API}/products", headers={"X-API-Key": made["indicators"]})
    assert wrong_scope.status_code == 403 and wrong_scope.json["error"]["code"] == "scope"
    assert client.get(f"{API}/products", headers={"X-API-Key": revoked}).status_code == 401
    assert client.get(f"{API}/products", headers={"X-API-Key": "mk_12345678.forged"}).status_code == 401
    with app.app_context():
        calls = db.session.execute(select(PartnerKey.name, PartnerCall.path, PartnerCall.status)
                                   .join(PartnerKey, PartnerKey.id == PartnerCall.key_id)
                                   .order_by(PartnerCall.id)).all()
    assert [(name, status) for name, _path, status in calls] == [
        *[("Đối tác catalog", 200)] * 3, ("Đối tác catalog", 429),
        ("Đối tác indicators", 200), ("Đối tác indicators", 403)]
    assert calls[0][1] == "/api/v1/open/products"


def test_anonymous_readers_share_a_limit_per_address(make_app):
    app, _made, _revoked = _limited_app(make_app, OPEN_DATA_ANONYMOUS_PER_MINUTE=2)
    client = app.test_client()
    assert [client.get(f"{API}/vendors").status_code for _ in range(3)] == [200, 200, 429]
    other_address = client.get(f"{API}/vendors", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other_address.status_code == 200


def test_with_redis_every_worker_counts_against_the_same_limit(make_app, redis_url):
    """Two apps (two gunicorn workers, or two machines) share each key's count through Redis."""
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # key ids start again at 1 in every test
    workers = [make_app(RATELIMIT_ENABLED=True, REDIS_URL=redis_url) for _ in range(2)]
    with workers[0].app_context():
        officer = Factory(db.session, workers[0].extensions["passwords"]).user("officer")
        key = {"X-API-Key": keys.create(db.session, officer, "Đối tác", ["catalog"], 3)[1]}
        db.session.commit()
    clients = [app.test_client() for app in workers]
    statuses = [clients[n % 2].get(f"{API}/vendors", headers=key).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
