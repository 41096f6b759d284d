"""The listing API under attack: unknown keys, unbounded lists and objects, hostile JSON text.

Each answer is a 4xx naming what is wrong, and nothing is stored.
"""

import json

import pytest

from catalog import services
from catalog.product import Product
from tests.conftest import csrf_token


@pytest.fixture
def vendor_api(client, logged_in, factory):
    """(post(body or raw bytes) -> response, a valid PRODUCT body) for a logged-in vendor."""
    logged_in(factory.user("vendor"))
    headers = {"X-CSRFToken": csrf_token(client, "/vendor/"), "Content-Type": "application/json"}
    body = factory.product().to_dict()
    body.pop("id"), body.pop("vendor_id")

    def post(payload):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return client.post("/api/v1/vendor/listings", data=data, headers=headers)

    return post, body


def _nothing_stored(client):
    assert client.get("/api/v1/vendor/listings").get_json() == []


def test_unknown_keys_are_refused_naming_them(client, vendor_api):
    post, body = vendor_api
    refused = post({**body, "status": "suspended", "verified_by_ministry": True})
    assert refused.status_code == 422
    message = refused.get_json()["error"]["fields"]["product"]
    assert "'status'" in message and "'verified_by_ministry'" in message
    inner = post({**body, "pricing_models": [{"type": "subscription", "approved": True}]})
    assert inner.status_code == 422 and "'approved'" in json.dumps(inner.get_json(), ensure_ascii=False)
    _nothing_stored(client)


def test_lists_objects_and_bodies_are_bounded(client, vendor_api):
    post, body = vendor_api
    integrations = post({**body, "integrations": ["zalo"] * 100_000})
    assert integrations.status_code == 422
    assert "tối đa 100 phần tử" in integrations.get_json()["error"]["fields"]["integrations"]
    huge = post({**body, **{f"k{n}": "x" * 1000 for n in range(15_000)}})  # 15 MB
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "request_entity_too_large"
    _nothing_stored(client)


@pytest.mark.parametrize(("raw", "said"), [
    (b'{"name": ' + b"[" * 1000 + b"]" * 1000 + b"}", "lồng nhau quá 64 cấp"),
    (b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "lồng nhau quá 64 cấp"),
    (b'{"name": "Ph\\ud800n m\\u1ec1m"}', "surrogate"),
    (b'{"name": "Ph\\u0000n m\\u1ec1m"}', "NUL"),
    (b'{"\\udfff": 1}', "surrogate"),
    (b'{"name": "x"', "không phải JSON hợp lệ"),
    (b'{"name": "\xc3("}', "UTF-8"),
])
def test_hostile_json_text_is_a_422_naming_the_problem(client, vendor_api, raw, said):
    post, _ = vendor_api
    refused = post(raw)
    assert refused.status_code == 422, refused.get_data(as_text=True)[:300]
    assert said in refused.get_json()["error"]["message"]
    _nothing_stored(client)


def test_imported_unknown_fields_are_never_served_as_the_listings_own(client, factory, session):
    """An interchange file's unknown fields are kept with the revision, not shown by the API."""
    listing = factory.listing("published", status_note="x")
    revision = listing.live_revision
    product = Product.from_dict({**services.content_of(listing).to_dict(), "status": "suspended",
                                 "verified_by_ministry": True})
    revision.set_content(product)
    session.commit()
    served = client.get(f"/api/v1/listings/{listing.id}").get_json()
    assert "verified_by_ministry" not in served and "status_note" not in served
    assert "status" not in served
