"""The evaluation in the shape of the Account Health report of Amazon's Selling Partner
API (``schemas/reports/accountHealthReport-2020-11-18.json`` of
amzn/selling-partner-api-models), so that services that consume that report can read
svcperf's figures. docs/cli.md maps every field and says where the two disagree.

Per account: an ``accountStatuses`` item (``marketplaceId`` is the account id;
``NORMAL`` for Good Standing, ``AT_RISK`` for Attention) and a ``performanceMetrics``
item with one object per service level: its counts, ``rate``, ``status``
(``GOOD``/``BAD``/``NONE``), ``targetValue``, ``targetCondition`` and
``reportingDateRange``. The figures are those of the evaluation, taken from the figure
row schema (`svcperf.output.rows.FIGURE`); the status is the exact comparison's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from ..evaluation import Evaluation, Figure
from ..metrics import SERVICE_LEVELS
from ..status import Status
from ..targets import Comparison
from ..window import Window
from .jsondoc import JSON
from .rows import FIGURE

__all__ = ["ACCOUNT_STATUS", "METRIC_NAMES", "account_health_json", "reporting_date_range"]

#: The report's account status of each performance status.
ACCOUNT_STATUS = {Status.GOOD_STANDING: "NORMAL", Status.ATTENTION: "AT_RISK"}
#: The report's name of each service level's metric object (our key in camelCase).
METRIC_NAMES = {level.key: level.key.split("_")[0] + "".join(
    word.capitalize() for word in level.key.split("_")[1:]) for level in SERVICE_LEVELS}
_CONDITIONS = {Comparison.AT_LEAST: "GREATER_THAN", Comparison.AT_MOST: "LESS_THAN"}
_STATUS = {True: "GOOD", False: "BAD", None: "NONE"}
# The counts' names: the schema's where it has one (`orderCount`, `defectsCount`,
# `cancellationCount`), ours where it has none (the rated orders, the stars).
_NUMERATOR_NAMES = {"cancellation_rate": "cancellationCount",
                    "customer_feedback_rating": "starsTotal"}
_RATED_ONLY = {level.key for level in SERVICE_LEVELS if level.rated_only}


def _minute(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def reporting_date_range(window: Window) -> JSON:
    """The window as the report's ``reportingDateRange``: its first and its last minute,
    in UTC (the report's dates are inclusive; the window's end is exclusive).

    >>> from datetime import date
    >>> reporting_date_range(Window.for_night(date(2026, 11, 15), "America/Chicago"))
    {'reportingDateFrom': '2026-09-17T05:00Z', 'reportingDateTo': '2026-11-16T05:59Z'}
    """
    return {"reportingDateFrom": _minute(window.start),
            "reportingDateTo": _minute(window.end - timedelta(microseconds=1))}


def _metric(figure: Figure, window: Window) -> JSON:
    row = FIGURE.make(figure)
    target = figure.target
    denominator = "ratedOrderCount" if figure.key in _RATED_ONLY else "orderCount"
    return {"reportingDateRange": reporting_date_range(window),
            denominator: row["denominator"],
            _NUMERATOR_NAMES.get(figure.key, "defectsCount"): row["numerator"],
            "status": _STATUS[row["meets_target"]],
            "rate": row["value"],
            "targetValue": None if target is None else float(target.threshold),
            "targetCondition": None if target is None else _CONDITIONS[target.comparison]}


def account_health_json(evaluation: Evaluation, accounts: Iterable[str] | None = None) -> JSON:
    """The evaluation as an Account Health report: one status and one set of metrics per
    account (of `accounts`, if given)."""
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    window = evaluation.window
    statuses, metrics = [], []
    for account_id in wanted:
        account = evaluation[account_id]
        statuses.append({"marketplaceId": account_id,
                         "status": ACCOUNT_STATUS[account.status]})
        metrics.append({"marketplaceId": account_id,
                        **{METRIC_NAMES[key]: _metric(figure, window)
                           for key, figure in account.figures.items()}})
    return {"accountStatuses": statuses, "performanceMetrics": metrics}
