"""A validated data set: references checked once, each with one message (SPEC §2, §6)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from strategies import make_dispute, make_job

import svcperf.records
from svcperf import (
    Dataset,
    InvalidArgumentError,
    InvalidInputError,
    Viewer,
    dashboard,
    evaluate,
    history,
    write_disputes,
    write_jobs,
)

NIGHT = date(2025, 6, 1)


class TestReferences:
    """SPEC §2: "a duplicate job_id, a dispute naming an unknown job ... each is rejected with
    an error that names the record ... and the field"."""

    def test_unique_jobs_and_known_disputes_make_a_data_set(self) -> None:
        data = Dataset([make_job(), make_job(job_id="J2")], [make_dispute(job_id="J2")])
        assert (len(data), data.account_ids, len(data.disputes)) == (2, ("acct-1",), 1)

    def test_a_duplicate_id_is_reported_once_saying_how_many_others_have_it(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            Dataset([make_job(), make_job(), make_job()])
        assert [str(problem) for problem in caught.value.problems] == [
            "job 'J1': field 'job_id': expected a job id no other job has "
            "(also on 2 other jobs), got 'J1'"]

    def test_only_the_duplicated_ids_are_reported(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            Dataset([make_job(), make_job(job_id="J2"), make_job()])
        assert len(caught.value.problems) == 1
        assert "J2" not in str(caught.value)

    def test_a_dispute_naming_no_job_is_reported_with_its_position(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            Dataset([make_job()], [make_dispute(), make_dispute(job_id="J9")])
        assert str(caught.value) == ("dispute #2 on job 'J9': field 'job_id': expected the id "
                                     "of a job in the data, got 'J9'")

    def test_every_problem_is_listed_together(self) -> None:
        with pytest.raises(InvalidInputError) as caught:
            Dataset([make_job(), make_job()], [make_dispute(job_id="J9")])
        assert [problem.field for problem in caught.value.problems] == ["job_id", "job_id"]

    def test_an_item_that_is_not_a_record_is_an_argument_error_naming_its_position(self) -> None:
        with pytest.raises(InvalidArgumentError, match=r"jobs\[1\]: expected a Job, got str"):
            Dataset([make_job(), "J2"])  # type: ignore[list-item]


class TestViews:
    def test_evaluate_accepts_a_data_set_and_gives_what_the_records_give(self) -> None:
        jobs, disputes = [make_job(), make_job(job_id="J2")], [make_dispute()]
        assert evaluate(Dataset(jobs, disputes), NIGHT, tz="UTC") == evaluate(
            jobs, NIGHT, disputes=disputes, tz="UTC")

    def test_disputes_beside_a_data_set_are_refused(self) -> None:
        with pytest.raises(InvalidArgumentError, match="carries its disputes"):
            evaluate(Dataset([make_job()]), NIGHT, tz="UTC", disputes=[make_dispute()])

    def test_a_night_without_a_zone_is_an_error_that_says_to_pass_tz(self) -> None:
        for view in (lambda: evaluate([make_job()], NIGHT),
                     lambda: history([make_job()], NIGHT, NIGHT),
                     lambda: dashboard([make_job()], NIGHT)):
            with pytest.raises(InvalidArgumentError, match="pass the evaluation's zone"):
                view()


class TestParts:
    def test_restrict_keeps_the_viewers_jobs_and_their_disputes(self) -> None:
        north, south = make_job(), make_job(job_id="J2", coverage_area="South")
        data = Dataset([north, south], [make_dispute(), make_dispute(job_id="J2")])
        seen = data.restrict(Viewer({"South"}))
        assert (seen.jobs, [d.job_id for d in seen.disputes]) == ((south,), ["J2"])
        assert data.restrict(Viewer()) is data

    def test_one_account_keeps_its_jobs_and_disputes_only(self) -> None:
        mine, theirs = make_job(), make_job(job_id="J2", account_id="acct-2")
        data = Dataset([mine, theirs], [make_dispute(job_id="J2")])
        part = data.account("acct-1")
        assert (part.jobs, part.disputes, part.account_ids) == ((mine,), (), ("acct-1",))
        with pytest.raises(InvalidArgumentError, match="acct-9"):
            data.account("acct-9")

    def test_the_columns_of_the_data_survive_a_restriction(self) -> None:
        data = Dataset([make_job(extras=(("channel", "web"),)),
                        make_job(job_id="J2", coverage_area="South")])
        assert data.restrict(Viewer({"South"})).columns == frozenset({"channel"})


class TestRead:
    def test_both_files_are_read_and_their_problems_reported_together(
            self, tmp_path: Path) -> None:
        jobs, disputes = tmp_path / "jobs.csv", tmp_path / "disputes.csv"
        write_jobs(jobs, [make_job()])
        write_disputes(disputes, [make_dispute(job_id="J9")])
        with pytest.raises(InvalidInputError) as caught:
            Dataset.read(jobs, disputes)
        assert [(p.source, p.line, p.field) for p in caught.value.problems] == [
            (str(disputes), 2, "job_id")]
        write_disputes(disputes, [make_dispute()])
        data = Dataset.read(jobs, disputes)
        assert (data.jobs, data.disputes) == ((make_job(),), (make_dispute(),))


class TestNotRecords:
    """A path or a frame where records belong is named as what it is, with the reader to
    use (iterated, it would be one character or one column called a bad record)."""

    @pytest.mark.parametrize(("path", "shown"), [
        ("jobs.csv", "'jobs.csv'"), (Path("jobs.parquet"), "'jobs.parquet'"),
        (b"jobs.csv", "b'jobs.csv'")])
    def test_a_path_names_the_reader(self, path: object, shown: str) -> None:
        with pytest.raises(InvalidArgumentError) as caught:
            Dataset(path)  # type: ignore[arg-type]
        assert str(caught.value) == (f"jobs: expected records, got the path {shown}; "
                                     "read it with svcperf.Dataset.read")
        with pytest.raises(InvalidArgumentError) as caught:
            Dataset([make_job()], path)  # type: ignore[arg-type]
        assert str(caught.value).startswith("disputes: expected records, got the path ")

    @pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars"])
    def test_a_frame_names_from_frame(self, library: str) -> None:
        module = pytest.importorskip(library)
        frame = (module.table({"job_id": ["J1"]}) if library == "pyarrow"
                 else module.DataFrame({"job_id": ["J1"]}))
        with pytest.raises(InvalidArgumentError) as caught:
            Dataset(frame)
        assert str(caught.value) == (f"jobs: expected records, got a {library} frame; read "
                                     "it with svcperf.Dataset.from_frame")


class TestFromFrame:
    """Issue 10: a pandas, polars or pyarrow table with the interchange columns becomes a
    validated data set, with the files' rules and messages (placed at rows)."""

    def _frames(self, tmp_path: Path) -> tuple[Any, Any]:
        pa = pytest.importorskip("pyarrow")
        csv = pytest.importorskip("pyarrow.csv")
        jobs, disputes = tmp_path / "jobs.csv", tmp_path / "disputes.csv"
        write_jobs(jobs, [make_job(), make_job(job_id="J2", coverage_area="South")])
        write_disputes(disputes, [make_dispute()])
        as_text = csv.ConvertOptions(
            column_types={name: pa.string() for name in svcperf.records.CORE_FIELDS})
        return (csv.read_csv(jobs, convert_options=as_text),
                csv.read_csv(disputes, convert_options=csv.ConvertOptions(
                    column_types={name: pa.string() for name in
                                  ("job_id", "issue_type", "outcome", "decided_at")})))

    @pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars"])
    def test_a_frame_gives_the_data_set_the_files_give(self, tmp_path: Path,
                                                       library: str) -> None:
        jobs, disputes = self._frames(tmp_path)
        module = pytest.importorskip(library)
        if library == "pandas":
            jobs, disputes = jobs.to_pandas(), disputes.to_pandas()
        elif library == "polars":
            jobs, disputes = module.from_arrow(jobs), module.from_arrow(disputes)
        data = Dataset.from_frame(jobs, disputes)
        files = Dataset.read(tmp_path / "jobs.csv", tmp_path / "disputes.csv")
        assert (data.jobs, data.disputes) == (files.jobs, files.disputes)

    def test_a_csv_read_by_pandas_or_polars_as_docs_notebooks_says(
            self, tmp_path: Path) -> None:
        """docs/notebooks.md: pandas' float rating is rejected at its row, never rounded;
        read as ``Int8`` it gives the files' data set, as polars' own reading does."""
        pd = pytest.importorskip("pandas")
        pl = pytest.importorskip("polars")
        pytest.importorskip("pyarrow")
        jobs = tmp_path / "jobs.csv"
        rated = make_job(rating=4, rated_at=datetime(2026, 9, 15, tzinfo=timezone.utc))
        write_jobs(jobs, [rated, make_job(job_id="J2")])
        files = Dataset.read(jobs)
        with pytest.raises(InvalidInputError) as caught:
            Dataset.from_frame(pd.read_csv(jobs))
        assert [str(problem) for problem in caught.value.problems] == [
            "row 1: job 'J1': field 'rating': expected an integer from 1 to 5, got float 4.0"]
        for frame in (pd.read_csv(jobs, dtype={"rating": "Int8"}), pl.read_csv(jobs)):
            assert Dataset.from_frame(frame).jobs == files.jobs

    def test_a_bad_row_is_named_by_its_row_and_field(self, tmp_path: Path) -> None:
        pa = pytest.importorskip("pyarrow")
        jobs, _ = self._frames(tmp_path)
        table = jobs.set_column(
            jobs.column_names.index("status"), "status",
            pa.array(["completed", "finished"]))
        with pytest.raises(InvalidInputError) as caught:
            Dataset.from_frame(table)
        [problem] = caught.value.problems
        assert (problem.field, problem.got) == ("status", "finished")
        assert "row 2" in str(problem)
