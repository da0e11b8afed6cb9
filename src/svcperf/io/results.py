"""Results as data for output: JSON-ready objects and CSV rows (SPEC §8).

Exact counts (numerator, denominator) always travel beside the display value, so a
reader can recompute every figure; ``value`` is a float for display, ``None`` with no
data. Instants are ISO 8601 in the evaluation's zone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..evaluation import Evaluation, Figure, Performance
from ..views import Breakdown, Explanation, History, IssueRow, slice_label
from ..window import Window
from ..zones import zone
from .interchange import cell_text

__all__ = [
    "EXPLAIN_COLUMNS",
    "FIGURE_COLUMNS",
    "HISTORY_COLUMNS",
    "ISSUE_COLUMNS",
    "csv_text",
    "evaluation_json",
    "explanation_json",
    "explanation_rows",
    "figure_json",
    "figure_rows",
    "history_json",
    "history_rows",
    "issue_json",
    "issue_rows",
    "local_iso",
    "performance_json",
]

FIGURE_COLUMNS = ("account_id", "attribute", "slice", "status", "metric", "numerator",
                  "denominator", "value", "target", "meets_target")
ISSUE_COLUMNS = ("account_id", "job_id", "coverage_area", "profession", "technician_id",
                 "status", "closed_at", "issues")
EXPLAIN_COLUMNS = ("account_id", "job_id", "role", "reason", "contribution", "issues")
HISTORY_COLUMNS = ("night", "account_id", "status", "metric", "numerator", "denominator",
                   "value", "target", "meets_target")

JSON = dict[str, Any]


def local_iso(instant: datetime, window: Window) -> str:
    """`instant` as ISO 8601 in the window's zone.

    >>> from datetime import date
    >>> window = Window.for_night(date(2026, 9, 14), "America/Chicago")
    >>> local_iso(window.end, window)
    '2026-09-15T00:00:00-05:00'
    """
    return instant.astimezone(zone(window.zone)).isoformat()


def figure_json(figure: Figure) -> JSON:
    """One figure in the shape of SPEC §8: numerator, denominator, value, target, meets_target."""
    return {"numerator": figure.numerator, "denominator": figure.denominator,
            "value": figure.display,
            "target": None if figure.target is None else str(figure.target),
            "meets_target": figure.meets_target}


def performance_json(result: Performance) -> JSON:
    """A status and the seven figures keyed by metric key."""
    return {"status": result.status.value,
            "metrics": {key: figure_json(figure) for key, figure in result.figures.items()}}


def evaluation_json(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = (),
                    accounts: Iterable[str] | None = None) -> JSON:
    """The evaluation (and its breakdowns, by attribute) as one JSON object (SPEC §8).

    Each account also carries its ``defect_free_rate`` figure; slices with no value are
    keyed ``"(none)"``. `accounts` limits the output to those accounts.
    """
    window = evaluation.window
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    result: JSON = {"as_of": local_iso(window.end, window),
                    "window_start": local_iso(window.start, window), "accounts": {}}
    for account_id in wanted:
        account = evaluation[account_id]
        shown = performance_json(account)
        shown["defect_free_rate"] = figure_json(account.defect_free)
        shown["breakdowns"] = {
            _by_label(breakdown.by): {
                slice_label(value): performance_json(part)
                for value, part in breakdown.accounts.get(account_id, {}).items()}
            for breakdown in breakdowns}
        result["accounts"][account_id] = shown
    return result


def _by_label(by: str | tuple[str, ...]) -> str:
    return by if isinstance(by, str) else " × ".join(by)


def _figure_cells(figure: Figure) -> dict[str, object]:
    return {"metric": figure.key, "numerator": figure.numerator,
            "denominator": figure.denominator,
            "value": "" if figure.display is None else repr(figure.display),
            "target": figure.target, "meets_target": figure.meets_target}


def _performance_rows(base: Mapping[str, object], result: Performance) -> list[dict[str, object]]:
    figures = [*result.figures.values(), result.defect_free]
    return [{**base, "status": result.status.value, **_figure_cells(figure)}
            for figure in figures]


def figure_rows(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = (),
                accounts: Iterable[str] | None = None) -> list[dict[str, object]]:
    """One row per account (and slice) and figure (`FIGURE_COLUMNS`); the account-wide
    rows have an empty attribute and slice."""
    rows: list[dict[str, object]] = []
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    for account_id in wanted:
        rows += _performance_rows({"account_id": account_id, "attribute": "", "slice": ""},
                                  evaluation[account_id])
        for breakdown in breakdowns:
            for value, part in breakdown.accounts.get(account_id, {}).items():
                rows += _performance_rows({"account_id": account_id,
                                           "attribute": _by_label(breakdown.by),
                                           "slice": slice_label(value)}, part)
    return rows


def issue_rows(rows: Iterable[IssueRow]) -> list[dict[str, object]]:
    """The issue list as rows (`ISSUE_COLUMNS`); issue types joined by ``;``."""
    return [{"account_id": row.account_id, "job_id": row.job_id,
             "coverage_area": row.coverage_area, "profession": row.profession,
             "technician_id": row.technician_id, "status": row.status,
             "closed_at": row.closed_at, "issues": ";".join(row.issues)} for row in rows]


def issue_json(rows: Iterable[IssueRow], window: Window) -> JSON:
    """The issue list as one JSON object: the window and one object per job."""
    return {"as_of": local_iso(window.end, window),
            "window_start": local_iso(window.start, window),
            "jobs": [{"account_id": row.account_id, "job_id": row.job_id,
                      "coverage_area": row.coverage_area, "profession": row.profession,
                      "technician_id": row.technician_id, "status": row.status.value,
                      "closed_at": row.closed_at.isoformat(),
                      "issues": [issue.value for issue in row.issues]} for row in rows]}


def explanation_rows(explanation: Explanation) -> list[dict[str, object]]:
    """One row per job (`EXPLAIN_COLUMNS`)."""
    return [{"account_id": row.account_id, "job_id": row.job_id, "role": row.role,
             "reason": row.reason, "contribution": row.contribution,
             "issues": ";".join(row.issues)} for row in explanation.rows]


def explanation_json(explanation: Explanation) -> JSON:
    """The explained figure, its slice, its window and every job's part in it."""
    window = explanation.window
    return {"metric": explanation.metric, "account_id": explanation.account_id,
            "where": dict(explanation.where),
            "as_of": local_iso(window.end, window),
            "window_start": local_iso(window.start, window),
            **figure_json(explanation.figure),
            "jobs": [{"job_id": row.job_id, "role": row.role.value, "reason": row.reason.value,
                      "contribution": row.contribution,
                      "issues": [issue.value for issue in row.issues]}
                     for row in explanation.rows]}


