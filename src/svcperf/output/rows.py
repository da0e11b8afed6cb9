"""The row schemas of every result, each declared once: its columns and the function
that makes one row of values. The CSV renderer writes rows of the schema as cells, the
JSON renderer as objects (`svcperf.output.jsondoc`), from the same values.

A row's values are Python values: ``None`` (no value), booleans, integers, floats (a
figure's display value), text, dates and instants, enums, and tuples (issue types). In
CSV they read as in the interchange files (``true``/``false``, ISO 8601, empty for
none, a tuple joined by ``;``); in JSON as null, booleans, numbers, text and lists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ..evaluation import Evaluation, Figure, Performance
from ..io.writing import cell_text
from ..views.breakdown import slice_label
from ..window import Window
from ..zones import zone

if TYPE_CHECKING:  # (annotations only: a dashboard's JSON imports no other view)
    from ..views import Breakdown, ExplainRow, Explanation, History, IssueRow, Summary

__all__ = [
    "EXPLAIN",
    "FIGURE",
    "FIGURE_COLUMNS",
    "HISTORY_COLUMNS",
    "ISSUE",
    "PERFORMANCE_COLUMNS",
    "SUMMARY",
    "Row",
    "RowSchema",
    "by_label",
    "csv_cell",
    "csv_text",
    "explanation_rows",
    "figure_rows",
    "history_rows",
    "issue_rows",
    "json_cell",
    "local_iso",
    "performance_rows",
    "summary_rows",
]

T = TypeVar("T")
#: One row: a value per column.
Row = dict[str, Any]


@attrs.frozen
class RowSchema(Generic[T]):
    """A row schema: its `columns` and `make`, which makes the row of one item."""

    columns: tuple[str, ...]
    make: Callable[[T], Row]

    def json(self, item: T, omit: Iterable[str] = ()) -> dict[str, object]:
        """The row of `item` as a JSON object, without the columns in `omit` (those its
        place in the document already says)."""
        left_out = frozenset(omit)
        row = self.make(item)
        return {column: json_cell(row[column]) for column in self.columns
                if column not in left_out}


def local_iso(instant: datetime, window: Window) -> str:
    """`instant` as ISO 8601 in the window's zone.

    >>> from datetime import date
    >>> window = Window.for_night(date(2026, 9, 14), "America/Chicago")
    >>> local_iso(window.end, window)
    '2026-09-15T00:00:00-05:00'
    """
    return instant.astimezone(zone(window.zone)).isoformat()


def by_label(by: str | tuple[str, ...]) -> str:
    """A breakdown's attribute(s) as a label: ``coverage_area``, ``a × b``."""
    return by if isinstance(by, str) else " × ".join(by)


def csv_cell(value: object) -> str:
    """A row value as CSV text: as in the interchange files, a tuple joined by ``;``.

    >>> csv_cell(None), csv_cell(0.25), csv_cell(("a", "b"))
    ('', '0.25', 'a;b')
    """
    if isinstance(value, tuple):
        return ";".join(cell_text(item) for item in value)
    return cell_text(value)


