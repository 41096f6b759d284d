"""Cursors and small-group suppression, plain Python."""

from __future__ import annotations

import base64

import pytest

from core.domain import ValidationFailed
from opendata import cursors
from opendata.suppression import OTHER, Cell, publishable


def test_a_cursor_comes_back_as_the_key_it_names():
    token = cursors.encode("products", ["p-Đà-Nẵng-01"])
    assert token.isascii() and "=" not in token
    assert cursors.decode("products", token, (str,)) == ["p-Đà-Nẵng-01"]
    assert cursors.decode("indicators", cursors.encode("indicators", ["2026-03", "Huế"]), (str, str)) == [
        "2026-03", "Huế"]
    assert cursors.decode("products", None, (str,)) is None
    assert cursors.decode("products", "", (str,)) is None


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode("ascii")).decode("ascii")


@pytest.mark.parametrize("token", [
    "not base64 !", "x" * 600, "ümlaut", cursors.encode("vendors", ["v-1"]),  # another dataset's
    cursors.encode("products", [1]), cursors.encode("products", ["a", "b"]),
    cursors.encode("products", [True]),
    cursors.encode("products", ["a\x00b"]), _raw('["products",["\\ud800"]]'),
    "eyJ4Ijox", "bnVsbA",  # '{"x":1' and 'null'
])
def test_a_cursor_not_given_out_for_this_dataset_is_refused_naming_the_field(token):
    with pytest.raises(ValidationFailed) as caught:
        cursors.decode("products", token, (str,))
    assert set(caught.value.fields) == {"cursor"}


def cell(key: str, smes: int, first: int = 0, contracts: int | None = None, value: int = 1000) -> Cell:
    ids = frozenset(f"s{first + n}" for n in range(smes))
    return Cell(key, ids, contracts if contracts is not None else smes, value)


def test_groups_of_five_or_more_smes_are_published_as_they_are():
    cells = [cell("Hà Nội", 7), cell("Huế", 5, first=100)]
    assert publishable(cells) == sorted(cells, key=lambda c: c.key)


def test_small_groups_are_pooled_and_the_pool_published_only_from_five_smes():
    out = publishable([cell("Hà Nội", 9), cell("Huế", 3, first=100), cell("Sơn La", 2, first=200)])
    assert [(c.key, len(c.smes)) for c in out] == [("Hà Nội", 9), (OTHER, 5)]
    assert out[1].contracts == 5 and out[1].value_vnd == 2000


def test_a_pool_below_five_takes_in_the_smallest_published_group():
    """Otherwise the month's total minus the published groups would give the small group back."""
    out = publishable([cell("Hà Nội", 9), cell("Huế", 6, first=100), cell("Sơn La", 2, first=200)])
    assert [(c.key, len(c.smes)) for c in out] == [("Hà Nội", 9), (OTHER, 8)]


def test_an_sme_in_two_pooled_groups_counts_once():
    """Two groups of 3 sharing an SME are 5 SMEs, not 6; with 4 in all they stay unpublished."""
    shared = publishable([cell("Huế", 3, first=0), cell("Sơn La", 3, first=2)])
    assert [(c.key, len(c.smes)) for c in shared] == [(OTHER, 5)]
    assert publishable([cell("Huế", 3, first=0), cell("Sơn La", 2, first=1)]) == []


def test_a_month_of_fewer_than_five_smes_publishes_nothing():
    assert publishable([cell("Huế", 2), cell("Sơn La", 2, first=10)]) == []
    assert publishable([]) == []


def test_every_published_figure_describes_five_smes_or_more():
    import random

    rng = random.Random(7)
    for _ in range(300):
        cells = [cell(f"g{n}", rng.randint(1, 8), first=rng.randint(0, 30)) for n in range(rng.randint(1, 6))]
        out = publishable(cells)
        assert all(len(c.smes) >= 5 for c in out)
        if out:  # what is not shown by name is in the pool: the published figures add up to the month
            assert sum(c.contracts for c in out) == sum(c.contracts for c in cells)
            named = {c.key for c in out}
            assert all(c.key in named for c in cells) or out[-1].key == OTHER


def test_a_signature_covers_the_timestamp_and_every_byte_of_the_body():
    from opendata import signing

    body = b'{"month":"2026-03","smes":6}'
    sent = signing.headers("s3cret", 1_780_000_000, body, "indicators-2026-03")
    assert sent["X-Marketplace-Signature"].startswith("sha256=")
    assert sent["Idempotency-Key"] == "indicators-2026-03"
    assert signing.verify("s3cret", sent, body, 1_780_000_100)
    assert not signing.verify("other", sent, body, 1_780_000_100)
    assert not signing.verify("s3cret", sent, body.replace(b"6", b"7"), 1_780_000_100)
    moved = {**sent, "X-Marketplace-Timestamp": "1780000001"}
    assert not signing.verify("s3cret", moved, body, 1_780_000_100)
    assert not signing.verify("s3cret", sent, body, 1_780_000_000 + signing.TOLERANCE + 1)  # a replay
    assert not signing.verify("s3cret", {**sent, "X-Marketplace-Timestamp": "²"}, body, 1_780_000_000)
