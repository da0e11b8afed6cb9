"""The seven service levels (SPEC §4), one small module each, and what they share."""

from __future__ import annotations

from . import (
    cancellation_rate,
    customer_feedback_rating,
    hg_claim_rate,
    late_completion_rate,
    negative_feedback_rate,
    outside_arrival_window_rate,
    reschedule_rate,
)
from .level import Ratio, Reason, Role, ServiceLevel

__all__ = ["SERVICE_LEVELS", "Ratio", "Reason", "Role", "ServiceLevel", "level"]

#: The seven service levels, in the dashboard's order.
SERVICE_LEVELS: tuple[ServiceLevel, ...] = (
    customer_feedback_rating.LEVEL,
    hg_claim_rate.LEVEL,
    negative_feedback_rate.LEVEL,
    cancellation_rate.LEVEL,
    reschedule_rate.LEVEL,
    outside_arrival_window_rate.LEVEL,
    late_completion_rate.LEVEL,
)

_BY_KEY = {service_level.key: service_level for service_level in SERVICE_LEVELS}


def level(key: str) -> ServiceLevel:
    """The service level with metric key `key`; ``KeyError`` for an unknown key."""
    return _BY_KEY[key]
