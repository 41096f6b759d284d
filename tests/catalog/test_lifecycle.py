"""The listing lifecycle, pure: every allowed transition and every refused one."""

import pytest

from catalog.lifecycle import Actor, ListingState, allowed_actions, start, start_imported, transition
from core.domain import Forbidden, InvalidTransition, ValidationFailed

VENDOR = Actor("vendor", "v-1")
OTHER_VENDOR = Actor("vendor", "v-2")
OFFICER = Actor("officer")
ADMIN = Actor("admin")
SME = Actor("sme")

DRAFT = ListingState("draft", "draft", False)
SUBMITTED = ListingState("submitted", "submitted", False)
CHANGES = ListingState("changes_requested", "changes_requested", False)
REJECTED = ListingState("rejected", None, False)
PUBLISHED = ListingState("published", None, True)
PUBLISHED_DRAFT = ListingState("published", "draft", True)
PUBLISHED_SUBMITTED = ListingState("published", "submitted", True)
PUBLISHED_CHANGES = ListingState("published", "changes_requested", True)
SUSPENDED = ListingState("suspended", None, True)
SUSPENDED_DRAFT = ListingState("suspended", "draft", True)
SUSPENDED_SUBMITTED = ListingState("suspended", "submitted", True)
SUSPENDED_CHANGES = ListingState("suspended", "changes_requested", True)
WITHDRAWN = ListingState("withdrawn", None, True)

ALL_STATES = [
    DRAFT,
    SUBMITTED,
    CHANGES,
    REJECTED,
    PUBLISHED,
    PUBLISHED_DRAFT,
    PUBLISHED_SUBMITTED,
    PUBLISHED_CHANGES,
    SUSPENDED,
    SUSPENDED_DRAFT,
    SUSPENDED_SUBMITTED,
    SUSPENDED_CHANGES,
    WITHDRAWN,
]

# (state, action, actor, reason) -> (state after, open revision's new status, new revision?)
ALLOWED = [
    (DRAFT, "edit", VENDOR, None, DRAFT, None, False),
    (DRAFT, "submit", VENDOR, None, SUBMITTED, "submitted", False),
    (SUBMITTED, "approve", OFFICER, None, PUBLISHED, "approved", False),
    (SUBMITTED, "approve", ADMIN, None, PUBLISHED, "approved", False),
    (SUBMITTED, "request_changes", OFFICER, "Bổ sung bảng giá", CHANGES, "changes_requested", False),
    (SUBMITTED, "reject", OFFICER, "Không phải giải pháp số", REJECTED, "rejected", False),
    (CHANGES, "edit", VENDOR, None, DRAFT, "draft", False),
    (PUBLISHED, "edit", VENDOR, None, PUBLISHED_DRAFT, "draft", True),
    (PUBLISHED_DRAFT, "edit", VENDOR, None, PUBLISHED_DRAFT, None, False),
    (PUBLISHED_DRAFT, "submit", VENDOR, None, PUBLISHED_SUBMITTED, "submitted", False),
    (PUBLISHED_SUBMITTED, "approve", OFFICER, None, PUBLISHED, "approved", False),
    (
        PUBLISHED_SUBMITTED,
        "request_changes",
        OFFICER,
        "Sửa giá",
        PUBLISHED_CHANGES,
        "changes_requested",
        False,
    ),
    (PUBLISHED_SUBMITTED, "reject", OFFICER, "Sai thông tin", PUBLISHED, "rejected", False),
    (PUBLISHED_CHANGES, "edit", VENDOR, None, PUBLISHED_DRAFT, "draft", False),
    (PUBLISHED, "suspend", OFFICER, "Khiếu nại của khách hàng", SUSPENDED, None, False),
    (SUSPENDED, "republish", OFFICER, None, PUBLISHED, None, False),
    (SUSPENDED_SUBMITTED, "approve", OFFICER, None, SUSPENDED, "approved", False),
    (PUBLISHED_SUBMITTED, "suspend", OFFICER, "Tạm dừng", SUSPENDED_SUBMITTED, None, False),
    (PUBLISHED_DRAFT, "suspend", OFFICER, "Tạm dừng", SUSPENDED_DRAFT, None, False),
    (PUBLISHED_CHANGES, "suspend", OFFICER, "Tạm dừng", SUSPENDED_CHANGES, None, False),
    (
        SUSPENDED_SUBMITTED,
        "request_changes",
        OFFICER,
        "Sửa giá",
        SUSPENDED_CHANGES,
        "changes_requested",
        False,
    ),
    (SUSPENDED_SUBMITTED, "reject", OFFICER, "Sai thông tin", SUSPENDED, "rejected", False),
    (SUSPENDED_SUBMITTED, "republish", OFFICER, None, PUBLISHED_SUBMITTED, None, False),
    (SUSPENDED_DRAFT, "republish", OFFICER, None, PUBLISHED_DRAFT, None, False),
    (SUSPENDED_CHANGES, "republish", OFFICER, None, PUBLISHED_CHANGES, None, False),
] + [
    (state, "withdraw", VENDOR, None, ListingState("withdrawn", state.open, state.has_live), None, False)
    for state in ALL_STATES
    if state != WITHDRAWN
]


