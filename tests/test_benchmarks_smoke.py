"""The benchmark suite's correctness smoke test (issue 5): on a small sample, svcperf and
the pandas baseline give identical numerators, denominators and statuses in every case.

No time is asserted here: timing never goes into a test. pandas is in the ``test`` extra,
so this cross-check runs wherever the tests run (it used to be skipped without the
``bench`` extra, which the README's test command does not install).
"""

from __future__ import annotations

import sys
from pathlib import Path

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
