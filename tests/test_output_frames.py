"""Tidy frames: every result as one Arrow table, pandas and polars made from it, with
the columns documented in docs/notebooks.md and the exact counts of the figures."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from strategies import NIGHT, make_job, night_data, utc

from svcperf import (
    Dispute,
    Job,
    JobStatus,
    MissingExtraError,
    dashboard,
    evaluate,
    explain,
    history,
    issue_list,
    summary,
)
from svcperf.output import frames
from svcperf.window import Window

pa = pytest.importorskip("pyarrow")

NightData = tuple[date, list[Job], list[Dispute], str]


@pytest.fixture(scope="module")
def jobs() -> list[Job]:
    return [make_job(job_id="J1", account_id="A", technician_id="t1", rating=5,
                     rated_at=utc(2026, 9, 14, 18)),
            make_job(job_id="J2", account_id="B", technician_id=None, rating=1,
                     rated_at=utc(2026, 9, 14, 18), hg_claim_at=utc(2026, 9, 14, 19)),
            make_job(job_id="J3", account_id="B", coverage_area="South",
                     status=JobStatus.CANCELLED, cancel_attributed=True),
            make_job(job_id="J4", account_id="B", status=JobStatus.OPEN, closed_at=None)]


def names(columns: frames.Columns) -> list[str]:
    return [name for name, _ in columns]


class TestFigureFrames:
    """One row per account (and slice, and night) and figure: exact counts, the float
    value for display, the target as text and its threshold as a float."""

    @given(night_data())
    def test_each_row_is_a_figure_of_the_evaluation(self, data: NightData) -> None:
        night, job_list, disputes, zone = data
        result = evaluate(job_list, night, disputes=disputes, tz=zone)
        table = result.to_arrow()
        assert table.column_names == names(frames.FIGURE_FRAME)
        assert table.num_rows == 8 * len(result)
        for row in table.to_pylist():
            account = result[row["account_id"]]
            figure = (account.defect_free if row["metric"] == "defect_free_rate"
                      else account[row["metric"]])
            assert (row["numerator"], row["denominator"]) == (figure.numerator,
                                                              figure.denominator)
            assert row["meets_target"] == figure.meets_target
            assert row["status"] == account.status.value
            assert row["value"] == (None if figure.value is None else float(figure.value))
            assert row["as_of"] == result.window.end and row["night"] == night
            assert row["attribute"] is None and row["slice"] is None

    def test_targets_travel_as_text_threshold_and_comparison(self, jobs: list[Job]) -> None:
        table = evaluate(jobs, NIGHT, tz="UTC")["B"].to_arrow()
        rows = {row["metric"]: row for row in table.to_pylist()}
        rating, claims = rows["customer_feedback_rating"], rows["hg_claim_rate"]
        assert (rating["target"], rating["comparison"]) == (">= 4.7", ">=")
        assert rating["threshold"] == float(Fraction(47, 10))
        assert (claims["target"], claims["threshold"], claims["comparison"]) == (
            "<= 1%", float(Fraction(1, 100)), "<=")
        assert rows["defect_free_rate"]["target"] is None
        assert rows["defect_free_rate"]["meets_target"] is None

    def test_a_dashboard_has_the_account_rows_then_each_accounts_slices(
            self, jobs: list[Job]) -> None:
        board = dashboard(jobs, NIGHT, by=["technician_id", ("coverage_area", "profession")],
                          tz="UTC")
        rows = board.to_arrow().to_pylist()
        slices = {(row["account_id"], row["attribute"], row["slice"]) for row in rows}
        assert slices == {("A", None, None), ("B", None, None), ("A", "technician_id", "t1"),
                          ("B", "technician_id", "(none)"),
                          ("A", "coverage_area × profession", "North × Plumbing"),
                          ("B", "coverage_area × profession", "North × Plumbing"),
                          ("B", "coverage_area × profession", "South × Plumbing")}
        by_technician = board["technician_id"].to_arrow().to_pylist()
        assert by_technician == [row for row in rows if row["attribute"] == "technician_id"]

    def test_a_history_has_one_row_per_night_account_and_figure(self, jobs: list[Job]) -> None:
        nightly = history(jobs, NIGHT - timedelta(days=2), NIGHT, tz="America/Chicago")
        rows = nightly.to_arrow().to_pylist()
        assert len(rows) == 3 * 2 * 8
        last = [row for row in rows if row["night"] == NIGHT]
        window = Window.for_night(NIGHT, "America/Chicago")
        assert {(row["as_of"], row["window_start"]) for row in last} == {(window.end,
                                                                         window.start)}
        assert last == evaluate(jobs, NIGHT, tz="America/Chicago").to_arrow().to_pylist()


class TestJobFrames:
    """The issue list and an explanation: one row per job with its attributes."""

    @given(night_data())
    def test_the_issue_list_has_one_row_per_job_with_a_flag_per_issue_type(
            self, data: NightData) -> None:
        night, job_list, disputes, zone = data
        rows = issue_list(job_list, night, disputes=disputes, tz=zone)
        table = frames.to_arrow(rows)
        assert table.column_names == names(frames.ISSUE_FRAME)
        for found, row in zip(table.to_pylist(), rows, strict=True):
            assert found["job_id"] == row.job_id and found["closed_at"] == row.closed_at
            assert found["issues"] == [issue.value for issue in row.issues]
            assert {name for name in found if found[name] is True} == set(found["issues"])

    def test_explain_rows_carry_the_jobs_attributes(self, jobs: list[Job]) -> None:
        explained = explain(jobs, NIGHT, "negative_feedback_rate", account="B", tz="UTC")
        table = explained.to_arrow()
        assert table.column_names == names(frames.EXPLAIN_FRAME)
        rows = table.to_pylist()
        assert sum(row["contribution"] for row in rows) == explained.numerator
        assert [(row["job_id"], row["coverage_area"], row["technician_id"], row["status"],
                 row["closed_at"]) for row in rows] == [
            (row.job_id, row.coverage_area, row.technician_id, row.status.value,
             row.closed_at) for row in explained.rows]
        assert rows[-1]["closed_at"] is None  # the open job, left out

    def test_the_summary_has_one_row_per_account(self, jobs: list[Job]) -> None:
        rows = frames.to_arrow(summary(jobs, NIGHT, tz="UTC")).to_pylist()
        assert rows == [{"account_id": "A", "jobs_completed": 1, "jobs_cancelled": 0,
                         "jobs_with_issues": 0, "issues_total": 0},
                        {"account_id": "B", "jobs_completed": 1, "jobs_cancelled": 1,
                         "jobs_with_issues": 2, "issues_total": 3}]

    def test_something_else_is_a_type_error(self) -> None:
        with pytest.raises(TypeError, match="expected an svcperf result"):
            frames.to_arrow([1, 2])


class TestLibraries:
    def test_instants_are_utc_and_meets_target_a_nullable_boolean(self,
                                                                  jobs: list[Job]) -> None:
        table = evaluate(jobs, NIGHT, tz="UTC").to_arrow()
        assert table.schema.field("as_of").type == pa.timestamp("us", tz="UTC")
        assert table.schema.field("meets_target").type == pa.bool_()

    def test_pandas_gets_utc_instants_and_nullable_booleans(self, jobs: list[Job]) -> None:
        pytest.importorskip("pandas")
        frame = evaluate(jobs, NIGHT, tz="UTC").to_pandas()
        assert str(frame["as_of"].dtype) == "datetime64[us, UTC]"
        assert str(frame["meets_target"].dtype) == "boolean"
        assert frame["meets_target"].isna().sum() == 2  # the defect-free rate has no target
        issues = frames.to_pandas(issue_list(jobs, NIGHT, tz="UTC"))
        assert str(issues["closed_at"].dtype) == "datetime64[us, UTC]"

    def test_polars_gets_the_same_table(self, jobs: list[Job]) -> None:
        pl = pytest.importorskip("polars")
        result = explain(jobs, NIGHT, "hg_claim_rate", account="B", tz="UTC")
        assert result.to_polars().to_dicts() == result.to_arrow().to_pylist()
        assert pl.DataFrame(result).equals(result.to_polars())  # the Arrow stream

    def test_the_arrow_stream_gives_the_table(self, jobs: list[Job]) -> None:
        result = dashboard(jobs, NIGHT, by=["technician_id"], tz="UTC")
        assert pa.table(result).equals(result.to_arrow())

    @pytest.mark.parametrize(("library", "method", "extra"), [
        ("pyarrow", "to_arrow", "arrow"), ("pandas", "to_pandas", "pandas"),
        ("polars", "to_polars", "polars")])
    def test_a_missing_library_names_the_extra(self, jobs: list[Job], monkeypatch:
                                               pytest.MonkeyPatch, library: str, method: str,
                                               extra: str) -> None:
        monkeypatch.setitem(sys.modules, library, None)  # makes `import library` fail
        with pytest.raises(MissingExtraError, match=rf"pip install 'svcperf\[{extra}\]'"):
            getattr(evaluate(jobs, NIGHT, tz="UTC"), method)()


def test_import_svcperf_loads_no_optional_library() -> None:
    code = ("import sys, svcperf, svcperf.output.frames, svcperf.sample; "
            "print(sorted(name for name in ('pandas', 'polars', 'pyarrow', 'matplotlib', "
            "'numpy', 'dask', 'pyspark') if name in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "[]"
