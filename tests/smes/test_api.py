"""GET /api/v1/smes/<id>/matches: for the SME itself and officers; JSON errors otherwise."""

from __future__ import annotations


def test_sme_gets_its_matches_best_first(client, logged_in, shop):
    _, sme, user = shop
    response = logged_in(user).get(f"/api/v1/smes/{sme.id}/matches?limit=2")
    assert response.status_code == 200
    body = response.get_json()
    assert [m["product_id"] for m in body] == ["p-pos", "p-invoice"]
    assert body[0]["score"] >= body[1]["score"] and 0 < body[1]["score"] <= 1
    assert any(r.startswith("Đáp ứng nhu cầu: Quản lý bán hàng (POS)") for r in body[0]["reasons"])


def test_officer_may_read_any_smes_matches(client, logged_in, factory, shop):
    _, sme, _ = shop
    officer = factory.user("officer")
    assert len(logged_in(officer).get(f"/api/v1/smes/{sme.id}/matches").get_json()) == 3


def test_others_get_404_and_bad_limits_400(client, logged_in, factory, session, shop):
    _, sme, _ = shop
    stranger = factory.user("sme", sme_id=factory.sme().id)
    vendor = factory.user("vendor", vendor_id="v-an")
    session.commit()
    assert client.get(f"/api/v1/smes/{sme.id}/matches").status_code == 401
    logged_in(stranger)
    response = client.get(f"/api/v1/smes/{sme.id}/matches")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    client.post("/logout", data={})
    logged_in(vendor)
    assert client.get(f"/api/v1/smes/{sme.id}/matches").status_code == 404
    client.post("/logout", data={})
    logged_in(factory.user("officer"))
    assert client.get("/api/v1/smes/khong-co/matches").status_code == 404
    for limit in ("0", "101", "abc", "-1"):
        response = client.get(f"/api/v1/smes/{sme.id}/matches?limit={limit}")
        assert response.status_code == 400
        assert response.get_json()["error"]["fields"] == {"limit": limit}
