"""Rich display: every result's `_repr_html_` is the command line's table model as
self-contained HTML, of at most 100 KB however large the result."""

from __future__ import annotations

import re
from datetime import timedelta
from html import escape
from typing import Any

import pytest
from strategies import NIGHT, make_job

from svcperf import (
    Dispute,
    Job,
    dashboard,
    evaluate,
    explain,
    history,
)
from svcperf.output import Mark, evaluation_table, render_html
from svcperf.output.html import _STYLES, MAX_ROWS, table_of
from svcperf.sample import SAMPLE_NIGHT, SAMPLE_TZ, generate

Data = tuple[list[Job], list[Dispute]]


@pytest.fixture(scope="module")
def big() -> Data:
    return generate(10_000)


def results(data: Data) -> dict[str, object]:
    jobs, disputes = data
    common: dict[str, Any] = {"disputes": disputes, "tz": SAMPLE_TZ}
    board = dashboard(jobs, SAMPLE_NIGHT, by=["coverage_area", "profession", "technician_id",
                                              ("coverage_area", "technician_id")], **common)
    return {"evaluation": board.evaluation, "account": board.evaluation["acct-2002"],
            "dashboard": board, "breakdown": board["coverage_area", "technician_id"],
            "history": history(jobs, SAMPLE_NIGHT - timedelta(days=89), SAMPLE_NIGHT,
                               **common),
            "explanation": explain(jobs, SAMPLE_NIGHT, "hg_claim_rate", account="acct-2002",
                                   **common)}


def _texts(table: object) -> list[str]:
    found = []
    for section in table.sections:  # type: ignore[attr-defined]
        if section.grid is not None:
            found += [cell.text for row in section.grid.rows[:MAX_ROWS] for cell in row]
    return found


class TestSize:
    @pytest.mark.parametrize("name", ["evaluation", "account", "dashboard", "breakdown",
                                      "history", "explanation"])
    def test_no_result_of_a_10k_job_sample_renders_more_than_100_kb(self, big: Data,
                                                                     name: str) -> None:
        shown = results(big)[name]._repr_html_()  # type: ignore[attr-defined]
        assert 0 < len(shown.encode()) <= 100_000

    def test_a_long_grid_shows_its_first_rows_and_how_many_more(self, big: Data) -> None:
        explanation = results(big)["explanation"]
        shown = explanation._repr_html_()  # type: ignore[attr-defined]
        rest = len(explanation.rows) - MAX_ROWS  # type: ignore[attr-defined]
        assert rest > 0 and f"… and {rest} more" in shown
        assert shown.count("<tr>") == 1 + MAX_ROWS + 1  # header, rows, the "more" row

    def test_a_table_stops_at_its_byte_budget_and_says_what_it_left_out(self,
                                                                       big: Data) -> None:
        board = results(big)["dashboard"]
        shown = render_html(table_of(board), max_bytes=20_000)
        assert len(shown.encode()) < 25_000
        assert re.search(r"… and \d+ more sections", shown)


class TestContent:
    def test_it_shows_the_same_cells_as_the_command_lines_table(self, big: Data) -> None:
        for name, result in results(big).items():
            shown = result._repr_html_()  # type: ignore[attr-defined]
            table = table_of(result)
            cells = re.findall(r"<td[^>]*>(.*?)</td>", shown)
            texts = [escape(text) for text in _texts(table)]
            assert [cell for cell in cells if "… and" not in cell][:len(texts)] == texts, name

    def test_the_header_names_the_night_the_zone_and_the_window(self, big: Data) -> None:
        shown = results(big)["evaluation"]._repr_html_()  # type: ignore[attr-defined]
        assert f"(the night of {SAMPLE_NIGHT} in {SAMPLE_TZ})" in shown
        assert "Window: 60 days, from 2026-09-17T00:00:00-05:00" in shown

    def test_misses_are_red_and_no_data_grey(self) -> None:
        jobs = [make_job(job_id="J1", account_id="A", reschedule_attributed=True)]
        result = evaluate(jobs, NIGHT, tz="UTC")
        table = evaluation_table(result)
        shown = result._repr_html_()
        marks = [cell.mark for section in table.sections if section.grid
                 for row in section.grid.rows for cell in row]
        spans = [cell.mark for section in table.sections if section.heading
                 for cell in section.heading]
        red = marks.count(Mark.MISSED) + spans.count(Mark.ATTENTION)
        assert red > 0 and shown.count(_STYLES[Mark.MISSED]) == red
        assert marks.count(Mark.NO_DATA) > 0
        assert shown.count(_STYLES[Mark.NO_DATA]) == marks.count(Mark.NO_DATA)

    def test_breakdowns_mark_the_slices_that_miss(self) -> None:
        jobs = [make_job(job_id="J1", account_id="A", technician_id="t1"),
                make_job(job_id="J2", account_id="A", technician_id="t2",
                         reschedule_attributed=True)]
        board = dashboard(jobs, NIGHT, by=["technician_id"], tz="UTC")
        shown = board["technician_id"]._repr_html_()
        assert f'{_STYLES[Mark.MISSED]}">100.00%*</td>' in shown

    def test_text_is_escaped(self) -> None:
        jobs = [make_job(job_id="J1", account_id="A<b>&", coverage_area="North <i>")]
        shown = dashboard(jobs, NIGHT, by=["coverage_area"], tz="UTC")._repr_html_()
        assert "A&lt;b&gt;&amp;" in shown and "North &lt;i&gt;" in shown
        assert "<b>" not in shown and "<i>" not in shown

    def test_it_is_self_contained_and_follows_the_theme(self, big: Data) -> None:
        for result in results(big).values():
            shown = result._repr_html_()  # type: ignore[attr-defined]
            for banned in ("<script", "<style", "<link", "@import", "url(", "http", "<img"):
                assert banned not in shown
            assert "color:inherit" in shown
            assert not re.search(r"background:#|background-color:#", shown)  # no opaque fill
