"""The Spark engine gives `svcperf.dashboard`'s results and the columnar engine's errors, on
a real local Spark session of two cores (SPEC §10)."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import history_inputs, make_dispute, make_job, night_data

import svcperf
from svcperf import Dispute, InvalidInputError, Job
from svcperf.schema import duplicate_job_problem
from svcperf.window import window_for

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("the Spark engine needs Java", allow_module_level=True)
from svcperf.engines import columnar  # noqa: E402
from svcperf.engines import spark as svcperf_spark  # noqa: E402

pytestmark = [pytest.mark.scale, pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning")]
BY: list[str | tuple[str, ...]] = ["coverage_area", "technician_id", "profession",
                                   ("coverage_area", "technician_id")]
SESSION = settings(max_examples=5, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _files(folder: Path, jobs: list[Job], cuts: list[int]) -> list[Path]:
    """`jobs` written as contiguous runs, one CSV file each."""
    bounds = [0, *sorted(min(cut, len(jobs)) for cut in cuts), len(jobs)]
    paths = []
    for index, (lo, hi) in enumerate(pairwise(bounds)):
        path = folder / f"jobs-{index}.csv"
        svcperf.write_jobs(path, jobs[lo:hi])
        paths.append(path)
    return paths


def _parquet(folder: Path, jobs: list[Job], rows_per_group: int) -> Path:
    """`jobs` as one Parquet file of row groups of `rows_per_group` rows."""
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    table = columnar.load_jobs(folder / "jobs.csv").table
    pq.write_table(table, folder / "jobs.parquet", row_group_size=rows_per_group)
    return folder / "jobs.parquet"


def _frame(session: Any, path: Path) -> Any:
    """The jobs of `path` as a Spark DataFrame (plain Arrow columns, no dictionaries)."""
    table = columnar.load_jobs(path).table
    plain = pa.table({name: column.cast(column.type.value_type)
                      if pa.types.is_dictionary(column.type) else column
                      for name, column in zip(table.schema.names, table.columns, strict=True)})
    return session.createDataFrame(plain)


@SESSION
@given(night_data(), st.lists(st.integers(0, 25), max_size=3))
def test_files_give_the_reference_dashboard(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], cuts: list[int]) -> None:
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("files")
    paths = _files(folder, jobs, cuts)
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    ours = svcperf_spark.dashboard(paths, night, BY, disputes=folder / "disputes.csv", tz=tz,
                                   session=session)
    assert ours == svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)
    assert svcperf_spark.evaluate(paths, night, disputes=folder / "disputes.csv", tz=tz,
                                  session=session) == ours.evaluation


@SESSION
@given(night_data(), st.integers(1, 5), st.sampled_from([None, "account_id", "status"]))
def test_a_spark_frame_gives_the_reference_dashboard_however_partitioned(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], partitions: int,
        column: str | None) -> None:
    """Repartitioned at random (round robin, or by a column's hash), the frame gives the
    dashboard of its jobs in the order the frame holds them (warnings come in it)."""
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("frame")
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    frame = _frame(session, folder / "jobs.csv")
    frame = frame.repartition(partitions) if column is None else frame.repartition(
        partitions, column)
    held = columnar.records_of(columnar.load_jobs(frame.toArrow()))
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    ours = svcperf_spark.dashboard(frame, night, BY, disputes=folder / "disputes.csv", tz=tz,
                                   session=session)
    assert ours == svcperf.dashboard(held, night, BY, disputes=disputes, tz=tz)
    assert sorted(held, key=lambda job: job.job_id) == sorted(jobs, key=lambda job: job.job_id)


@SESSION
@given(night_data(), st.integers(1, 7))
def test_a_parquet_file_cut_into_row_groups_gives_the_reference_dashboard(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], rows_per_group: int) -> None:
    night, jobs, disputes, tz = data
    path = _parquet(tmp_path_factory.mktemp("parquet"), jobs, rows_per_group)
    ours = svcperf_spark.dashboard(path, night, BY, disputes=_disputes(path.parent, disputes),
                                   tz=tz, session=session)
    assert ours == svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)


@SESSION
@given(history_inputs(), st.lists(st.integers(0, 25), max_size=3))
def test_files_give_the_reference_history(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, date, list[Job], list[Dispute], str, int, list[svcperf.TargetSet]],
        cuts: list[int]) -> None:
    first, last, jobs, disputes, tz, days, targets = data
    folder = tmp_path_factory.mktemp("history")
    paths = _files(folder, jobs, cuts)
    ours = svcperf_spark.history(paths, first, last, disputes=_disputes(folder, disputes),
                                 tz=tz, days=days, targets=targets, session=session)
    assert ours == svcperf.history(jobs, first, last, disputes=disputes, tz=tz, days=days,
                                   targets=targets)


@SESSION
@given(night_data(), st.integers(1, 4), st.sets(st.sampled_from(["North", "South", "East"])))
def test_a_spark_frame_gives_the_reference_history_and_dashboard_for_any_viewer(
        session: Any, tmp_path_factory: pytest.TempPathFactory,
        data: tuple[date, list[Job], list[Dispute], str], partitions: int,
        areas: set[str]) -> None:
    night, jobs, disputes, tz = data
    folder = tmp_path_factory.mktemp("viewer")
    svcperf.write_jobs(folder / "jobs.csv", jobs)
    frame = _frame(session, folder / "jobs.csv").repartition(partitions)
    held = columnar.records_of(columnar.load_jobs(frame.toArrow()))
    viewer = svcperf.Viewer(areas)
    first = night - timedelta(days=3)
    ours = svcperf_spark.history(frame, first, night, disputes=_disputes(folder, disputes),
                                 tz=tz, viewer=viewer, session=session)
    assert ours == svcperf.history(held, first, night, disputes=disputes, tz=tz,
                                   viewer=viewer)
    board = svcperf_spark.dashboard(frame, night, BY, disputes=folder / "disputes.csv", tz=tz,
                                    viewer=viewer, session=session)
    assert board == svcperf.dashboard(held, night, BY, disputes=disputes, tz=tz, viewer=viewer)


def test_a_bad_file_fails_a_history_with_the_columnar_engine_s_problems(
        session: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1"), make_job(job_id="J1")], [1])
    with pytest.raises(InvalidInputError, match="also on"):
        svcperf_spark.history(paths, date(2026, 9, 1), date(2026, 9, 14), tz="UTC",
                              session=session)


def _disputes(folder: Path, disputes: list[Dispute]) -> Path:
    svcperf.write_disputes(folder / "disputes.csv", disputes)
    return folder / "disputes.csv"


def test_a_bad_file_gives_the_columnar_engine_s_problems(session: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1"), make_job(job_id="J2")], [1])
    paths[1].write_text(paths[1].read_text().replace(",completed,", ",done,"))
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(paths[1])
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)
    assert str(paths[1]) in str(found.value)


def test_a_bad_row_of_a_cut_parquet_file_is_numbered_in_the_file(session: Any,
                                                                 tmp_path: Path) -> None:
    path = _parquet(tmp_path, [make_job(job_id=f"J{n}") for n in range(6)], 2)
    table = pq.read_table(path)
    ratings = pa.array([None, None, None, None, 9, None], pa.int8())
    pq.write_table(table.set_column(table.schema.get_field_index("rating"), "rating", ratings),
                   path, row_group_size=2)
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(path)
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(path, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)
    assert f"{path}, row 5" in str(found.value)


def test_a_job_id_in_two_files_is_a_problem(session: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J0"), make_job(job_id="J1"),
                              make_job(job_id="J1")], [2])
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), tz="UTC", session=session)
    # the header is line 1: J1 is on line 3 of the first file, line 2 of the second
    assert str(found.value) == str(duplicate_job_problem("J1", f"{paths[0]}, line 3").located(
        str(paths[1]), 2))


def test_every_repeat_in_other_files_is_a_problem_as_the_lenient_run_rejects_it(
        session: Any, tmp_path: Path) -> None:
    ids = ["J0", "J1", "J2", "J3", "J2", "J1", "J1", "J4", "J3"]
    paths = _files(tmp_path, [make_job(job_id=job_id) for job_id in ids], [3, 6])
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), tz="UTC", session=session)
    lenient = svcperf_spark.dashboard(paths, date(2026, 9, 14), tz="UTC", session=session,
                                      lenient=True)
    expected = [str(item.error) for one in lenient.inputs for item in one.rejected]
    assert [str(problem) for problem in found.value.problems] == expected
    assert found.value.total == len(expected) == 4


def test_a_job_id_in_two_parquet_files_is_named_at_its_rows(session: Any,
                                                             tmp_path: Path) -> None:
    paths = []
    for index, ids in enumerate([["J0", "J1"], ["J1"]]):
        folder = tmp_path / str(index)
        folder.mkdir()
        paths.append(_parquet(folder, [make_job(job_id=job_id) for job_id in ids], 2))
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(duplicate_job_problem("J1", f"{paths[0]}, row 2").located(
        f"{paths[1]}, row 1", None))


def test_a_job_id_in_two_row_groups_of_a_file_gives_the_file_s_problems(
        session: Any, tmp_path: Path) -> None:
    jobs = [make_job(job_id=f"J{n}") for n in range(4)]
    svcperf.write_jobs(tmp_path / "jobs.csv", jobs)
    table = columnar.load_jobs(tmp_path / "jobs.csv").table
    ids = pa.array(["J0", "J1", "J2", "J0"])
    pq.write_table(table.set_column(0, "job_id", ids), tmp_path / "jobs.parquet",
                   row_group_size=2)
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(tmp_path / "jobs.parquet")
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(tmp_path / "jobs.parquet", date(2026, 9, 14), tz="UTC",
                                session=session)
    assert str(found.value) == str(expected.value)


def test_a_bad_row_of_a_spark_frame_is_numbered_in_the_whole_frame(session: Any,
                                                                   tmp_path: Path) -> None:
    svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id=f"J{n}") for n in range(4)])
    frame = _frame(session, tmp_path / "jobs.csv").repartition(2)
    from pyspark.sql import functions as F

    frame = frame.withColumn("rating", F.when(frame.job_id == "J3", 9).otherwise(None))
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(frame.toArrow())
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(frame, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)
    assert "got 9" in str(found.value)


def test_a_job_id_in_two_partitions_of_a_frame_gives_the_whole_frame_s_problems(
        session: Any, tmp_path: Path) -> None:
    svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id=f"J{n}") for n in range(4)])
    frame = _frame(session, tmp_path / "jobs.csv")
    frame = frame.union(frame.limit(1)).repartition(3)
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(frame.toArrow())
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(frame, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)


def test_a_frame_without_a_column_gives_the_columnar_engine_s_problem(
        session: Any, tmp_path: Path) -> None:
    svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id="J1")])
    frame = _frame(session, tmp_path / "jobs.csv").drop("status")
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(frame.toArrow())
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(frame, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)


def test_a_dispute_naming_no_job_gives_the_columnar_engine_s_problem(
        session: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1"), make_job(job_id="J2")], [1])
    disputes = _disputes(tmp_path, [make_dispute("J2"), make_dispute("J9")])
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_disputes(disputes, job_ids=["J1", "J2"])
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), disputes=disputes, tz="UTC",
                                session=session)
    assert str(found.value) == str(expected.value)


def test_bad_jobs_are_reported_before_bad_disputes(session: Any, tmp_path: Path) -> None:
    paths = _files(tmp_path, [make_job(job_id="J1")], [])
    paths[0].write_text(paths[0].read_text().replace(",completed,", ",done,"))
    disputes = _disputes(tmp_path, [make_dispute("J1")])
    disputes.write_text(disputes.read_text().replace("granted", "maybe"))
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(paths[0])
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), disputes=disputes, tz="UTC",
                                session=session)
    assert str(found.value) == str(expected.value)


def test_an_unknown_breakdown_attribute_gives_the_reference_s_error(
        session: Any, tmp_path: Path) -> None:
    jobs = [make_job(job_id="J1")]
    paths = _files(tmp_path, jobs, [])
    with pytest.raises(svcperf.InvalidArgumentError) as expected:
        svcperf.dashboard(jobs, date(2026, 9, 14), ["colour"], tz="UTC")
    with pytest.raises(svcperf.InvalidArgumentError) as found:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), ["colour"], tz="UTC",
                                session=session)
    assert str(found.value) == str(expected.value)


@pytest.mark.parametrize("carrying", [(False, True), (True, False, True), (False, False)])
def test_an_extra_column_some_files_lack_is_checked_over_every_job_as_the_reference_does(
        session: Any, tmp_path: Path, carrying: tuple[bool, ...]) -> None:
    # (each partition checked the names over its own jobs alone: a file without the
    # column said "expected a job field ... got 'crew'", where the reference names the
    # first job lacking it)
    jobs, paths = [], []
    for index, carries in enumerate(carrying):
        found = [make_job(job_id=f"F{index}R{row}") for row in range(2)]
        if carries:
            found = [attrs.evolve(job, extras=(("crew", "blue"),)) for job in found]
        paths.append(tmp_path / f"jobs-{index}.csv")
        svcperf.write_jobs(paths[-1], found)
        jobs += found
    with pytest.raises(svcperf.InvalidArgumentError) as expected:
        svcperf.dashboard(jobs, date(2026, 9, 14), ["technician_id", "crew"], tz="UTC")
    with pytest.raises(svcperf.InvalidArgumentError) as found_error:
        svcperf_spark.dashboard(paths, date(2026, 9, 14), ["technician_id", "crew"],
                                tz="UTC", session=session)
    assert str(found_error.value) == str(expected.value)


def test_a_glob_names_the_files_in_order(session: Any, tmp_path: Path) -> None:
    jobs = [make_job(job_id=f"J{n}", technician_id=[None, "t"][n % 2]) for n in range(5)]
    _files(tmp_path, jobs, [2, 3])
    ours = svcperf_spark.dashboard(str(tmp_path / "jobs-*.csv"), date(2026, 9, 14), BY,
                                   tz="UTC", session=session)
    assert ours == svcperf.dashboard(jobs, date(2026, 9, 14), BY, tz="UTC")


def test_sums_beyond_int64_are_refused_rather_than_wrapped(session: Any) -> None:
    """Spark sums the counters as decimals, so no sum wraps whatever the session's ANSI
    mode; a sum beyond int64 (impossible with real jobs) is refused."""
    from svcperf.engines import partials

    counters = [2**62] * len(partials.COUNTERS)
    row = ["tally", 0, None, None, "acct-1", "", "", True, *counters, None, None]
    out = session.createDataFrame([row, row], svcperf_spark._OUT)
    small = pa.table({"kind": pa.array([], pa.string()), "part": pa.array([], pa.int32()),
                      "seq": pa.array([], pa.int64()), "account_id": pa.array([], pa.string()),
                      "text": pa.array([], pa.string()), "blob": pa.array([], pa.binary())})
    assert svcperf_spark._summed(pa, pc, out.limit(1), small, by=()).tallies.column(
        "jobs").to_pylist() == [2**62]
    with pytest.raises(InvalidInputError, match="expected a sum of at most 2\\*\\*63 - 1"):
        svcperf_spark._summed(pa, pc, out, small, by=())


def test_a_naive_timestamp_column_gives_the_columnar_engine_s_problems(
        session: Any, tmp_path: Path) -> None:
    svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id="J1")])
    frame = _frame(session, tmp_path / "jobs.csv")
    frame = frame.withColumn("closed_at", frame.closed_at.cast("timestamp_ntz"))
    with pytest.raises(InvalidInputError) as expected:
        columnar.load_jobs(frame.toArrow())
    with pytest.raises(InvalidInputError) as found:
        svcperf_spark.dashboard(frame, date(2026, 9, 14), tz="UTC", session=session)
    assert str(found.value) == str(expected.value)
    assert "closed_at" in str(found.value)


class TestThePartitionFunction:
    """What each partition runs (`_Fold`), run in this process (Spark's workers run it in
    theirs, where coverage does not follow): the columnar engine's partial tallies, the
    ids, the disputes held, or the problem."""

    WINDOW = window_for(date(2026, 9, 14), "UTC")

    def _work(self, by: tuple[str, ...] = ()) -> Any:
        return partial(svcperf_spark._dashboard_rows, window=self.WINDOW, by=by,
                       areas=frozenset())

    @staticmethod
    def _run(fold: Any, batches: list[Any]) -> Any:
        return pa.Table.from_batches(list(fold(iter(batches))))

    def test_a_file_s_rows_are_its_partial_tallies_ids_and_disputes_held(
            self, tmp_path: Path) -> None:
        jobs = [make_job(job_id="J1"), make_job(job_id="J2", status=svcperf.JobStatus.CANCELLED,
                                                rating=1, rated_at=make_job().closed_at)]
        paths = _files(tmp_path, jobs, [])
        disputes = columnar.load_disputes(_disputes(tmp_path, [make_dispute("J2"),
                                                               make_dispute("J7")]))
        shared = type("Broadcast", (), {"value": svcperf_spark._disputes_ipc(pa, disputes)})()
        fold = svcperf_spark._Fold(self._work(("technician_id",)), shared,
                                   (svcperf_spark._Task(str(paths[0])),))
        out = self._run(fold, [pa.record_batch({"task": pa.array([0], pa.int32())})])
        kinds = out.column("kind").to_pylist()
        from svcperf.engines import partials

        data = columnar.load_jobs(paths[0])
        expected = partials.to_partials(columnar.fold(data, self.WINDOW, disputes,
                                                      ["technician_id"]), ["technician_id"])
        tallies = out.filter(pc.equal(out.column("kind"), "tally"))
        assert tallies.select(expected.tallies.schema.names).to_pylist() == (
            expected.tallies.to_pylist())
        warnings = out.filter(pc.equal(out.column("kind"), "warning"))
        assert warnings.column("text").to_pylist() == expected.warnings.column(
            "warning").to_pylist() != []
        assert out.filter(pc.equal(out.column("kind"), "disputed")).column(
            "text").to_pylist() == ["J2"]
        ids = svcperf_spark._from_ipc(pa, out.filter(pc.equal(out.column("kind"), "ids"))
                                      .column("blob")[0].as_py())
        assert ids.to_pylist() == [{"job_id": "J1", "row": 0}, {"job_id": "J2", "row": 1}]
        exploded = pa.Table.from_batches(list(svcperf_spark._explode(iter(
            out.filter(pc.equal(out.column("kind"), "ids")).select(["part", "blob"])
            .to_batches()))))
        assert exploded.to_pylist() == [{"job_id": "J1", "part": 0, "row": 0},
                                        {"job_id": "J2", "part": 0, "row": 1}]
        assert set(kinds) == {"tally", "warning", "disputed", "ids"}

    def test_a_bad_file_s_row_is_its_problem(self, tmp_path: Path) -> None:
        paths = _files(tmp_path, [make_job(job_id="J1")], [])
        paths[0].write_text(paths[0].read_text().replace(",completed,", ",done,"))
        fold = svcperf_spark._Fold(self._work(), None,
                                   (svcperf_spark._Task(str(paths[0])),))
        out = self._run(fold, [pa.record_batch({"task": pa.array([0], pa.int32())})])
        assert out.column("kind").to_pylist() == ["problem"]
        with pytest.raises(InvalidInputError) as expected:
            columnar.load_jobs(paths[0])
        with pytest.raises(InvalidInputError) as found:
            svcperf_spark._raise(out.column("blob")[0].as_py())
        assert str(found.value) == str(expected.value)

    def test_a_file_gone_is_a_problem_naming_it(self, tmp_path: Path) -> None:
        fold = svcperf_spark._Fold(self._work(), None,
                                   (svcperf_spark._Task(str(tmp_path / "gone.csv")),))
        out = self._run(fold, [pa.record_batch({"task": pa.array([0], pa.int32())})])
        with pytest.raises(svcperf.InvalidArgumentError, match=r"cannot read .*gone\.csv"):
            svcperf_spark._raise(out.column("blob")[0].as_py())

    def test_a_frame_s_partition_is_read_from_its_batches_and_an_empty_one_skipped(
            self, tmp_path: Path) -> None:
        svcperf.write_jobs(tmp_path / "jobs.csv", [make_job(job_id="J1")])
        table = columnar.load_jobs(tmp_path / "jobs.csv").table
        fold = svcperf_spark._Fold(self._work(), None)
        out = self._run(fold, table.to_batches())
        assert out.filter(pc.equal(out.column("kind"), "tally")).column("jobs").to_pylist() == [1]
        assert list(fold(iter([]))) == []
        assert list(fold(iter(table.slice(0, 0).to_batches()))) == []

    def test_a_parquet_run_s_rows_are_numbered_in_the_file(self, tmp_path: Path) -> None:
        path = _parquet(tmp_path, [make_job(job_id=f"J{n}") for n in range(4)], 2)
        tasks = tuple(svcperf_spark._tasks([(str(path), {})], 2))
        assert tasks == (svcperf_spark._Task(str(path), (0,), 0),
                         svcperf_spark._Task(str(path), (1,), 2))
        fold = svcperf_spark._Fold(self._work(), None, tasks)
        out = self._run(fold, [pa.record_batch({"task": pa.array([1], pa.int32())})])
        ids = svcperf_spark._from_ipc(pa, out.filter(pc.equal(out.column("kind"), "ids"))
                                      .column("blob")[0].as_py())
        assert ids.to_pylist() == [{"job_id": "J2", "row": 2}, {"job_id": "J3", "row": 3}]


def test_a_hive_folder_gives_the_reference_dashboard_by_its_partition_columns(
        session: Any, tmp_path: Path) -> None:
    """(As on Dask, `test_engine_folders`: the ``key=value`` folder names are text extras;
    a Parquet file split into row groups keeps them too.)"""
    import attrs
    import pyarrow.parquet as pq

    from svcperf.engines import folders

    def tagged(job: Job, **extras: str | None) -> Job:
        return attrs.evolve(job, extras=tuple(sorted({**dict(job.extras), **extras}.items())))

    jobs = [make_job(job_id=f"J{n}", technician_id=[None, "t"][n % 2]) for n in range(9)]
    north, south, unknown = jobs[:3], jobs[3:6], jobs[6:]
    for region, part in (("north", north), (folders.HIVE_NULL, unknown)):
        (tmp_path / f"region={region}").mkdir()
        svcperf.write_jobs(tmp_path / f"region={region}" / "part-0.csv", part)
    (tmp_path / "region=south").mkdir()
    svcperf.write_jobs(tmp_path / "south.csv", south)
    pq.write_table(columnar.load_jobs(tmp_path / "south.csv").table,
                   tmp_path / "region=south" / "part-0.parquet", row_group_size=1)
    (tmp_path / "south.csv").unlink()
    expected = ([tagged(job, region="north") for job in north]
                + [tagged(job, region=None) for job in unknown]
                + [tagged(job, region="south") for job in south])
    by = ["region", "technician_id"]
    night = date(2026, 9, 14)
    ours = svcperf_spark.dashboard(tmp_path, night, by, tz="UTC", session=session)
    assert ours == svcperf.dashboard(expected, night, by, tz="UTC")
    assert set(ours["region"]["acct-1"]) == {"north", "south", None}


def test_a_local_session_runs_its_workers_on_this_interpreter(tmp_path: Path) -> None:
    """PySpark starts its workers with PYSPARK_PYTHON, else ``python3`` from PATH: from a
    virtual environment that is not activated (a notebook's kernel, a script run by its
    full path) that was another Python, without svcperf."""
    import os
    import subprocess
    import sys

    svcperf.sample.write(tmp_path, 200, 3)
    code = ("import sys\n"
            "from datetime import date\n"
            "from svcperf.engines import spark\n"
            "session = spark.session_builder('local[1]', 'svcperf-tests').getOrCreate()\n"
            f"board = spark.dashboard({str(tmp_path / 'jobs.csv')!r}, date(2026, 11, 15), [],\n"
            "                        tz='America/Chicago', session=session)\n"
            "print(session.sparkContext.parallelize([0], 1)"
            ".map(lambda _: sys.executable).collect()[0] == sys.executable)\n"
            "session.stop()\n")
    env = {name: value for name, value in os.environ.items() if name != "PYSPARK_PYTHON"}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep)
                                  if not part.startswith(sys.prefix))
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split()[-1] == "True"


def test_a_local_session_that_cannot_start_is_an_svcperf_error_saying_why(
        tmp_path: Path) -> None:
    # (was PySpark's own PySparkRuntimeError, [JAVA_GATEWAY_EXITED], from the API; the
    # command line's one line is tests/test_cli_engine_scale.py's)
    import os
    import subprocess
    import sys

    jobs = tmp_path / "jobs.csv"
    svcperf.write_jobs(jobs, [make_job(job_id="J1")])
    script = ("import svcperf\nfrom datetime import date\nfrom svcperf.engines import spark\n"
              "try:\n"
              f"    spark.dashboard({str(jobs)!r}, date(2026, 9, 14), tz='UTC')\n"
              "except svcperf.InvalidArgumentError as error:\n"
              "    print(error)\n"
              "    print(type(error.__cause__).__name__)\n")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=300, env={**os.environ, "JAVA_HOME": str(tmp_path / "none")})
    assert found.returncode == 0, found.stderr
    message, cause = found.stdout.splitlines()
    assert message == (
        "svcperf.engines.spark: cannot start a local Spark session (local[*]): "
        "[JAVA_GATEWAY_EXITED] Java gateway process exited before sending its port number. "
        "(or pass session=, a session of your own)")
    assert cause == "PySparkRuntimeError"
