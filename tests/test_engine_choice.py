"""`engine=`: which engine evaluates an input, and that every engine, on every kind of
input, gives the reference's result (SPEC §10: "the columnar, Dask and Spark engines must
give identical tallies, identical results and identical error messages for the same
input. `--engine auto` (the default) takes the columnar engine when its extra is
installed, the reference engine otherwise.")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest

import svcperf
from svcperf import Dataset, InvalidArgumentError, InvalidInputError, sample
from svcperf import engine_choice as choice
from svcperf.engine_choice import Engine, choose, input_kind
from svcperf.inputs import read_columns

NIGHT = date(2026, 11, 15)
TZ = "America/Chicago"
KINDS = ["records", "dataset", "csv", "jsonl", "parquet", "arrow", "pandas", "polars",
         "columns"]
ENGINES = ["auto", "python", "columnar"]
_CALLS: dict[str, Callable[[Any, Any, Any], object]] = {
    "evaluate": lambda jobs, disputes, engine: svcperf.evaluate(
        jobs, NIGHT, disputes=disputes, tz=TZ, engine=engine),
    "dashboard": lambda jobs, disputes, engine: svcperf.dashboard(
        jobs, NIGHT, ["coverage_area", "channel"], disputes=disputes, tz=TZ,
        viewer=svcperf.Viewer({"Brooklyn", "Queens"}), engine=engine),
    "breakdown": lambda jobs, disputes, engine: svcperf.breakdown(
        jobs, NIGHT, ("profession", "technician_id"), disputes=disputes, tz=TZ, days=30,
        engine=engine),
    "summary": lambda jobs, disputes, engine: svcperf.summary(
        jobs, NIGHT, disputes=disputes, tz=TZ, engine=engine),
    "issue_list": lambda jobs, disputes, engine: svcperf.issue_list(
        jobs, NIGHT, disputes=disputes, tz=TZ, issue_types={"hg_claim", "reschedule"},
        engine=engine),
    "explain": lambda jobs, disputes, engine: svcperf.explain(
        jobs, NIGHT, "negative_feedback_rate", disputes=disputes, tz=TZ, account="acct-2002",
        engine=engine),
    "history": lambda jobs, disputes, engine: svcperf.history(
        jobs, date(2026, 11, 1), NIGHT, disputes=disputes, tz=TZ,
        engine=engine),
}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Any]]:
    """The same data (the sample, 400 jobs) as every kind of input."""
    folder = tmp_path_factory.mktemp("inputs")
    jobs, disputes = sample.generate(400, seed=5)
    found: dict[str, tuple[Any, Any]] = {"records": (jobs, disputes),
                                         "dataset": (Dataset(jobs, disputes), ())}
    found["csv"] = sample.write(folder / "csv", 400, seed=5)
    found["jsonl"] = sample.write(folder / "jsonl", 400, seed=5, format="jsonl")
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from svcperf.engines.columnar_input import disputes_from_records, jobs_from_records

    table, dispute_table = jobs_from_records(jobs).table, disputes_from_records(disputes).table
    pq.write_table(table, folder / "jobs.parquet")
    pq.write_table(dispute_table, folder / "disputes.parquet")
    found["parquet"] = (str(folder / "jobs.parquet"), folder / "disputes.parquet")
    found["arrow"] = (table, dispute_table)
    plain = table.cast(pa.schema([field.with_type(field.type.value_type)
                                  if pa.types.is_dictionary(field.type) else field
                                  for field in table.schema]))
    frame = plain.to_pandas()
    frame["rating"] = frame["rating"].astype("Int8")  # (docs/performance.md: typed columns)
    found["pandas"] = (frame, dispute_table.to_pandas())
    pl = pytest.importorskip("polars")
    found["polars"] = (pl.from_arrow(plain), pl.from_arrow(dispute_table))
    found["columns"] = (read_columns(*found["csv"]), ())
    return found


@pytest.fixture(scope="module")
def expected(inputs: dict[str, tuple[Any, Any]]) -> dict[str, object]:
    """Each function's result by the reference engine on records."""
    jobs, disputes = inputs["records"]
    return {name: call(jobs, disputes, "python") for name, call in _CALLS.items()}


class TestEveryFunctionEveryEngineEveryInput:
    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("kind", KINDS)
    @pytest.mark.parametrize("function", list(_CALLS))
    def test_the_result_is_the_reference_s(self, inputs: dict[str, tuple[Any, Any]],
                                           expected: dict[str, object], function: str,
                                           kind: str, engine: str) -> None:
        jobs, disputes = inputs[kind]
        assert _CALLS[function](jobs, disputes, engine) == expected[function]

    @pytest.mark.parametrize("engine", ENGINES)
    @pytest.mark.parametrize("kind", ["csv", "jsonl", "parquet"])
    def test_dataset_read_gives_the_same_data_set(self, inputs: dict[str, tuple[Any, Any]],
                                                  kind: str, engine: str) -> None:
        jobs, disputes = inputs[kind]
        data = Dataset.read(jobs, disputes, engine=cast(Engine, engine))
        assert (data.jobs, data.disputes) == tuple(map(tuple, inputs["records"]))


