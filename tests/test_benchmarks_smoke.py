"""The benchmark suite's correctness smoke test (issue 5): on a small sample, svcperf and
the pandas baseline give identical numerators, denominators and statuses in every case.

No time is asserted here: timing never goes into a test. pandas is in the ``test`` extra,
so this cross-check runs wherever the tests run (it used to be skipped without the
``bench`` extra, which the README's test command does not install).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root

from benchmarks import suite


class TestRun:
    """SPEC §3–§4 computed twice, by svcperf and by an independent pandas notebook."""

    def test_svcperf_and_the_pandas_baseline_agree_on_every_figure(self, tmp_path: Path) -> None:
        results = suite.run([suite.SMOKE_SIZE], repeat=1, seed=3,
                            cases=["B1", "B2", "B3", "B5"], workdir=tmp_path, b5_repeat=1)
        assert [result["case"] for result in results] == ["B1", "B2", "B3", "B5"]


class TestDifferences:
    """The check the suite runs before reporting any time must be able to fail."""

    def test_a_changed_numerator_is_reported(self) -> None:
        key = ("acct", "", None)
        assert suite.differences({key: (1, 2, "good_standing")},
                                 {key: (2, 2, "good_standing")}) == [
            "('acct', '', None): svcperf (1, 2, 'good_standing') != pandas "
            "(2, 2, 'good_standing')"]

    def test_a_slice_missing_on_one_side_is_reported(self) -> None:
        key = ("acct", "technician_id", None)
        assert suite.differences({key: (0, 1, "attention")}, {}) == [
            f"only in svcperf: {key}"]


class TestWholeProcess:
    """B6's peers (the pandas script read both ways, polars, DuckDB) and svcperf's cases
    give the same figures on a small sample: the check B6 runs before any timing."""

    @pytest.fixture(autouse=True)
    def _peers(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for library in ("pandas", "polars", "duckdb", "pyarrow"):
            pytest.importorskip(library)
        monkeypatch.chdir(Path(__file__).resolve().parents[1])  # `python -m benchmarks...`

    def test_every_case_agrees(self, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
        from benchmarks import whole_process

        whole_process.prepare(tmp_path, 600, 3)
        assert whole_process.main(["--sizes", "600", "--repeat", "1", "--data",
                                   str(tmp_path), "--no-pin"]) == 0
        shown = capsys.readouterr().out
        assert "| pandas script (CSV), read_csv(engine=pyarrow) | 600 |" in shown
        assert "| DuckDB script (CSV) | 600 |" in shown

    def test_a_case_that_disagrees_stops_the_run(self, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
        from benchmarks import whole_process

        whole_process.prepare(tmp_path, 600, 3)
        chosen = whole_process.cases(tmp_path)
        wrong = chosen["pandas script (CSV), read_csv(engine=pyarrow)"].copy()
        wrong[wrong.index(whole_process.NIGHT)] = "2026-10-15"  # another night's figures
        monkeypatch.setattr(whole_process, "cases", lambda directory: {
            "svcperf, columnar (CSV)": chosen["svcperf, columnar (CSV)"],
            "pandas script, another night": wrong})
        with pytest.raises(SystemExit, match="pandas script, another night disagrees"):
            whole_process.main(["--sizes", "600", "--repeat", "1", "--data",
                                str(tmp_path), "--no-pin"])
