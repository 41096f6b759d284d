"""Who may do what with a contract (plain Python: the contract and the person in, answers out).

A person acts for a side (the SME's users for the SME, the vendor's members for the vendor);
officers read every contract and never act in one; anyone else does not see it at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from contracts import status as lifecycle
from core.domain import N_, NotFound

# action -> (target status, sides that may take it)
ACTIONS = {
    "start": ("active", ("vendor",)),
    "complete": ("completed", ("vendor", "sme")),
    "terminate": ("terminated", ("vendor", "sme")),
    "cancel": ("cancelled", ("vendor", "sme")),
}


def side_of(user, contract) -> str | None:
    """'sme' or 'vendor' when `user` acts for a party of the contract, else None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.role == "sme" and user.sme_id == contract.sme_id:
        return "sme"
    if user.role == "vendor" and user.vendor_id == contract.vendor_id:
        return "vendor"
    return None


def party_side(user, contract) -> str:
    """The user's side; others get NotFound, as if the contract did not exist for them."""
    side = side_of(user, contract)
    if side is None:
        raise NotFound(N_("Không tìm thấy hợp đồng."))
    return side


def visible_to(user, contract) -> bool:
    return side_of(user, contract) is not None or bool(getattr(user, "is_officer", False))


@dataclass(frozen=True)
class Permissions:
    """What one side may do now; every False for a reader who is not a party."""

    propose: bool = False  # offer or counter-offer terms
    accept: bool = False  # accept the other side's latest offer
    sign: bool = False
    amend: bool = False  # propose an amendment of signed terms
    actions: tuple[str, ...] = ()  # start, complete, terminate, cancel


def permissions(contract, side: str | None, latest_offer, signed_sides) -> Permissions:
    """`latest_offer`: the newest offer or request (kind, side) or None; `signed_sides`: who signed."""
    if side is None:
        return Permissions()
    unsigned = contract.status in lifecycle.UNSIGNED and not signed_sides
    return Permissions(
        propose=unsigned,
        accept=contract.status == "draft" and latest_offer is not None and latest_offer.kind == "offer"
        and latest_offer.side != side,
        sign=contract.status == "awaiting_signatures" and side not in signed_sides,
        amend=contract.parent_id is None and contract.status in ("signed", "active"),
        actions=tuple(a for a, (target, sides) in ACTIONS.items()
                      if side in sides and lifecycle.allowed(contract.status, target)),
    )