class TestTheSameErrors:
    @pytest.mark.parametrize("function", ["evaluate", "dashboard", "summary", "issue_list"])
    def test_a_bad_file_gives_the_reference_s_problems(self, tmp_path: Path,
                                                       inputs: dict[str, tuple[Any, Any]],
                                                       function: str) -> None:
        jobs, disputes = inputs["csv"]
        lines = Path(jobs).read_text(encoding="utf-8").splitlines(keepends=True)
        lines[2] = lines[2].replace(",completed,", ",finished,", 1)
        lines[5] = lines[5].replace("America/", "Americas/", 1)
        bad = tmp_path / "jobs.csv"
        bad.write_text("".join(lines), encoding="utf-8")
        messages = []
        for engine in ENGINES:
            with pytest.raises(InvalidInputError) as error:
                _CALLS[function](bad, disputes, engine)
            messages.append(str(error.value))
        assert len(set(messages)) == 1 and len(messages[0].splitlines()) == 2

    def test_the_problems_of_both_files_are_reported_together(
            self, tmp_path: Path, inputs: dict[str, tuple[Any, Any]]) -> None:
        jobs, disputes = inputs["csv"]
        lines = Path(disputes).read_text(encoding="utf-8").splitlines(keepends=True)
        lines[1] = lines[1].replace("granted", "won", 1).replace("denied", "won", 1)
        bad = tmp_path / "disputes.csv"
        bad.write_text("".join(lines), encoding="utf-8")
        messages = []
        for engine in ENGINES:
            with pytest.raises(InvalidInputError) as error:
                Dataset.read(jobs, bad, engine=cast(Engine, engine))
            messages.append(str(error.value))
        assert len(set(messages)) == 1 and "field 'outcome'" in messages[0]

    def test_disputes_beside_columns_are_refused(self,
                                                  inputs: dict[str, tuple[Any, Any]]) -> None:
        with pytest.raises(InvalidArgumentError, match="columns carry their disputes"):
            svcperf.summary(inputs["columns"][0], NIGHT, disputes=inputs["csv"][1], tz=TZ)

    def test_records_beside_a_file_are_refused(self, inputs: dict[str, tuple[Any, Any]]) -> None:
        with pytest.raises(InvalidArgumentError, match="disputes: with jobs from a file"):
            svcperf.evaluate(inputs["csv"][0], NIGHT, disputes=inputs["records"][1], tz=TZ)

    def test_arguments_are_checked_before_any_file_is_read(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidArgumentError, match=r"^days"):
            svcperf.evaluate(tmp_path / "missing.csv", NIGHT, tz=TZ, days=0,
                             engine="columnar")


class TestChoose:
    """The rule: auto takes the columnar engine for a CSV or Parquet file or a frame when
    pyarrow is installed; python always; columnar needs pyarrow."""

    @pytest.mark.parametrize(("source", "kind"), [
        ("jobs.csv", "csv"), (Path("x/JOBS.Parquet"), "parquet"), ("jobs.jsonl", "jsonl"),
        ("jobs.ndjson", "jsonl"), ("jobs.txt", "jsonl"), ([], "records"), ((), "records"),
        (Dataset(), "records")])
    def test_input_kinds(self, source: object, kind: str) -> None:
        assert input_kind(source) == kind
        assert choose("python", source) == "python"
        expected = "columnar" if kind in ("csv", "parquet") else "python"
        assert choose("auto", source) == expected

    def test_a_format_overrides_the_extension(self) -> None:
        assert choose("auto", "jobs.csv", "jsonl") == "python"
        assert choose("auto", "jobs.data", "csv") == "columnar"

    def test_frames_go_to_the_columnar_engine(self) -> None:
        pa = pytest.importorskip("pyarrow")
        assert choose("auto", pa.table({"a": [1]})) == "columnar"

    def test_without_pyarrow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(choice, "columnar_installed", lambda: False)
        assert choose("auto", "jobs.csv") == "python"
        with pytest.raises(InvalidArgumentError) as error:
            svcperf.evaluate([], NIGHT, tz=TZ, engine="columnar")
        assert str(error.value) == ("engine columnar: needs pyarrow; install it with pip "
                                    "install 'svcperf[columnar]'")

    def test_an_unknown_engine_is_named(self) -> None:
        with pytest.raises(InvalidArgumentError, match="engine: expected one of auto, python, "
                                                        "columnar, got 'spark'"):
            svcperf.summary([], NIGHT, tz=TZ, engine="spark")  # type: ignore[arg-type]
