"""The officers' page of flagged deals over HTTP: the list with its reasons (Vietnamese, English), and
the decisions, each audited; refused decisions change nothing."""

from sqlalchemy import select

from catalog.models import Listing
from core.audit import AuditEntry
from integrity.models import CLEARED, LISTING_SUSPENDED, OPEN, IntegrityFlag
from integrity.scan import scan
from tests.contracts.test_pages import Browser
from tests.integrity.builders import contract, load, sme

PAGE = "/officer/integrity/"


def _flagged(session, factory):
    """Two flagged deals (a shared phone; a shared address) and an officer."""
    load(
        session,
        [sme("s-1", phone="0912345678"), sme("s-2", address="Tầng 5 tòa nhà Sông Đà, 18 Phạm Hùng, Hà Nội")],
        [contract("c-1", "s-1"), contract("c-2", "s-2", value_vnd=5_000_000)],
    )
    scan(session)
    officer = factory.user("officer")
    session.commit()
    return officer


def _audit(session, action):
    return session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_page_lists_open_flags_highest_score_first_with_their_reasons(app, session, factory):
    officer = _flagged(session, factory)
    page = Browser(app, officer).get(PAGE).get_data(as_text=True)
    assert page.index("Hợp đồng c-1") < page.index("Hợp đồng c-2")
    assert "Cùng số điện thoại 0912 345 678 với nhà cung cấp" in page
    assert "Bên liên quan" in page and "Điểm 0,85" in page and "6.000.000 ₫" in page
    assert "Chờ xem xét (2)" in page


def test_the_page_in_english(app, session, factory):
    officer = _flagged(session, factory)
    browser = Browser(app, officer)
    browser.post("/lang/en", {"next": PAGE}, page=PAGE)
    page = browser.get(PAGE).get_data(as_text=True)
    assert "Same phone number 0912 345 678 as the vendor" in page
    assert "Related party" in page and "Cùng số điện thoại" not in page


def test_clearing_a_flag_with_a_note_is_audited(app, session, factory):
    officer = _flagged(session, factory)
    answer = Browser(app, officer).post(
        f"{PAGE}c-1/clear", {"note": "Số điện thoại của kế toán dịch vụ."}, PAGE
    )
    assert answer.status_code == 302
    session.expire_all()
    flag = session.get(IntegrityFlag, "c-1")
    assert (flag.status, flag.note, flag.decided_by_id) == (
        CLEARED,
        "Số điện thoại của kế toán dịch vụ.",
        officer.id,
    )
    (entry,) = _audit(session, "integrity.flag_cleared")
    assert (
        entry.entity_type,
        entry.entity_id,
        entry.actor_id,
        entry.from_state,
        entry.to_state,
        entry.reason,
    ) == ("integrity_flag", "c-1", officer.id, OPEN, CLEARED, "Số điện thoại của kế toán dịch vụ.")
    assert entry.data["signals"] == ["related_party"] and entry.data["score"] == 0.85
    cleared = Browser(app, officer).get(f"{PAGE}?status=cleared").get_data(as_text=True)
    assert "Hợp đồng c-1" in cleared and "Số điện thoại của kế toán dịch vụ." in cleared


def test_suspending_the_listing_goes_through_the_catalogs_lifecycle(app, session, factory):
    officer = _flagged(session, factory)
    answer = Browser(app, officer).post(f"{PAGE}c-1/suspend", {"note": "Hoàn tiền cho DN liên quan."}, PAGE)
    assert answer.status_code == 302
    session.expire_all()
    assert session.get(IntegrityFlag, "c-1").status == LISTING_SUSPENDED
    assert session.get(Listing, "p-1").status == "suspended"
    assert [e.reason for e in _audit(session, "listing.suspend")] == ["Hoàn tiền cho DN liên quan."]
    assert _audit(session, "integrity.listing_suspended")[0].data["listing_id"] == "p-1"
    # Another flag on the suspended listing: the decision is recorded, the listing stays suspended.
    assert (
        Browser(app, officer).post(f"{PAGE}c-2/suspend", {"note": "Cùng sản phẩm."}, PAGE).status_code == 302
    )
    session.expire_all()
    assert session.get(IntegrityFlag, "c-2").status == LISTING_SUSPENDED
    assert len(_audit(session, "listing.suspend")) == 1


