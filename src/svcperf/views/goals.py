"""Owners' goals beside the figures: "goal met / missed" per account and per slice of a
breakdown (SPEC §5: goals never change a status; the marketplace's targets set it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..evaluation import Performance
from ..frozen import FrozenMap
from ..targets import Goal
from .breakdown import Breakdown, SliceValue

__all__ = ["GoalChecks", "breakdown_goals", "goal_checks"]

#: Per goal name, per metric key: met (``True``), missed (``False``), no data (``None``).
GoalChecks = Mapping[str, Mapping[str, bool | None]]


def goal_checks(goals: Iterable[Goal], account_id: str, figures: Performance,
                attribute: str | None = None, value: str | None = None) -> GoalChecks:
    """The checks of the goals set for this account (or, with `attribute`, for its slice
    of that `value`) against `figures`.

    >>> from svcperf import Tally, SEED_TARGETS, Target
    >>> from svcperf.evaluation import performance
    >>> figures = performance(Tally(jobs=200, completed=200, reschedule=1), SEED_TARGETS)
    >>> goal = Goal("tight", {"reschedule_rate": Target.at_most("0.25%")})
    >>> dict(goal_checks([goal], "A", figures)["tight"]), figures.status.value
    ({'reschedule_rate': False}, 'good_standing')
    """
    return FrozenMap({goal.name: goal.checks(figures) for goal in goals
                             if goal.applies_to(account_id, attribute, value)})


def breakdown_goals(result: Breakdown,
                    goals: Iterable[Goal]) -> Mapping[str, Mapping[SliceValue, GoalChecks]]:
    """Per account and slice of a breakdown by one attribute, the checks of the goals set
    for that slice (slices without a goal are left out; a breakdown by several
    attributes at once has none)."""
    goal_list = list(goals)
    found: dict[str, Mapping[SliceValue, GoalChecks]] = {}
    for account_id, slices in result.accounts.items():
        checks: dict[SliceValue, GoalChecks] = {}
        if isinstance(result.by, str):
            for value, figures in slices.items():
                if isinstance(value, tuple):
                    continue
                slice_checks = goal_checks(goal_list, account_id, figures, result.by, value)
                if slice_checks:
                    checks[value] = slice_checks
        found[account_id] = FrozenMap(checks)
    return FrozenMap(found)
