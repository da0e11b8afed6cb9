"""Targets: exact thresholds, grouped in sets with an effective instant (SPEC §5).

Targets are data, not constants: the marketplace may change them, and an owner may
set stricter goals. An evaluation uses the set in force at its `as_of`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

import attrs

from .errors import InvalidArgumentError
from .frozen import FrozenMap, frozen_map
from .metrics import SERVICE_LEVELS, defect_free_rate

__all__ = ["GOAL_ATTRIBUTES", "SEED_TARGETS", "Comparison", "Goal", "Target", "TargetSet",
           "comparison_problem", "own_comparison", "target_set_in_force"]


class Comparison(StrEnum):
    """How a figure is compared with its threshold."""

    AT_LEAST = ">="
    AT_MOST = "<="


#: The largest power of ten a threshold may be written with (``1e-999999`` would take
#: minutes to read exactly, and no threshold needs it).
_MAX_EXPONENT = 100
_EXPONENT = re.compile(r"[eE]([+-]?[0-9]+)$")


def _exact(value: str | int | Fraction | Decimal) -> tuple[Fraction, bool]:
    """Read a threshold exactly; a text ending in ``%`` is a percentage."""
    if isinstance(value, str):
        text = value.strip()
        percent = text.endswith("%")
        number_text = text.removesuffix("%").strip()
        exponent = _EXPONENT.search(number_text)
        try:
            if exponent is not None and abs(int(exponent.group(1))) > _MAX_EXPONENT:
                raise ValueError(number_text)
            number = Fraction(number_text)
        except (ValueError, ZeroDivisionError):
            raise InvalidArgumentError(f"target: expected a number or a percentage such as "
                                       f"'4.7' or '1%', got {value!r}") from None
        return (number / 100, True) if percent else (number, False)
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal) or (
            isinstance(value, Decimal) and not (
                value.is_finite() and abs(value.adjusted()) <= _MAX_EXPONENT)):
        raise InvalidArgumentError(f"target: expected an exact finite number (int, Fraction, "
                                   f"Decimal or text), got {value!r}")
    return Fraction(value), False


def _decimal_text(value: Fraction) -> str:
    """``Fraction(47, 10)`` -> ``'4.7'``, every digit of a finite decimal (in integers: no
    rounding, however many); a value with no finite decimal stays ``'a/b'``.

    >>> _decimal_text(Fraction(-1, 8)), _decimal_text(Fraction(2, 3)), _decimal_text(Fraction(5))
    ('-0.125', '2/3', '5')
    """
    rest, places = value.denominator, {2: 0, 5: 0}
    for factor in places:
        while rest % factor == 0:
            rest //= factor
            places[factor] += 1
    if rest != 1:
        return str(value)
    digits = max(places.values())
    whole, fraction = divmod(abs(value.numerator) * 10 ** digits // value.denominator,
                             10 ** digits)
    sign = "-" if value < 0 else ""
    if not digits:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{fraction:0{digits}d}".rstrip("0")


@attrs.frozen
class Target:
    """A comparison with an exact threshold, e.g. ``>= 4.7`` or ``<= 1%``.

    >>> Target.at_least("4.7").met_by(Fraction(47, 10))
    True
    >>> Target.at_most("1%").met_by(Fraction(1, 100))
    True
    >>> Target.at_most("10%").met_by(Fraction(11, 100)), Target.at_most("1%").met_by(None)
    (False, None)
    >>> str(Target.at_most("1%")), str(Target.at_least("4.7"))
    ('<= 1%', '>= 4.7')
    """

    comparison: Comparison
    threshold: Fraction
    percent: bool = False

    @classmethod
    def at_least(cls, value: str | int | Fraction | Decimal) -> Target:
        """A figure meets it when it is at least `value` (``"4.7"``, ``Fraction(47, 10)``)."""
        threshold, percent = _exact(value)
        return cls(Comparison.AT_LEAST, threshold, percent)

    @classmethod
    def at_most(cls, value: str | int | Fraction | Decimal) -> Target:
        """A figure meets it when it is at most `value` (``"1%"``, ``Fraction(1, 100)``)."""
        threshold, percent = _exact(value)
        return cls(Comparison.AT_MOST, threshold, percent)

    def met_by(self, value: Fraction | None) -> bool | None:
        """Whether an exact figure meets the target; ``None`` when there is no data."""
        if value is None:
            return None
        if self.comparison is Comparison.AT_LEAST:
            return value >= self.threshold
        return value <= self.threshold

    def __str__(self) -> str:
        shown = self.threshold * 100 if self.percent else self.threshold
        return f"{self.comparison.value} {_decimal_text(shown)}{'%' if self.percent else ''}"


#: Each metric's own comparison (SPEC §4): the rating, and the defect-free rate (a share of
#: jobs without issues), are met when at least their threshold; every rate of issues when
#: at most its threshold.
_OWN_COMPARISONS = {level.key: Comparison.AT_LEAST if level.unit == "stars"
                    else Comparison.AT_MOST for level in SERVICE_LEVELS} | {
                        defect_free_rate.KEY: Comparison.AT_LEAST}


def own_comparison(key: str) -> Comparison | None:
    """The comparison metric `key` is judged by (``None`` for a key that is no metric's)."""
    return _OWN_COMPARISONS.get(key)


def comparison_problem(key: str, target: Target) -> str | None:
    """What a target of metric `key` must be when `target` compares the other way (a
    ``>= 1%`` claim rate would be met by every rate above 1 %); ``None`` when it compares
    as the metric does, or `key` is no metric's. Target sets, goals and targets files all
    apply this one rule.

    >>> comparison_problem("hg_claim_rate", Target.at_least("1%"))
    "a '<=' comparison (hg_claim_rate is met when at most its threshold)"
    >>> comparison_problem("customer_feedback_rating", Target.at_least("4.7")) is None
    True
    """
    own = own_comparison(key)
    if own is None or target.comparison is own:
        return None
    how = "at least" if own is Comparison.AT_LEAST else "at most"
    return f"a {own.value!r} comparison ({key} is met when {how} its threshold)"


def _check_targets(targets: Mapping[str, Target]) -> None:
    """Each of `targets` is a `Target` of its metric's own comparison."""
    for key, target in targets.items():
        if not isinstance(target, Target):
            raise InvalidArgumentError(f"targets[{key!r}]: expected a Target, got {target!r}")
        expected = comparison_problem(key, target)
        if expected is not None:
            raise InvalidArgumentError(f"targets[{key!r}]: expected a target with {expected}, "
                                       f"got {str(target)!r}")


@attrs.frozen
class TargetSet:
    """The targets in force from the instant `effective_from` on, keyed by metric key.

    A metric without a target in the set is shown without one and never causes
    Attention.
    """

    effective_from: datetime
    targets: Mapping[str, Target] = attrs.field(converter=frozen_map)

    def __attrs_post_init__(self) -> None:
        start = self.effective_from
        if not isinstance(start, datetime) or start.tzinfo is None:
            raise InvalidArgumentError(f"effective_from: expected a timezone-aware datetime, "
                                       f"got {start!r}")
        _check_targets(self.targets)

    def get(self, key: str) -> Target | None:
        """The target for metric `key`, or ``None``."""
        return self.targets.get(key)


def target_set_in_force(sets: TargetSet | Iterable[TargetSet], as_of: datetime) -> TargetSet:
    """Return the set with the latest `effective_from` at or before `as_of`.

    Raises `InvalidArgumentError` when none is in force yet, saying when the first takes
    effect; it names `as_of` when the sets are the seed's (the default: the caller gave
    none), else `targets`.
    """
    sets = (sets,) if isinstance(sets, TargetSet) else tuple(sets)
    in_force = [s for s in sets if s.effective_from <= as_of]
    if not in_force:
        if sets and all(s == SEED_TARGETS for s in sets):
            raise InvalidArgumentError(
                f"as_of: no target set is in force at {as_of.isoformat()}; the built-in (seed) "
                f"targets take effect at {SEED_TARGETS.effective_from.isoformat()}")
        first = min((s.effective_from for s in sets), default=None)
        raise InvalidArgumentError(
            f"targets: no target set is in force at {as_of.isoformat()}" + (
                "" if first is None else f"; the first takes effect at {first.isoformat()}"))
    return max(in_force, key=lambda s: s.effective_from)


#: The seed's targets (SPEC §4), in force since the start of time.
SEED_TARGETS = TargetSet(
    effective_from=datetime(1970, 1, 1, tzinfo=timezone.utc),
    targets={
        "customer_feedback_rating": Target.at_least("4.7"),
        "hg_claim_rate": Target.at_most("1%"),
        "negative_feedback_rate": Target.at_most("1%"),
        "cancellation_rate": Target.at_most("1%"),
        "reschedule_rate": Target.at_most("1%"),
        "outside_arrival_window_rate": Target.at_most("10%"),
        "late_completion_rate": Target.at_most("1%"),
    },
)


#: The job attributes a goal may be set for (besides account-wide goals).
GOAL_ATTRIBUTES = ("coverage_area", "profession", "technician_id")


class _Figures(Protocol):
    """Anything with figures by metric key (a `Performance`, an account's result)."""

    def __getitem__(self, key: str, /) -> _Figure: ...


class _Figure(Protocol):
    @property
    def value(self) -> Fraction | None: ...


@attrs.frozen
class Goal:
    """An owner's goals for one slice (or the whole account): targets that add "goal met
    / missed" beside the figures and never change the status (SPEC §5).

    `attribute` is ``None`` for an account-wide goal, else one of `GOAL_ATTRIBUTES`, and
    `value` the slice's value (``None``: the jobs with no value, e.g. unassigned);
    `account_id` ``None`` means every account.

    >>> goal = Goal("North team", {"reschedule_rate": Target.at_most("0.5%")},
    ...             attribute="coverage_area", value="North")
    >>> goal.applies_to("acct-1", "coverage_area", "North"), goal.applies_to("acct-1")
    (True, False)
    """

    name: str
    targets: Mapping[str, Target] = attrs.field(converter=frozen_map)
    attribute: str | None = None
    value: str | None = None
    account_id: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_targets(self.targets)

    def applies_to(self, account_id: str, attribute: str | None = None,
                   value: str | None = None) -> bool:
        """Whether the goal is set for this account's slice (no attribute: account-wide)."""
        return (self.account_id in (None, account_id) and self.attribute == attribute
                and (attribute is None or self.value == value))

    def checks(self, figures: _Figures) -> Mapping[str, bool | None]:
        """Goal met (``True``), missed (``False``) or no data (``None``) per metric key."""
        return FrozenMap({key: target.met_by(figures[key].value)
                                 for key, target in self.targets.items()})