def test_a_decision_without_a_note_or_on_a_decided_flag_changes_nothing(app, session, factory):
    officer = _flagged(session, factory)
    browser = Browser(app, officer)
    answer = browser.post(f"{PAGE}c-1/suspend", {"note": "   "}, PAGE)
    assert answer.status_code == 302
    assert "Cần ghi chú lý do của quyết định." in browser.get(PAGE).get_data(as_text=True)
    session.expire_all()
    assert (
        session.get(IntegrityFlag, "c-1").status == OPEN and session.get(Listing, "p-1").status == "published"
    )
    assert _audit(session, "listing.suspend") == []

    browser.post(f"{PAGE}c-1/clear", {"note": "Đã kiểm tra."}, PAGE)
    again = browser.post(f"{PAGE}c-1/suspend", {"note": "Đổi ý."}, PAGE)
    assert again.status_code == 302
    assert "đã được xử lý (Đã bỏ cờ)" in browser.get(PAGE).get_data(as_text=True)
    session.expire_all()
    assert (
        session.get(IntegrityFlag, "c-1").status == CLEARED
        and session.get(Listing, "p-1").status == "published"
    )


def test_unknown_flags_and_actions_are_not_found(app, session, factory):
    officer = _flagged(session, factory)
    browser = Browser(app, officer)
    assert browser.post(f"{PAGE}c-404/clear", {"note": "x"}, PAGE).status_code == 404
    assert browser.post(f"{PAGE}c-1/delete", {"note": "x"}, PAGE).status_code == 404


def test_the_parties_never_see_the_review_on_their_contract_page(app, session, factory):
    officer = _flagged(session, factory)
    parties = [factory.user("sme", sme_id="s-1"), factory.user("vendor", vendor_id="v-1")]
    session.commit()
    Browser(app, officer).post(f"{PAGE}c-1/clear", {"note": "Bí mật nghiệp vụ."}, PAGE)
    for party in parties:
        page = Browser(app, party).get("/contracts/c-1")
        assert page.status_code == 200
        assert "Bí mật nghiệp vụ." not in page.get_data(as_text=True)
        assert "integrity" not in page.get_data(as_text=True)
        assert Browser(app, party).get(PAGE).status_code == 403


def test_a_bad_page_number_or_status_falls_back(app, session, factory):
    officer = _flagged(session, factory)
    browser = Browser(app, officer)
    for query in (
        "?page=abc",
        "?page=0",
        "?page=99999999999999999999",
        "?page=%C2%B2",
        "?page=" + "9" * 5000,
        "?status=nope",
    ):
        page = browser.get(PAGE + query)
        assert page.status_code == 200 and "Hợp đồng c-1" in page.get_data(as_text=True), query
    assert browser.get(PAGE + "?status=%00").status_code == 400  # the app refuses a NUL before any view


def test_the_queue_shows_25_flags_a_page(app, session, factory):
    smes = [sme(f"s-{i:02d}", phone="0912345678") for i in range(27)]
    load(session, smes, [contract(f"c-{i:02d}", f"s-{i:02d}") for i in range(27)])
    scan(session)
    officer = factory.user("officer")
    session.commit()
    browser = Browser(app, officer)
    first = browser.get(PAGE).get_data(as_text=True)
    assert (
        first.count('class="card flag"') == 25
        and 'href="/officer/integrity/?status=open&amp;page=2"' in first
    )
    last = browser.get(PAGE + "?page=2").get_data(as_text=True)
    assert last.count('class="card flag"') == 2 and "Hợp đồng c-26" in last
    assert browser.get(PAGE + "?page=9").get_data(as_text=True).count('class="card flag"') == 2  # the last
