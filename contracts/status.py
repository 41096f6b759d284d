"""Contract statuses and the transitions allowed between them (pure).

draft -> awaiting_signatures -> signed -> active -> completed | terminated.
While nobody has signed, the terms may be reopened (awaiting_signatures -> draft), and either side
may cancel. A signed contract is ended by termination (before or after it starts), never cancelled.
"""

from __future__ import annotations

from types import MappingProxyType

from core.domain import N_, InvalidTransition, Label
from core.vocab import CONTRACT_STATUSES

TRANSITIONS = MappingProxyType(
    {
        "draft": frozenset({"awaiting_signatures", "cancelled"}),
        "awaiting_signatures": frozenset({"draft", "signed", "cancelled"}),
        "signed": frozenset({"active", "terminated"}),
        "active": frozenset({"completed", "terminated"}),
        "completed": frozenset(),
        "terminated": frozenset(),
        "cancelled": frozenset(),
    }
)
UNSIGNED = frozenset({"draft", "awaiting_signatures"})
ENDED = frozenset({"completed", "terminated", "cancelled"})
# After signing: the terms are frozen and the contract counts.
SIGNED = frozenset({"signed", "active", "completed", "terminated"})


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def check_transition(from_status: str, to_status: str) -> None:
    """Raise InvalidTransition (in Vietnamese) unless from_status -> to_status is allowed."""
    if from_status not in TRANSITIONS or to_status not in TRANSITIONS:
        unknown = from_status if from_status not in TRANSITIONS else to_status
        raise InvalidTransition(N_("Trạng thái hợp đồng không hợp lệ: %(status)r."), status=unknown)
    if not allowed(from_status, to_status):
        raise InvalidTransition(
            N_("Không thể chuyển hợp đồng từ trạng thái “%(before)s” sang “%(after)s”."),
            before=Label(CONTRACT_STATUSES[from_status]), after=Label(CONTRACT_STATUSES[to_status]),
        )
