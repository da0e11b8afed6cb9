"""The Chart View: each service level against its target, night by night (a history),
or slice by slice (a breakdown). matplotlib's object-oriented API only (never pyplot),
so charts draw headless and leave no global state; each function returns the `Figure`.

Values are plotted as floats (display only): rates in percent, the rating in stars.
Whether a point misses is the figure's exact `meets_target`, never a float comparison.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InvalidArgumentError
from ..evaluation import Figure
from ..extras import require
from ..metrics import SERVICE_LEVELS, defect_free_rate
from ..views import Breakdown, History, slice_label
from ..views.explain import METRIC_KEYS

if TYPE_CHECKING:
    import matplotlib.figure

__all__ = ["MISSED", "breakdown_chart", "history_chart"]

#: The colour of a missed figure (and of the target line).
MISSED = "#d62728"
_MET = "#4c72b0"


@functools.cache
def _chart_class(figure_class: type[Any]) -> type[matplotlib.figure.Figure]:
    """A matplotlib `Figure` that a notebook displays as PNG whatever its matplotlib
    backend (a figure made without pyplot has no display of its own). Made on first
    use, so that importing this module does not import matplotlib."""

    class Chart(figure_class):  # type: ignore[misc]
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png")
            return buffer.getvalue()

    return Chart


def _new_figure(width: float, height: float, needed_by: str) -> matplotlib.figure.Figure:
    figure_class = require("matplotlib.figure", needed_by).Figure
    return _chart_class(figure_class)(figsize=(width, height), layout="constrained")


def _shown(figure: Figure) -> float:
    """The value as drawn: percent for a rate, stars for the rating, NaN with no data."""
    value = figure.display
    if value is None:
        return float("nan")
    return value if figure.unit != "rate" else 100 * value


def _target_line(figure: Figure) -> float | None:
    target = figure.target
    if target is None:
        return None
    threshold = float(target.threshold)
    return threshold if figure.unit != "rate" else 100 * threshold


def _unit_label(figure: Figure) -> str:
    return "%" if figure.unit == "rate" else "stars"


def _keys(metric: str | None) -> tuple[str, ...]:
    if metric is None:
        return tuple(level.key for level in SERVICE_LEVELS)
    if metric not in METRIC_KEYS:
        raise InvalidArgumentError(f"metric: expected one of {', '.join(METRIC_KEYS)}, "
                                   f"got {metric!r}")
    return (metric,)


def _accounts(found: Sequence[str], account: str | None) -> tuple[str, ...]:
    if account is None:
        return tuple(found)
    if account not in found:
        raise InvalidArgumentError(f"account: expected an account of the data "
                                   f"({', '.join(found)}), got {account!r}")
    return (account,)


def history_chart(history: History, metric: str | None = None,
                  account: str | None = None) -> matplotlib.figure.Figure:
    """One panel per service level (or the one `metric`): each account's value per night
    (or the one `account`'s), the target as a dashed line, missed nights marked in red.

    Raises `MissingExtraError` without matplotlib (``pip install 'svcperf[plot]'``).
    """
    keys = _keys(metric)
    accounts = _accounts(list(history), account)
    figure = _new_figure(9, 2.2 * len(keys) + 0.6, "History.plot()")
    axes: list[Any] = list(figure.subplots(len(keys), 1, sharex=True, squeeze=False)[:, 0])
    nights = list(history.nights)
    for ax, key in zip(axes, keys, strict=True):
        first: Figure | None = None
        marked = False
        for account_id in accounts:
            series = history.series(account_id, key)
            first = first or (series[0] if series else None)
            ax.plot(nights, [_shown(point) for point in series], label=account_id,
                    linewidth=1.5)
            missed = [(night, _shown(point)) for night, point in zip(nights, series,
                                                                     strict=True)
                      if point.meets_target is False]
            if missed:
                ax.scatter([night for night, _ in missed], [value for _, value in missed],
                           color=MISSED, s=14, zorder=3, label=None if marked else "missed")
                marked = True
        if first is not None:
            level = _target_line(first)
            if level is not None:
                ax.axhline(level, color=MISSED, linestyle="--", linewidth=1,
                           label=f"target {first.target}")
            ax.set_title(first.name, loc="left", fontsize=10)
            ax.set_ylabel(_unit_label(first))
        ax.grid(True, alpha=0.3)
    if accounts and nights:
        axes[0].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    if nights:
        figure.suptitle(f"{history.days}-day figures, nights {nights[0]} to {nights[-1]} "
                        f"({history.zone})", fontsize=11)
        figure.autofmt_xdate()
    return figure


def breakdown_chart(breakdown: Breakdown, metric: str,
                    account: str | None = None) -> matplotlib.figure.Figure:
    """One bar per slice (of every account, or of the one `account`) for `metric`, the
    target as a dashed line, the slices that miss it in red.

    Raises `MissingExtraError` without matplotlib (``pip install 'svcperf[plot]'``).
    """
    (key,) = _keys(metric)
    accounts = _accounts(list(breakdown), account)
    bars: list[tuple[str, Figure]] = []
    for account_id in accounts:
        for value, part in breakdown[account_id].items():
            label = slice_label(value)
            bars.append((label if len(accounts) == 1 else f"{account_id} · {label}",
                         part.defect_free if key == defect_free_rate.KEY else part[key]))
    figure = _new_figure(max(5.0, 0.45 * len(bars) + 2), 4, "Breakdown.plot()")
    ax: Any = figure.subplots()
    positions = list(range(len(bars)))
    ax.bar(positions, [_shown(point) for _, point in bars],
           color=[MISSED if point.meets_target is False else _MET for _, point in bars])
    ax.set_xticks(positions, [label for label, _ in bars], rotation=60, ha="right",
                  fontsize=8)
    by = breakdown.by if isinstance(breakdown.by, str) else " × ".join(breakdown.by)
    if bars:
        first = bars[0][1]
        level = _target_line(first)
        if level is not None:
            ax.axhline(level, color=MISSED, linestyle="--", linewidth=1,
                       label=f"target {first.target}")
            ax.legend(fontsize=8, frameon=False)
        ax.set_ylabel(_unit_label(first))
        ax.set_title(f"{first.name} by {by}", loc="left", fontsize=10)
    ax.grid(True, axis="y", alpha=0.3)
    return figure
