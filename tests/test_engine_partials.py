"""Partial tallies as a table (``svcperf.partials/2``): summing the tables of the parts of
any partition of the jobs gives exactly the whole's tallies, and a table round-trips."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import night_data

import svcperf
from svcperf import Dispute, InvalidArgumentError, InvalidInputError, Job
from svcperf.dataset import Dataset
from svcperf.engines.columnar import ColumnarFolded
from svcperf.evaluation import fold
from svcperf.tally import Tally
from svcperf.targets import SEED_TARGETS, target_set_in_force
from svcperf.views.breakdown import SliceValue, slice_key
from svcperf.window import window_for

pa = pytest.importorskip("pyarrow")
partials = pytest.importorskip("svcperf.engines.partials")

BY: list[str | tuple[str, ...]] = ["coverage_area", "technician_id", "profession",
                                   ("coverage_area", "technician_id"), ("profession",)]


def _partials(jobs: Sequence[Job], disputes: Sequence[Dispute], night: date, tz: str,
              by: Sequence[str | tuple[str, ...]]) -> object:
    """The reference's partial table of `jobs` (with the disputes on them)."""
    window = window_for(night, tz)
    ids = {job.job_id for job in jobs}
    data = Dataset(tuple(jobs), tuple(d for d in disputes if d.job_id in ids))
    folded = fold(data.jobs, window, data.dispute_index, slice_key(by, data.jobs))
    return partials.to_partials(folded, by, data.account_ids)


@given(night_data(), st.integers(1, 4), st.data())
def test_summing_the_parts_partials_gives_the_whole_s_tallies(
        data: tuple[date, list[Job], list[Dispute], str], k: int, draw: st.DataObject) -> None:
    night, jobs, disputes, tz = data
    part_of = draw.draw(st.lists(st.integers(0, k - 1), min_size=len(jobs),
                                 max_size=len(jobs)))
    parts = [[job for job, part in zip(jobs, part_of, strict=True) if part == index]
             for index in range(k)]
    summed = partials.from_partials(partials.sum_partials(
        _partials(part, disputes, night, tz, BY) for part in parts))
    whole = partials.from_partials(_partials(jobs, disputes, night, tz, BY))
    assert summed.accounts == whole.accounts
    assert summed.breakdowns == whole.breakdowns
    assert summed.account_ids == whole.account_ids
    assert ({key: sorted(texts) for key, texts in summed.warnings.items()}
            == {key: sorted(texts) for key, texts in whole.warnings.items()})


@given(night_data(), st.lists(st.integers(0, 25), max_size=3))
def test_the_sum_of_contiguous_parts_gives_the_reference_dashboard(
        data: tuple[date, list[Job], list[Dispute], str], cuts: list[int]) -> None:
    night, jobs, disputes, tz = data
    bounds = [0, *sorted(min(cut, len(jobs)) for cut in cuts), len(jobs)]
    parts = [jobs[lo:hi] for lo, hi in pairwise(bounds)]
    sums = partials.from_partials(partials.sum_partials(
        _partials(part, disputes, night, tz, BY) for part in parts))
    window = window_for(night, tz)
    ours = partials.dashboard_of(sums, window, target_set_in_force(SEED_TARGETS, window.end),
                                 BY)
    assert ours == svcperf.dashboard(jobs, night, BY, disputes=disputes, tz=tz)


@given(night_data())
def test_a_table_round_trips(data: tuple[date, list[Job], list[Dispute], str]) -> None:
    night, jobs, disputes, tz = data
    table = _partials(jobs, disputes, night, tz, BY)
    again = partials.sum_partials([table])
    assert again.tallies.equals(table.tallies)  # type: ignore[attr-defined]
    assert again.warnings.equals(table.warnings)  # type: ignore[attr-defined]
    rebuilt = partials.from_partials(again)
    assert rebuilt == partials.from_partials(table)


def test_a_value_never_collides_with_no_value() -> None:
    slices: dict[tuple[str, SliceValue], Tally] = {("A", None): Tally(jobs=1, completed=1),
                                                   ("A", ""): Tally(jobs=2, completed=2)}
    folded = ColumnarFolded({"A": Tally(jobs=3, completed=3)}, (slices,), {}, ("A",))
    table = partials.to_partials(folded, ["channel"])
    summed = partials.from_partials(partials.sum_partials([table, table]))
    assert summed.breakdowns == {"channel": {key: tally + tally for key, tally in slices.items()}}


def test_the_columnar_engine_s_fold_gives_the_same_table(tmp_path: Path) -> None:
    from strategies import make_job

    from svcperf.engines import columnar
    jobs = [make_job(job_id=f"J{n}", technician_id=[None, "t"][n % 2]) for n in range(5)]
    path = tmp_path / "jobs.csv"
    svcperf.write_jobs(path, jobs)
    closed = jobs[0].closed_at
    assert closed is not None
    night = closed.date()
    window = window_for(night, "UTC")
    ours = partials.to_partials(columnar.fold(columnar.load_jobs(path), window, None, BY), BY)
    reference = _partials(jobs, [], night, "UTC", BY)
    assert ours.tallies.equals(reference.tallies)  # type: ignore[attr-defined]


def test_a_combined_slice_keeps_each_element_s_value_or_no_value() -> None:
    entry = ("channel", "technician_id")
    slices: dict[tuple[str, SliceValue], Tally] = {
        ("A", ("", None)): Tally(jobs=1, completed=1), ("A", (None, "")): Tally(jobs=2),
        ("A", ("=x", "a\x01b")): Tally(jobs=3), ("A", (None, None)): Tally(jobs=4)}
    folded = ColumnarFolded({"A": Tally(jobs=10)}, (slices,), {}, ("A",))
    summed = partials.from_partials(partials.sum_partials([partials.to_partials(folded,
                                                                               [entry])]))
    assert summed.breakdowns == {entry: slices}


def test_a_name_the_table_cannot_encode_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="without NUL characters"):
        partials.to_partials(fold([], window_for(date(2026, 9, 14), "UTC"),
                                  Dataset(()).dispute_index, lambda job: job.account_id),
                             [("coverage_area", "a\x00b")])


def test_a_combined_row_of_the_wrong_shape_is_refused() -> None:
    folded = ColumnarFolded({"A": Tally(jobs=1)}, ({("A", ("x", "y")): Tally(jobs=1)},), {},
                            ("A",))
    table = partials.to_partials(folded, [("channel", "technician_id")]).tallies
    bad = table.set_column(2, "slice", pa.array(["", "=x"]))
    with pytest.raises(InvalidInputError, match="2 elements"):
        partials.from_partials(partials.Partials(bad, partials.sum_partials([]).warnings))


def test_a_table_of_another_schema_is_refused() -> None:
    table = pa.table({"account_id": ["A"]})
    with pytest.raises(InvalidInputError, match=r"svcperf\.partials/2"):
        partials.from_partials(partials.Partials(table, table))