@pytest.mark.parametrize(
    ("before", "action", "actor", "reason", "after", "open_to", "new_revision"),
    ALLOWED,
    ids=[f"{a[0].label}-{a[1]}-{a[2].role}" for a in ALLOWED],
)
def test_allowed_transition(before, action, actor, reason, after, open_to, new_revision):
    step = transition(before, action, actor, "v-1", reason)
    assert (step.after, step.open_to, step.new_revision) == (after, open_to, new_revision)
    assert step.before == before and step.action == action and step.reason == reason


def test_a_new_listing_starts_as_a_draft_of_its_vendor():
    step = start(VENDOR, "v-1")
    assert step.after == DRAFT and step.new_revision
    with pytest.raises(Forbidden):
        start(OTHER_VENDOR, "v-1")
    with pytest.raises(Forbidden):
        start(OFFICER, "v-1")


ALLOWED_PAIRS = {(a[0], a[1]) for a in ALLOWED}
REFUSED = [
    (state, action)
    for state in ALL_STATES
    for action in (
        "edit",
        "submit",
        "approve",
        "request_changes",
        "reject",
        "suspend",
        "republish",
        "withdraw",
    )
    if (state, action) not in ALLOWED_PAIRS
]


@pytest.mark.parametrize(("state", "action"), REFUSED, ids=[f"{s.label}-{a}" for s, a in REFUSED])
def test_refused_transition_says_why_in_vietnamese(state, action):
    actor = OFFICER if action in ("approve", "request_changes", "reject", "suspend", "republish") else VENDOR
    with pytest.raises(InvalidTransition) as refused:
        transition(state, action, actor, "v-1", reason="Lý do")
    assert refused.value.status == 409
    assert any(ch in refused.value.message for ch in "ăâđêôơưáàảãạếềểễệóòỏõọ"), refused.value.message


@pytest.mark.parametrize("action", ["edit", "submit", "withdraw"])
@pytest.mark.parametrize("actor", [OTHER_VENDOR, OFFICER, SME], ids=["other-vendor", "officer", "sme"])
def test_only_the_listings_vendor_does_vendor_actions(action, actor):
    with pytest.raises(Forbidden):
        transition(PUBLISHED_DRAFT, action, actor, "v-1")


@pytest.mark.parametrize("action", ["approve", "request_changes", "reject", "suspend", "republish"])
@pytest.mark.parametrize("actor", [VENDOR, SME], ids=["vendor", "sme"])
def test_only_officers_do_officer_actions(action, actor):
    with pytest.raises(Forbidden):
        transition(PUBLISHED_SUBMITTED, action, actor, "v-1", reason="x")


@pytest.mark.parametrize("action", ["request_changes", "reject", "suspend"])
def test_comment_or_reason_is_required(action):
    state = PUBLISHED if action == "suspend" else SUBMITTED
    with pytest.raises(ValidationFailed) as missing:
        transition(state, action, OFFICER, "v-1", reason="   ")
    assert "reason" in missing.value.fields


def test_audit_label_shows_the_open_revision_of_a_published_listing():
    assert PUBLISHED_SUBMITTED.label == "published+submitted"
    assert SUBMITTED.label == "submitted"


def test_allowed_actions_lists_only_buttons_that_work():
    assert allowed_actions(PUBLISHED, VENDOR, "v-1") == ["edit", "withdraw"]
    assert allowed_actions(PUBLISHED_SUBMITTED, OFFICER, "v-1") == [
        "approve",
        "request_changes",
        "reject",
        "suspend",
    ]
    assert allowed_actions(WITHDRAWN, VENDOR, "v-1") == []


def test_imports_start_listings_awaiting_review_or_published():
    system = Actor("system")
    assert start_imported(system, publish=False).after == SUBMITTED
    published = start_imported(system, publish=True)
    assert (published.after, published.open_to) == (PUBLISHED, "approved")
    for person in (VENDOR, OFFICER):
        with pytest.raises(Forbidden):
            start_imported(person, publish=True)
