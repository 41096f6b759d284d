"""The listing lifecycle as a pure state machine: who may do what, from which state, to which.

A listing's state is its own status plus the status of its open (working) revision and
whether it has a live (approved) revision:

    draft --submit--> submitted --approve--> published --suspend--> suspended --republish--> published
                                 --request_changes--> changes_requested --edit--> draft --submit--> ...
                                 --reject--> rejected
    any state except withdrawn --withdraw (vendor)--> withdrawn

Editing a published listing opens a new revision (draft); the live revision stays visible
until an officer approves the new one, which then supersedes it. Review actions on a
listing that already has a live revision change the open revision only; the listing stays
published (or suspended). Refusals raise InvalidTransition (wrong state), Forbidden (wrong
person) or ValidationFailed (a required reason is missing), with Vietnamese messages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.domain import N_, Forbidden, InvalidTransition, ValidationFailed
from core.translation import NP_

VENDOR, OFFICER = "vendor", "officer"
SYSTEM = "system"  # imports: records decided elsewhere, brought in by an operator

# action -> who may do it
ACTIONS = {
    "create": VENDOR,
    "edit": VENDOR,
    "submit": VENDOR,
    "withdraw": VENDOR,
    "approve": OFFICER,
    "request_changes": OFFICER,
    "reject": OFFICER,
    "suspend": OFFICER,
    "republish": OFFICER,
}
ACTION_LABELS = {
    "create": N_("Tạo hồ sơ"),
    "edit": N_("Chỉnh sửa"),
    "submit": N_("Gửi thẩm định"),
    "withdraw": N_("Rút khỏi sàn"),
    "approve": N_("Phê duyệt"),
    "request_changes": N_("Yêu cầu chỉnh sửa"),
    "reject": NP_("listing action", "Từ chối"),
    "suspend": NP_("listing action", "Tạm ngừng"),
    "republish": N_("Công bố lại"),
    "import": N_("Nhập từ tệp"),
}
# Actions whose reason is required, with the message when it is missing.
REASON_REQUIRED = {
    "request_changes": N_("Cần ghi rõ nội dung yêu cầu chỉnh sửa."),
    "reject": N_("Cần ghi rõ lý do từ chối."),
    "suspend": N_("Cần ghi rõ lý do tạm ngừng."),
}
STATUS_LABELS = {
    "draft": N_("Bản nháp"),
    "submitted": N_("Chờ thẩm định"),
    "changes_requested": N_("Cần chỉnh sửa"),
    "rejected": N_("Bị từ chối"),
    "published": N_("Đang công bố"),
    "suspended": NP_("listing status", "Tạm ngừng"),
    "withdrawn": N_("Đã rút"),
    "approved": N_("Đã duyệt"),
    "superseded": N_("Đã thay thế"),
}


@dataclass(frozen=True)
class Actor:
    role: str  # sme | vendor | officer | admin | system
    vendor_id: str | None = None

    @property
    def is_officer(self) -> bool:
        return self.role in ("officer", "admin", SYSTEM)


@dataclass(frozen=True)
class ListingState:
    status: str  # the listing's status
    open: str | None = None  # status of the open revision: draft | submitted | changes_requested
    has_live: bool = False

    @property
    def label(self) -> str:
        """For the audit log: 'published', or 'published+submitted' while a new revision is open."""
        return f"{self.status}+{self.open}" if self.has_live and self.open else self.status


@dataclass(frozen=True)
class Step:
    """An allowed transition and what it does to the revisions."""

    action: str
    before: ListingState | None
    after: ListingState
    open_to: str | None = None  # new status of the open revision ('approved' = it becomes live)
    new_revision: bool = False  # a new open revision (draft) is started from the live one
    reason: str | None = None


def _check_actor(action: str, actor: Actor, listing_vendor_id: str) -> None:
    if actor.role == SYSTEM:
        return
    if ACTIONS[action] == OFFICER:
        if not actor.is_officer:
            raise Forbidden(N_("Chỉ cán bộ thẩm định mới được thực hiện thao tác này."))
    elif actor.role != "vendor" or actor.vendor_id != listing_vendor_id:
        raise Forbidden(
            N_("Chỉ thành viên của nhà cung cấp sở hữu sản phẩm mới được thực hiện thao tác này.")
        )


def start(actor: Actor, vendor_id: str) -> Step:
    """A new listing: a draft with its first revision."""
    _check_actor("create", actor, vendor_id)
    return Step("create", None, ListingState("draft", "draft", False), open_to="draft", new_revision=True)


def start_imported(actor: Actor, publish: bool) -> Step:
    """A new listing brought in by an import: awaiting review, or approved at once with --publish
    (the officers' decision was taken where the records come from)."""
    if actor.role != SYSTEM:
        raise Forbidden(N_("Chỉ lệnh nhập dữ liệu mới tạo được sản phẩm theo cách này."))
    if publish:
        return Step(
            "import", None, ListingState("published", None, True), open_to="approved", new_revision=True
        )
    return Step(
        "import", None, ListingState("submitted", "submitted", False), open_to="submitted", new_revision=True
    )


def transition(
    state: ListingState, action: str, actor: Actor, listing_vendor_id: str, reason: str | None = None
) -> Step:
    """The step `actor` takes by doing `action` on a listing in `state`, or the refusal."""
    if action not in ACTIONS or action == "create":
        raise InvalidTransition(N_("Thao tác không xác định: %(action)s."), action=action)
    _check_actor(action, actor, listing_vendor_id)
    reason = (reason or "").strip() or None
    if action in REASON_REQUIRED and not reason:
        raise ValidationFailed(REASON_REQUIRED[action], {"reason": REASON_REQUIRED[action]})
    if state.status == "withdrawn":
        raise InvalidTransition(N_("Sản phẩm đã được rút khỏi sàn; không thể thực hiện thao tác này."))
    step = _RULES[action](state)
    return replace(step, action=action, before=state, reason=reason)


def _edit(s: ListingState) -> Step:
    if s.status == "suspended":
        raise InvalidTransition(
            N_("Sản phẩm đang bị tạm ngừng; hãy liên hệ cán bộ thẩm định để được mở lại.")
        )
    if s.status == "rejected":
        raise InvalidTransition(N_("Hồ sơ đã bị từ chối; không thể chỉnh sửa tiếp. Hãy tạo hồ sơ mới."))
    if s.open == "submitted":
        raise InvalidTransition(N_("Phiên bản đang chờ thẩm định; chỉ chỉnh sửa được sau khi cán bộ xử lý."))
    if s.open == "draft":
        return Step("edit", s, s)
    if s.open == "changes_requested":
        after = ListingState(s.status if s.has_live else "draft", "draft", s.has_live)
        return Step("edit", s, after, open_to="draft")
    if s.status == "published" and s.has_live:
        return Step("edit", s, replace(s, open="draft"), open_to="draft", new_revision=True)
    raise InvalidTransition(N_("Không thể chỉnh sửa sản phẩm ở trạng thái hiện tại."))


def _submit(s: ListingState) -> Step:
    if s.status in ("suspended", "rejected"):
        raise InvalidTransition(N_("Không thể gửi thẩm định sản phẩm đang tạm ngừng hoặc đã bị từ chối."))
    if s.open == "submitted":
        raise InvalidTransition(N_("Phiên bản này đã được gửi và đang chờ thẩm định."))
    if s.open == "changes_requested":
        raise InvalidTransition(N_("Hãy chỉnh sửa theo yêu cầu của cán bộ trước khi gửi lại."))
    if s.open != "draft":
        raise InvalidTransition(N_("Không có thay đổi nào để gửi thẩm định."))
    return Step(
        "submit",
        s,
        ListingState(s.status if s.has_live else "submitted", "submitted", s.has_live),
        open_to="submitted",
    )


def _under_review(s: ListingState) -> None:
    if s.open != "submitted":
        raise InvalidTransition(N_("Chỉ thẩm định được phiên bản đang chờ thẩm định."))


def _approve(s: ListingState) -> Step:
    _under_review(s)
    # A listing suspended meanwhile stays suspended: republishing is a separate decision.
    status = "suspended" if s.status == "suspended" else "published"
    return Step("approve", s, ListingState(status, None, True), open_to="approved")


def _request_changes(s: ListingState) -> Step:
    _under_review(s)
    after = ListingState(s.status if s.has_live else "changes_requested", "changes_requested", s.has_live)
    return Step("request_changes", s, after, open_to="changes_requested")


def _reject(s: ListingState) -> Step:
    _under_review(s)
    return Step(
        "reject",
        s,
        ListingState(s.status if s.has_live else "rejected", None, s.has_live),
        open_to="rejected",
    )


def _suspend(s: ListingState) -> Step:
    if s.status != "published":
        raise InvalidTransition(N_("Chỉ tạm ngừng được sản phẩm đang công bố."))
    return Step("suspend", s, replace(s, status="suspended"))


def _republish(s: ListingState) -> Step:
    if s.status != "suspended":
        raise InvalidTransition(N_("Chỉ công bố lại được sản phẩm đang tạm ngừng."))
    return Step("republish", s, replace(s, status="published"))


def _withdraw(s: ListingState) -> Step:
    return Step("withdraw", s, replace(s, status="withdrawn"))


_RULES = {
    "edit": _edit,
    "submit": _submit,
    "approve": _approve,
    "request_changes": _request_changes,
    "reject": _reject,
    "suspend": _suspend,
    "republish": _republish,
    "withdraw": _withdraw,
}


def allowed_actions(state: ListingState, actor: Actor, listing_vendor_id: str) -> list[str]:
    """The actions `actor` may take now (for showing only the buttons that work)."""
    allowed = []
    for action in _RULES:
        try:
            transition(state, action, actor, listing_vendor_id, reason="-")
        except (InvalidTransition, Forbidden):
            continue
        allowed.append(action)
    return allowed