def json_cell(value: object) -> object:
    """A row value in JSON: null, a boolean, a number, text (ISO 8601 for time), a list.

    >>> json_cell(None), json_cell(0.25), json_cell(("a", "b"))
    (None, 0.25, ['a', 'b'])
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, tuple):
        return [json_cell(item) for item in value]
    return cell_text(value)


def _figure(figure: Figure) -> Row:
    return {"metric": figure.key, "numerator": figure.numerator,
            "denominator": figure.denominator, "value": figure.display,
            "target": figure.target, "meets_target": figure.meets_target}


#: A figure: exact counts beside the display value (a float, none with no data).
FIGURE: RowSchema[Figure] = RowSchema(
    ("metric", "numerator", "denominator", "value", "target", "meets_target"), _figure)


def _issue(row: IssueRow) -> Row:
    return {"account_id": row.account_id, "job_id": row.job_id,
            "coverage_area": row.coverage_area, "profession": row.profession,
            "technician_id": row.technician_id, "status": row.status,
            "closed_at": row.closed_at, "issues": row.issues}


#: A job of the issue list.
ISSUE: RowSchema[IssueRow] = RowSchema(
    ("account_id", "job_id", "coverage_area", "profession", "technician_id", "status",
     "closed_at", "issues"), _issue)


def _explain(row: ExplainRow) -> Row:
    return {"account_id": row.account_id, "job_id": row.job_id, "role": row.role,
            "reason": row.reason, "contribution": row.contribution, "issues": row.issues}


#: A job of an explanation: its role in the figure, the reason, what it adds.
EXPLAIN: RowSchema[ExplainRow] = RowSchema(
    ("account_id", "job_id", "role", "reason", "contribution", "issues"), _explain)


def _summary(item: tuple[str, Summary]) -> Row:
    account_id, counts = item
    return {"account_id": account_id, "jobs_completed": counts.jobs_completed,
            "jobs_cancelled": counts.jobs_cancelled,
            "jobs_with_issues": counts.jobs_with_issues, "issues_total": counts.issues_total}


#: An account's summary counts (SPEC §6).
SUMMARY: RowSchema[tuple[str, Summary]] = RowSchema(
    ("account_id", "jobs_completed", "jobs_cancelled", "jobs_with_issues", "issues_total"),
    _summary)

#: A performance's rows: its status beside each of its figures.
PERFORMANCE_COLUMNS = ("status", *FIGURE.columns)
#: The evaluation's rows (account-wide: empty attribute and slice).
FIGURE_COLUMNS = ("account_id", "attribute", "slice", *PERFORMANCE_COLUMNS)
#: History's rows: a night's performance rows.
HISTORY_COLUMNS = ("night", "account_id", *PERFORMANCE_COLUMNS)


def performance_rows(base: Mapping[str, object], result: Performance) -> list[Row]:
    """One row per figure of `result` (the seven, then the defect-free rate), each with
    the values of `base` and the status."""
    return [{**base, "status": result.status, **FIGURE.make(figure)}
            for figure in [*result.figures.values(), result.defect_free]]


def figure_rows(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = (),
                accounts: Iterable[str] | None = None) -> list[Row]:
    """One row per account (and slice) and figure (`FIGURE_COLUMNS`); the account-wide
    rows have an empty attribute and slice."""
    rows: list[Row] = []
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    for account_id in wanted:
        rows += performance_rows({"account_id": account_id, "attribute": "", "slice": ""},
                                 evaluation[account_id])
        for part in breakdowns:
            for value, result in part.accounts.get(account_id, {}).items():
                rows += performance_rows({"account_id": account_id,
                                          "attribute": by_label(part.by),
                                          "slice": slice_label(value)}, result)
    return rows


def issue_rows(rows: Iterable[IssueRow]) -> list[Row]:
    """The issue list as rows (`ISSUE.columns`)."""
    return [ISSUE.make(row) for row in rows]


def explanation_rows(explanation: Explanation) -> list[Row]:
    """One row per job (`EXPLAIN.columns`)."""
    return [EXPLAIN.make(row) for row in explanation.rows]


def history_rows(history: History, accounts: Iterable[str] | None = None) -> list[Row]:
    """One row per night, account and figure (`HISTORY_COLUMNS`)."""
    rows: list[Row] = []
    wanted = list(history.accounts) if accounts is None else list(accounts)
    for account_id in wanted:
        for night, result in zip(history.nights, history.accounts[account_id], strict=True):
            rows += performance_rows({"night": night, "account_id": account_id}, result)
    return rows


def summary_rows(summaries: Mapping[str, Summary], accounts: Iterable[str] | None = None
                 ) -> list[Row]:
    """One row per account (of `accounts`, if given; `SUMMARY.columns`)."""
    wanted = list(summaries) if accounts is None else list(accounts)
    return [SUMMARY.make((account_id, summaries[account_id])) for account_id in wanted]


def csv_text(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> str:
    """Rows as CSV text (RFC 4180: CRLF line ends) with a header row.

    >>> csv_text([{"a": 1, "b": None}, {"a": True, "b": ("x", "y")}], ("a", "b")).splitlines()
    ['a,b', '1,', 'true,x;y']
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