def history_rows(history: History, accounts: Iterable[str] | None = None
                 ) -> list[dict[str, object]]:
    """One row per night, account and figure (`HISTORY_COLUMNS`)."""
    rows: list[dict[str, object]] = []
    wanted = list(history.accounts) if accounts is None else list(accounts)
    for account_id in wanted:
        for night, result in zip(history.nights, history.accounts[account_id], strict=True):
            rows += [{"night": night, "account_id": account_id, **row}
                     for row in _performance_rows({}, result)]
    return rows


def history_json(history: History, accounts: Iterable[str] | None = None) -> JSON:
    """Per account, per night: the status and the figures (as in SPEC §8)."""
    wanted = list(history.accounts) if accounts is None else list(accounts)
    return {"zone": history.zone, "window_days": history.days,
            "nights": [night.isoformat() for night in history.nights],
            "accounts": {account_id: [
                {"night": night.isoformat(), **performance_json(result),
                 "defect_free_rate": figure_json(result.defect_free)}
                for night, result in zip(history.nights, history.accounts[account_id],
                                         strict=True)]
                for account_id in wanted}}


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends) with a header row; values as in the
    interchange files.

    >>> csv_text([{"a": 1, "b": None}, {"a": True, "b": "x"}], ("a", "b")).splitlines()
    ['a,b', '1,', 'true,x']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])
    return buffer.getvalue()
