"""Every status transition: the allowed ones pass, every other one is refused with InvalidTransition."""

import itertools

import pytest

from contracts.status import TRANSITIONS, allowed, check_transition
from core.domain import InvalidTransition
from core.vocab import CONTRACT_STATUSES

ALLOWED = {
    ("draft", "awaiting_signatures"),
    ("draft", "cancelled"),
    ("awaiting_signatures", "draft"),
    ("awaiting_signatures", "signed"),
    ("awaiting_signatures", "cancelled"),
    ("signed", "active"),
    ("signed", "terminated"),
    ("active", "completed"),
    ("active", "terminated"),
}
PAIRS = list(itertools.product(CONTRACT_STATUSES, repeat=2))


def test_the_machine_knows_every_status_of_the_spec():
    assert set(TRANSITIONS) == set(CONTRACT_STATUSES)


@pytest.mark.parametrize("pair", sorted(ALLOWED))
def test_allowed_transition_passes(pair):
    assert allowed(*pair)
    check_transition(*pair)


@pytest.mark.parametrize("pair", [p for p in PAIRS if p not in ALLOWED])
def test_other_transitions_are_refused_in_vietnamese(pair):
    assert not allowed(*pair)
    with pytest.raises(InvalidTransition) as refused:
        check_transition(*pair)
    assert refused.value.message.startswith("Không thể chuyển hợp đồng")
    assert refused.value.status == 409


def test_unknown_status_is_refused():
    with pytest.raises(InvalidTransition, match="không hợp lệ"):
        check_transition("draft", "archived")
