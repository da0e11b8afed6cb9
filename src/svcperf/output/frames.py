"""Results as tidy tables: one Arrow table per result, pandas and polars made from it.

Each result becomes one row per account × slice × night × figure (or per job, for the
issue list and an explanation), with the columns declared below (see
docs/notebooks.md). Exact counts travel beside the display `value`; `threshold` is
the target's exact threshold as a float, for plotting; instants are UTC timestamps.

pyarrow is imported here only, when a table is asked for; pandas and polars are made
from the Arrow table (`pyarrow.Table.to_pandas`, `polars.from_arrow`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from ..evaluation import AccountResult, Evaluation, Figure, Performance
from ..extras import require
from ..records import IssueType
from ..views import (
    Breakdown,
    Dashboard,
    ExplainRow,
    Explanation,
    History,
    IssueRow,
    Summary,
    slice_label,
)
from ..window import Window

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

__all__ = ["EXPLAIN_FRAME", "FIGURE_FRAME", "ISSUE_FRAME", "SUMMARY_FRAME", "Columns",
           "rows_of", "to_arrow", "to_pandas", "to_polars"]

#: A frame's columns: each name and its kind (see `_arrow_type`).
Columns = tuple[tuple[str, str], ...]

_WINDOW: Columns = (("night", "date"), ("as_of", "instant"), ("window_start", "instant"),
                    ("window_days", "int"))

#: Evaluations, account results, dashboards, breakdowns and histories: one row per
#: account (and slice, and night) and figure, the defect-free rate included.
#: `attribute` and `slice` are null on the account-wide rows; `night` is null for a
#: window that ends at an instant, `window_days` for an explicit `[start, end)`.
FIGURE_FRAME: Columns = (
    *_WINDOW, ("account_id", "text"), ("attribute", "text"), ("slice", "text"),
    ("status", "text"), ("metric", "text"), ("name", "text"), ("numerator", "int"),
    ("denominator", "int"), ("value", "float"), ("target", "text"), ("threshold", "float"),
    ("comparison", "text"), ("meets_target", "bool"))

_JOB: Columns = (("account_id", "text"), ("job_id", "text"), ("coverage_area", "text"),
                 ("profession", "text"), ("technician_id", "text"), ("status", "text"),
                 ("closed_at", "instant"), ("issues", "texts"))

#: The issue list: one row per job, its issue types as a list and as one flag each.
ISSUE_FRAME: Columns = (*_WINDOW, *_JOB, *((issue.value, "bool") for issue in IssueType))

#: An explanation: one row per job of the account (and slice), left-out jobs included.
EXPLAIN_FRAME: Columns = (*_WINDOW, ("metric", "text"), *_JOB, ("role", "text"),
                          ("reason", "text"), ("contribution", "int"))

#: The summary: one row per account.
SUMMARY_FRAME: Columns = (("account_id", "text"), ("jobs_completed", "int"),
                          ("jobs_cancelled", "int"), ("jobs_with_issues", "int"),
                          ("issues_total", "int"))

Row = dict[str, object]


def _window_cells(window: Window) -> Row:
    return {"night": window.night, "as_of": window.end, "window_start": window.start,
            "window_days": window.days}


def _figure_cells(figure: Figure) -> Row:
    target = figure.target
    return {"metric": figure.key, "name": figure.name, "numerator": figure.numerator,
            "denominator": figure.denominator, "value": figure.display,
            "target": None if target is None else str(target),
            "threshold": None if target is None else float(target.threshold),
            "comparison": None if target is None else target.comparison.value,
            "meets_target": figure.meets_target}


def _performance_rows(base: Row, result: Performance) -> Iterator[Row]:
    for figure in (*result.figures.values(), result.defect_free):
        yield {**base, "status": result.status.value, **_figure_cells(figure)}


def _by_label(by: str | tuple[str, ...]) -> str:
    return by if isinstance(by, str) else " × ".join(by)


def _evaluation_rows(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = ()
                     ) -> Iterator[Row]:
    window = _window_cells(evaluation.window)
    for account_id, account in evaluation.items():
        yield from _performance_rows(
            {**window, "account_id": account_id, "attribute": None, "slice": None}, account)
        for found in breakdowns:
            yield from _slice_rows(found, account_id)


def _slice_rows(breakdown: Breakdown, account_id: str) -> Iterator[Row]:
    base = {**_window_cells(breakdown.window), "account_id": account_id,
            "attribute": _by_label(breakdown.by)}
    for value, part in breakdown.get(account_id, {}).items():
        yield from _performance_rows({**base, "slice": slice_label(value)}, part)


def _history_rows(history: History) -> Iterator[Row]:
    windows = [_window_cells(Window.for_night(night, history.zone, history.days))
               for night in history.nights]
    for account_id, nightly in history.items():
        for window, result in zip(windows, nightly, strict=True):
            yield from _performance_rows(
                {**window, "account_id": account_id, "attribute": None, "slice": None}, result)


def _job_cells(row: IssueRow | ExplainRow) -> Row:
    return {"account_id": row.account_id, "job_id": row.job_id,
            "coverage_area": row.coverage_area, "profession": row.profession,
            "technician_id": row.technician_id, "status": row.status.value,
            "closed_at": row.closed_at, "issues": [issue.value for issue in row.issues]}


def _issue_rows(rows: Iterable[IssueRow], window: Window | None) -> Iterator[Row]:
    base = {} if window is None else _window_cells(window)
    for row in rows:
        yield {**base, **_job_cells(row),
               **{issue.value: issue in row.issues for issue in IssueType}}


def _explain_rows(explanation: Explanation) -> Iterator[Row]:
    base = {**_window_cells(explanation.window), "metric": explanation.metric}
    for row in explanation.rows:
        yield {**base, **_job_cells(row), "role": row.role.value, "reason": row.reason.value,
               "contribution": row.contribution}


def _summary_rows(summaries: Mapping[str, Summary]) -> Iterator[Row]:
    for account_id, counts in summaries.items():
        yield {"account_id": account_id, "jobs_completed": counts.jobs_completed,
               "jobs_cancelled": counts.jobs_cancelled,
               "jobs_with_issues": counts.jobs_with_issues, "issues_total": counts.issues_total}


def rows_of(result: object) -> tuple[Columns, Iterator[Row]]:
    """The frame's columns and rows of `result`: an evaluation, an account result, a
    dashboard, a breakdown, a history, an explanation, an issue list (a sequence of
    `IssueRow`) or a summary (a mapping of account id to `Summary`)."""
    if isinstance(result, Dashboard):
        return FIGURE_FRAME, _evaluation_rows(result.evaluation, result.breakdowns)
    if isinstance(result, Evaluation):
        return FIGURE_FRAME, _evaluation_rows(result)
    if isinstance(result, AccountResult):
        return FIGURE_FRAME, _performance_rows(
            {"account_id": result.account_id, "attribute": None, "slice": None}, result)
    if isinstance(result, Breakdown):
        return FIGURE_FRAME, (row for account_id in result for row in _slice_rows(result,
                                                                                 account_id))
    if isinstance(result, History):
        return FIGURE_FRAME, _history_rows(result)
    if isinstance(result, Explanation):
        return EXPLAIN_FRAME, _explain_rows(result)
    if isinstance(result, Mapping) and all(isinstance(value, Summary)
                                           for value in result.values()):
        return SUMMARY_FRAME, _summary_rows(result)
    if isinstance(result, Sequence) and all(isinstance(row, IssueRow) for row in result):
        return ISSUE_FRAME, _issue_rows(result, getattr(result, "window", None))
    raise TypeError(f"expected an svcperf result (an evaluation, a dashboard, a breakdown, "
                    f"a history, an explanation, an issue list or a summary), "
                    f"got {type(result).__name__}")


def _arrow_type(kind: str) -> Any:
    pa = require("pyarrow", "to_arrow()")
    return {"text": pa.string(), "int": pa.int64(), "float": pa.float64(),
            "bool": pa.bool_(), "date": pa.date32(), "instant": pa.timestamp("us", tz="UTC"),
            "texts": pa.list_(pa.string())}[kind]


def to_arrow(result: object) -> pyarrow.Table:
    """`result` as a `pyarrow.Table` (see `rows_of` for what it takes).

    Raises `MissingExtraError` without pyarrow (``pip install 'svcperf[arrow]'``).
    """
    pa = require("pyarrow", "to_arrow()")
    columns, rows = rows_of(result)
    schema = pa.schema([(name, _arrow_type(kind)) for name, kind in columns])
    return pa.Table.from_pylist(list(rows), schema=schema)


def to_pandas(result: object) -> pandas.DataFrame:
    """`result` as a pandas `DataFrame`: nullable booleans (``boolean``), UTC instants
    (``datetime64[us, UTC]``), dates as `datetime.date`.

    Raises `MissingExtraError` without pandas or pyarrow.
    """
    pd = require("pandas", "to_pandas()")
    table = to_arrow(result)
    pa = require("pyarrow", "to_pandas()")
    return table.to_pandas(types_mapper={pa.bool_(): pd.BooleanDtype()}.get)


def to_polars(result: object) -> polars.DataFrame:
    """`result` as a polars `DataFrame`.

    Raises `MissingExtraError` without polars or pyarrow.
    """
    pl = require("polars", "to_polars()")
    return cast("polars.DataFrame", pl.from_arrow(to_arrow(result)))
