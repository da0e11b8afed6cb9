"""Performance status: Good Standing or Attention (SPEC §5)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Status", "status_of"]


class Status(StrEnum):
    """The account's performance status, judged on the account-wide 60-day figures."""

    GOOD_STANDING = "good_standing"
    ATTENTION = "attention"


def status_of(checks: Iterable[bool | None]) -> Status:
    """Attention when any target check misses; no data (``None``) never causes Attention.

    >>> status_of([True, None, True]), status_of([True, False, None])
    (<Status.GOOD_STANDING: 'good_standing'>, <Status.ATTENTION: 'attention'>)
    """
    return Status.ATTENTION if any(check is False for check in checks) else Status.GOOD_STANDING
