"""The table model and its plain-text renderer (svcperf.output.model, .text, .tables)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from svcperf import Status, dashboard, explain, history, issue_list, sample, summary
from svcperf.output import (
    Cell,
    Grid,
    Mark,
    Section,
    Table,
    TextStyle,
    evaluation_table,
    explanation_table,
    figure_text,
    history_table,
    issue_table,
    render_text,
    summary_table,
)

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NIGHT, TZ = sample.SAMPLE_NIGHT, sample.SAMPLE_TZ


@pytest.fixture(scope="module")
def data() -> tuple[list, list]:  # type: ignore[type-arg]
    return sample.generate()


marks = st.sampled_from(list(Mark))
# Cell texts as the tables make them: no space at either end (a renderer may pad them).
texts = st.text(alphabet="ab ▁█*%.-", max_size=8).map(str.strip)
cell_rows = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(st.builds(Cell, texts, marks), min_size=width,
                                    max_size=width).map(tuple), min_size=1, max_size=5))


def grids(rows: list[tuple[Cell, ...]], numeric: frozenset[int]) -> Table:
    return Table(sections=(Section(grid=Grid(header=rows[0], rows=tuple(rows[1:]),
                                             numeric=numeric)),))


@given(cell_rows, st.frozensets(st.integers(0, 3)))
def test_colour_changes_nothing_but_the_escape_codes(rows: list[tuple[Cell, ...]],
                                                     numeric: frozenset[int]) -> None:
    table = grids(rows, numeric)
    assert ANSI.sub("", render_text(table, TextStyle(color=True))) == render_text(table)


@given(cell_rows, st.frozensets(st.integers(0, 3)))
def test_columns_line_up(rows: list[tuple[Cell, ...]], numeric: frozenset[int]) -> None:
    lines = render_text(grids(rows, numeric)).splitlines()[1:]  # after the blank line
    for index in range(len(rows[0])):
        width = max(len(row[index].text) for row in rows)
        start = 2 + sum(max(len(row[i].text) for row in rows) + 2 for i in range(index))
        for row, text in zip(rows, lines, strict=True):
            cell = row[index].text
            shown = text.ljust(start + width)[start:start + width]
            assert shown == (cell.rjust(width) if index in numeric else cell.ljust(width))


def test_only_judged_marks_are_coloured() -> None:
    coloured = {mark for mark in Mark
                if TextStyle(color=True).paint(Cell("x", mark)) != "x"}
    assert coloured == {Mark.MET, Mark.MISSED, Mark.GOOD_STANDING, Mark.ATTENTION,
                        Mark.HEADING}


def test_trends_fall_back_to_ascii_where_the_stream_cannot_encode_blocks() -> None:
    trend = Cell("▁▂▃▄▅▆▇█ ", Mark.TREND)
    assert TextStyle(encoding="utf-8").paint(trend) == "▁▂▃▄▅▆▇█ "
    assert TextStyle(encoding="ascii").paint(trend) == ".:-=+*#@ "
    assert TextStyle(encoding="no-such-codec").paint(trend) == ".:-=+*#@ "


def test_the_dashboard_model_marks_each_verdict(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    board = dashboard(data[0], NIGHT, ["coverage_area"], disputes=data[1], tz=TZ)
    table = evaluation_table(board.evaluation, board.breakdowns)
    accounts = [s for s in table.sections if s.heading is not None]
    assert len(accounts) == len(board.evaluation.accounts)
    for section, account in zip(accounts, board.evaluation.accounts.values(), strict=True):
        assert section.heading is not None and section.grid is not None
        status = section.heading[1].mark
        assert status is (Mark.ATTENTION if account.status is Status.ATTENTION
                          else Mark.GOOD_STANDING)
        figures = [*account.figures.values(), account.defect_free]
        for row, figure in zip(section.grid.rows, figures, strict=True):
            assert row[1].text == figure_text(figure)
            assert row[-1].mark is {True: Mark.MET, False: Mark.MISSED,
                                    None: Mark.NO_DATA}[figure.meets_target]


def test_a_slice_that_misses_is_marked_and_starred(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    board = dashboard(data[0], NIGHT, ["coverage_area"], disputes=data[1], tz=TZ)
    table = evaluation_table(board.evaluation, board.breakdowns, ["acct-2002"])
    grid = table.sections[1].grid
    assert grid is not None
    slices = board.breakdowns[0].accounts["acct-2002"]
    for row, part in zip(grid.rows, slices.values(), strict=True):
        for cell, figure in zip(row[2:-1], part.figures.values(), strict=True):
            assert (cell.mark is Mark.MISSED) == (figure.meets_target is False)
            assert cell.text.endswith("*") == (figure.meets_target is False)
    assert table.sections[1].footnotes  # the legend says what * means


def test_no_account_says_so() -> None:
    board = dashboard([], NIGHT, tz=TZ)
    text = render_text(evaluation_table(board.evaluation))
    assert text.splitlines()[-1] == "No account in the data."


def test_the_issue_table_counts_what_it_lists(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    rows = issue_list(data[0], NIGHT, disputes=data[1], tz=TZ, areas=["Brooklyn"])
    table = issue_table(rows)
    grid = table.sections[0].grid
    assert grid is not None and len(grid.rows) == len(rows)
    with_issues = sum(bool(row.issues) for row in rows)
    assert render_text(table).endswith(f"{len(rows)} jobs listed, {with_issues} with issues\n")


def test_the_explanation_table_has_a_row_per_job(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = explain(data[0], NIGHT, "hg_claim_rate", disputes=data[1], tz=TZ,
                     account="acct-1001")
    grid = explanation_table(result).sections[1].grid
    assert grid is not None
    assert [row[0].text for row in grid.rows] == [row.job_id for row in result.rows]
    assert sum(int(row[2].text) for row in grid.rows) == result.figure.numerator


def test_the_history_table_shows_first_and_last_nights(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = history(data[0], NIGHT.replace(day=1), NIGHT, disputes=data[1], tz=TZ)
    table = history_table(result)
    for section, account_id in zip(table.sections, result.accounts, strict=True):
        assert section.grid is not None
        first = result.series(account_id, "hg_claim_rate")
        row = section.grid.rows[1]
        assert (row[2].text, row[3].text) == (figure_text(first[0]), figure_text(first[-1]))
        assert len(row[1].text) == len(result.nights)


def test_the_summary_table_has_a_row_per_account(data: tuple[list, list]) -> None:  # type: ignore[type-arg]
    result = summary(data[0], NIGHT, disputes=data[1], tz=TZ)
    grid = summary_table(result).sections[0].grid
    assert grid is not None
    assert [[cell.text for cell in row] for row in grid.rows] == [
        [account_id, str(counts.jobs_completed), str(counts.jobs_cancelled),
         str(counts.jobs_with_issues), str(counts.issues_total)]
        for account_id, counts in result.items()]
    assert len(summary_table(result, ["acct-2002"]).sections[0].grid.rows) == 1  # type: ignore[union-attr]
    empty = summary_table(summary([], NIGHT, tz=TZ))
    assert render_text(empty).endswith("No account in the data.\n")
