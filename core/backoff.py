"""How long to wait before trying again after a failure (pure): doubling, capped, so a server that is
down for a while is neither hammered nor given up on too soon."""

from __future__ import annotations

from datetime import timedelta


def retry_delay(attempts: int, first: timedelta = timedelta(minutes=1),
                longest: timedelta = timedelta(hours=1)) -> timedelta:
    """The wait after the `attempts`-th failed try (1, 2, 4 ... minutes, at most `longest`)."""
    return min(first * (2 ** min(max(attempts - 1, 0), 20)), longest)
