"""The row schemas: each declared once, written as CSV and as JSON from the same values."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcperf import Summary, dashboard, explain, history, issue_list, sample, summary
from svcperf.output import (
    EXPLAIN,
    FIGURE,
    FIGURE_COLUMNS,
    HISTORY_COLUMNS,
    ISSUE,
    SUMMARY,
    csv_text,
    evaluation_json,
    explanation_json,
    explanation_rows,
    figure_rows,
    history_json,
    history_rows,
    issue_json,
    issue_rows,
    local_iso,
    summary_json,
    summary_rows,
)
from svcperf.output.rows import csv_cell, json_cell
from svcperf.window import Window

NIGHT, TZ = sample.SAMPLE_NIGHT, sample.SAMPLE_TZ


@pytest.fixture(scope="module")
def data() -> tuple[list, list]:  # type: ignore[type-arg]
    return sample.generate()


def parsed(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(value: object) -> str:
    """What a JSON value reads as in CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) \
    | st.text(alphabet="abc;")
values = scalars | st.tuples(st.text(alphabet="abc", min_size=1)).map(tuple)


@given(values)
def test_a_value_reads_the_same_in_csv_and_json(value: object) -> None:
    assert as_csv(json_cell(value)) == csv_cell(value)
    if not isinstance(value, tuple):
        assert type(json_cell(value)) is type(value)  # numbers stay numbers in JSON
    json.dumps(json_cell(value))  # always serialisable


def test_every_figure_row_is_the_json_figure(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    board = dashboard(data[0], NIGHT, ["coverage_area"], disputes=data[1], tz=TZ)
    rows = parsed(csv_text(figure_rows(board.evaluation, board.breakdowns), FIGURE_COLUMNS))
    shown = json.loads(json.dumps(evaluation_json(board.evaluation, board.breakdowns)))
    assert rows
    for row in rows:
        account = shown["accounts"][row["account_id"]]
        part = account if not row["attribute"] else \
            account["breakdowns"][row["attribute"]][row["slice"]]
        if row["metric"] == "defect_free_rate":
            if row["attribute"]:
                continue  # a slice's JSON has the seven figures only (SPEC §8)
            figure = account["defect_free_rate"]
        else:
            figure = part["metrics"][row["metric"]]
        assert row["status"] == part["status"]
        assert {column: row[column] for column in FIGURE.columns[1:]} == \
            {column: as_csv(figure[column]) for column in FIGURE.columns[1:]}


def test_every_issue_row_is_the_json_job(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    listed = issue_list(data[0], NIGHT, disputes=data[1], tz=TZ)
    rows = parsed(csv_text(issue_rows(listed), ISSUE.columns))
    shown = json.loads(json.dumps(issue_json(listed)))
    assert (shown["as_of"], shown["window_start"]) == (
        local_iso(listed.window.end, listed.window), local_iso(listed.window.start, listed.window))
    jobs = shown["jobs"]
    assert len(rows) == len(jobs) == len(listed) > 0
    for row, job in zip(rows, jobs, strict=True):
        assert list(job) == list(ISSUE.columns)
        assert row == {column: as_csv(job[column]) for column in ISSUE.columns}


def test_every_explain_row_is_the_json_job(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = explain(data[0], NIGHT, "negative_feedback_rate", disputes=data[1], tz=TZ,
                     account="acct-2002")
    rows = parsed(csv_text(explanation_rows(result), EXPLAIN.columns))
    shown = json.loads(json.dumps(explanation_json(result)))
    assert len(rows) == len(shown["jobs"]) == len(result.rows) > 0
    for row, job in zip(rows, shown["jobs"], strict=True):
        assert row == {"account_id": shown["account_id"],
                       **{column: as_csv(job[column]) for column in EXPLAIN.columns[1:]}}


def test_every_history_row_is_the_json_night(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = history(data[0], NIGHT.replace(day=10), NIGHT, disputes=data[1], tz=TZ)
    rows = parsed(csv_text(history_rows(result), HISTORY_COLUMNS))
    shown = json.loads(json.dumps(history_json(result)))
    for account_id in result.accounts:
        for night, shown_night in zip(result.nights, shown["accounts"][account_id],
                                      strict=True):
            window = Window.for_night(night, TZ)
            assert (shown_night["as_of"], shown_night["window_start"]) == (
                local_iso(window.end, window), local_iso(window.start, window))
    assert len(rows) == len(result.nights) * len(result.accounts) * 8
    nights = {(row["account_id"], row["night"], row["metric"]): row for row in rows}
    for account_id, series in shown["accounts"].items():
        for night in series:
            figures = {**night["metrics"], "defect_free_rate": night["defect_free_rate"]}
            for key, figure in figures.items():
                row = nights[account_id, night["night"], key]
                assert row["status"] == night["status"]
                assert {column: row[column] for column in FIGURE.columns[1:]} == \
                    {column: as_csv(figure[column]) for column in FIGURE.columns[1:]}


def test_every_summary_row_is_the_json_account(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = summary(data[0], NIGHT, disputes=data[1], tz=TZ)
    rows = parsed(csv_text(summary_rows(result), SUMMARY.columns))
    shown = json.loads(json.dumps(summary_json(result)))
    assert (shown["as_of"], shown["window_start"]) == (
        local_iso(result.window.end, result.window),
        local_iso(result.window.start, result.window))
    assert [row["account_id"] for row in rows] == list(shown["accounts"]) == list(result)
    for row in rows:
        counts = shown["accounts"][row["account_id"]]
        assert row == {"account_id": row["account_id"],
                       **{column: str(counts[column]) for column in SUMMARY.columns[1:]}}
        assert Summary(**counts) == result[row["account_id"]]


def test_the_evaluations_json_carries_the_summary_counts(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    board = dashboard(data[0], NIGHT, disputes=data[1], tz=TZ)
    counts = summary(data[0], NIGHT, disputes=data[1], tz=TZ)
    shown = evaluation_json(board.evaluation)
    assert {account_id: Summary(**account["summary"])
            for account_id, account in shown["accounts"].items()} == dict(counts)
