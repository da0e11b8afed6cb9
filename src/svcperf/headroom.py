"""Headroom, clean jobs needed and issues to remove: how far one figure is from its
target, exactly (SPEC §9).

Every answer is a closed form over the figure's integers and the target's exact
threshold. A figure is a sum `S` over `d` items (a rate: `S` issue jobs over `d` jobs;
the rating: `S` stars over `d` ratings). Adding `n` items of value `v` gives
``(S + n·v) / (d + n)``; for a ``<= t`` target it meets iff ``n·(v − t) <= t·d − S``,
for a ``>= t`` target iff ``n·(t − v) <= S − t·d``. Both read ``n·g <= slack``.

An answer is ``None`` when the question does not apply (no data, no target, the
figure meets or misses) or has no solution; `Room.note` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import ceil, floor

import attrs

from .evaluation import Figure
from .metrics import negative_feedback_rate
from .targets import Comparison, Target

__all__ = ["BEST_STARS", "WORST_STARS", "Room", "room"]

#: The stars of the rating added for its headroom (a 1-star rating) and for its
#: clean jobs needed (a 5-star rating).
WORST_STARS, BEST_STARS = 1, 5


@attrs.frozen
class Room:
    """How far a figure is from its target.

    `headroom`: for a figure that meets its target, the largest n such that n more
    issue jobs (1-star ratings for the rating) still meet it. `clean_jobs_needed`: for
    a figure that misses, the smallest k such that k more issue-free jobs (5-star
    ratings) meet it. `issues_to_remove`: for a figure that misses, the smallest m such
    that removing m of its issues (its m lowest ratings, for the rating) meets it.
    `note` says why an answer that applies is ``None`` (empty when none is).
    """

    headroom: int | None = None
    clean_jobs_needed: int | None = None
    issues_to_remove: int | None = None
    note: str = ""


def _slack(target: Target, total: Fraction, count: int) -> Fraction:
    """How much the figure ``total / count`` is inside its target (< 0: outside)."""
    if target.comparison is Comparison.AT_MOST:
        return target.threshold * count - total
    return total - target.threshold * count


def _cost(target: Target, value: int) -> Fraction:
    """How much one more item of `value` uses up of the slack."""
    if target.comparison is Comparison.AT_MOST:
        return value - target.threshold
    return target.threshold - value


def _is_rating(figure: Figure) -> bool:
    return figure.unit == "stars"


def _headroom(figure: Figure, target: Target) -> tuple[int | None, str]:
    cost = _cost(target, WORST_STARS if _is_rating(figure) else 1)
    if cost <= 0:
        return None, f"unbounded: no number of {_bad(figure)} can miss {target}"
    return floor(_slack(target, Fraction(figure.numerator), figure.denominator) / cost), ""


def _clean_jobs_needed(figure: Figure, target: Target) -> tuple[int | None, str]:
    cost = _cost(target, BEST_STARS if _is_rating(figure) else 0)
    if cost >= 0:
        return None, f"no number of {_good(figure)} can meet {target}"
    return ceil(_slack(target, Fraction(figure.numerator), figure.denominator) / cost), ""


def _issues_to_remove_from_rate(figure: Figure, target: Target) -> tuple[int | None, str]:
    if target.comparison is not Comparison.AT_MOST:
        return None, f"removing issues lowers the rate: it cannot meet {target}"
    numerator, denominator, threshold = figure.numerator, figure.denominator, target.threshold
    if figure.key == negative_feedback_rate.LEVEL.key:
        # A granted negative-feedback dispute removes the rating: the job leaves R, so
        # each removal takes 1 from both terms: (x − m) <= t·(d − m).
        needed = ceil((numerator - threshold * denominator) / (1 - threshold))
        if needed >= denominator:
            return None, "only removing every rating would do, and that leaves no data"
        return max(needed, 0), ""
    if threshold < 0:
        return None, f"no rate can meet {target}"
    return max(ceil(numerator - threshold * denominator), 0), ""


def _issues_to_remove_from_rating(target: Target,
                                  stars: Mapping[int, int]) -> tuple[int | None, str]:
    """Remove the lowest ratings first; within a star value v below the threshold t,
    removing j of them meets iff ``j·(t − v) >= t·d − S`` (with `d`, `S` what is left)."""
    count, total = sum(stars.values()), sum(star * n for star, n in stars.items())
    removed = 0
    for star in sorted(stars):
        if _slack(target, Fraction(total), count) >= 0:
            return removed, ""
        available = stars[star]
        gain = _cost(target, star)  # what removing one rating of this star value gives back
        if gain > 0:
            take = ceil(-_slack(target, Fraction(total), count) / gain)
            if take <= available and take < count:
                return removed + take, ""
        removed, count, total = removed + available, count - available, total - star * available
        if count == 0:
            break
    return None, "only removing every rating would do, and that leaves no data"


def room(figure: Figure, stars: Mapping[int, int] | None = None) -> Room:
    """The headroom of a figure that meets its target, or what it takes to meet it.

    Args:
        figure: any figure of the seven service levels (account or slice).
        stars: for the rating, how many ratings of R have each star value (needed for
            `issues_to_remove`; without it that answer is ``None``).

    >>> from svcperf.targets import Target
    >>> rate = Target.at_most("1%")
    >>> room(Figure("hg_claim_rate", "HG", 1, 200, rate))
    Room(headroom=1, clean_jobs_needed=None, issues_to_remove=None, note='')
    >>> room(Figure("hg_claim_rate", "HG", 3, 200, rate))
    Room(headroom=None, clean_jobs_needed=100, issues_to_remove=1, note='')
    >>> rating = Figure("customer_feedback_rating", "CFR", 9, 2, Target.at_least("4.7"), "stars")
    >>> room(rating, {4: 1, 5: 1})
    Room(headroom=None, clean_jobs_needed=2, issues_to_remove=1, note='')
    """
    target, met = figure.target, figure.meets_target
    if target is None or met is None:
        return Room(note="no target" if target is None else "no data")
    if met:
        headroom, note = _headroom(figure, target)
        return Room(headroom=headroom, note=note)
    clean, clean_note = _clean_jobs_needed(figure, target)
    if not _is_rating(figure):
        remove, remove_note = _issues_to_remove_from_rate(figure, target)
    elif stars is None:
        remove, remove_note = None, "the star distribution is not known"
    elif target.comparison is not Comparison.AT_LEAST:
        remove, remove_note = None, f"removing the lowest ratings cannot meet {target}"
    else:
        remove, remove_note = _issues_to_remove_from_rating(target, stars)
    return Room(clean_jobs_needed=clean, issues_to_remove=remove,
                note="; ".join(note for note in (clean_note, remove_note) if note))


def _bad(figure: Figure) -> str:
    return "1-star ratings" if _is_rating(figure) else "issue jobs"


def _good(figure: Figure) -> str:
    return "5-star ratings" if _is_rating(figure) else "issue-free jobs"
