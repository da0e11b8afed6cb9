"""Results as tidy tables: one Arrow table per result, pandas and polars made from it.

Each result becomes one row per account × slice × night × figure (or per job, for the
issue list and an explanation), with the columns declared below (see
docs/notebooks.md). The rows are those of the output layer's row schemas
(`svcperf.output.rows`: what the CSV and JSON renderers write), with the window and a
few columns for analysis added: exact counts travel beside the display `value`;
`threshold` is the target's exact threshold as a float, for plotting; instants are UTC
timestamps.

pyarrow is imported here only, when a table is asked for; pandas and polars are made
from the Arrow table (`pyarrow.Table.to_pandas`, `polars.from_arrow`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from ..evaluation import AccountResult, Evaluation, Figure, Performance
from ..extras import require
from ..records import IssueType
from ..targets import Target
from ..views import Breakdown, Dashboard, Explanation, History, IssueRow, Summary, slice_label
from ..window import Window
from .rows import EXPLAIN, ISSUE, SUMMARY, Row, by_label, performance_rows

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

def _arrow_value(value: object) -> object:
    """A row value (see `svcperf.output.rows`) as Arrow takes it: enums and targets as
    their text, tuples (issue types) as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Target):
        return str(value)
    if isinstance(value, tuple):
        return [_arrow_value(item) for item in value]
    return value


def _frame_row(*parts: Mapping[str, object]) -> Row:
    return {name: _arrow_value(value) for part in parts for name, value in part.items()}


def _window_cells(window: Window) -> Row:
    return {"night": window.night, "as_of": window.end, "window_start": window.start,
            "window_days": window.days}


def _target_cells(figure: Figure) -> Row:
    """What a frame adds to a figure's row (`FIGURE`): its name, and the target's
    threshold and comparison, to plot and to filter by."""
    target = figure.target
    return {"name": figure.name,
            "threshold": None if target is None else float(target.threshold),
            "comparison": None if target is None else target.comparison}


def _performance_rows(base: Row, result: Performance) -> Iterator[Row]:
    figures = (*result.figures.values(), result.defect_free)
    for row, figure in zip(performance_rows(base, result), figures, strict=True):
        yield _frame_row(row, _target_cells(figure))


def _account_rows(window: Window | None, account_id: str, result: Performance
                  ) -> Iterator[Row]:
    base = {} if window is None else _window_cells(window)
    return _performance_rows({**base, "account_id": account_id, "attribute": None,
                              "slice": None}, result)


def _evaluation_rows(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = ()
                     ) -> Iterator[Row]:
    for account_id, account in evaluation.items():
        yield from _account_rows(evaluation.window, account_id, account)
        for found in breakdowns:
            yield from _slice_rows(found, account_id)


def _slice_rows(breakdown: Breakdown, account_id: str) -> Iterator[Row]:
    base = {**_window_cells(breakdown.window), "account_id": account_id,
            "attribute": by_label(breakdown.by)}
    for value, part in breakdown.get(account_id, {}).items():
        yield from _performance_rows({**base, "slice": slice_label(value)}, part)


def _history_rows(history: History) -> Iterator[Row]:
    windows = [Window.for_night(night, history.zone, history.days) for night in history.nights]
    for account_id, nightly in history.items():
        for window, result in zip(windows, nightly, strict=True):
            yield from _account_rows(window, account_id, result)


def _issue_rows(rows: Iterable[IssueRow], window: Window | None) -> Iterator[Row]:
    base = {} if window is None else _window_cells(window)
    for row in rows:
        yield _frame_row(base, ISSUE.make(row),
                         {issue.value: issue in row.issues for issue in IssueType})


def _explain_rows(explanation: Explanation) -> Iterator[Row]:
    base = {**_window_cells(explanation.window), "metric": explanation.metric}
    for row in explanation.rows:
        yield _frame_row(base, EXPLAIN.make(row), {
            "coverage_area": row.coverage_area, "profession": row.profession,
            "technician_id": row.technician_id, "status": row.status,
            "closed_at": row.closed_at})


def _summary_rows(summaries: Mapping[str, Summary]) -> Iterator[Row]:
    for item in summaries.items():
        yield _frame_row(SUMMARY.make(item))


def rows_of(result: object) -> tuple[Columns, Iterator[Row]]:
    """The frame's columns and rows of `result`: an evaluation, an account result, a
    dashboard, a breakdown, a history, an explanation, an issue list (a sequence of
    `IssueRow`) or a summary (a mapping of account id to `Summary`)."""
    if isinstance(result, Dashboard):
        return FIGURE_FRAME, _evaluation_rows(result.evaluation, result.breakdowns)
    if isinstance(result, Evaluation):
        return FIGURE_FRAME, _evaluation_rows(result)
    if isinstance(result, AccountResult):
        return FIGURE_FRAME, _account_rows(None, result.account_id, result)
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
