"""Nightly partial tallies as a table (``svcperf.history-partials/1``): summing the tables
of the parts of any partition of the jobs gives exactly `svcperf.history`'s result."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import history_inputs, make_job

import svcperf
from svcperf import Dispute, InvalidArgumentError, InvalidInputError, Job, TargetSet, Viewer
from svcperf.tally import Tally

pa = pytest.importorskip("pyarrow")
history_partials = pytest.importorskip("svcperf.engines.history_partials")
from svcperf.engines import columnar_input  # noqa: E402

LEAN = settings(max_examples=max(10, settings().max_examples // 4), deadline=None)
Inputs = tuple[date, date, list[Job], list[Dispute], str, int, list[TargetSet]]


def _table(jobs: Sequence[Job], disputes: Sequence[Dispute], first: date, last: date,
           tz: str, days: int, viewer: Viewer | None = None) -> object:
    """One partition's table, through the columnar tables a worker holds (every dispute
    given: those on other parts' jobs must be ignored)."""
    data = columnar_input.jobs_from_records(list(jobs))
    dispute_table = columnar_input.disputes_from_records(list(disputes))
    return history_partials.history_partials(data, first, last, dispute_table, tz=tz,
                                             days=days, viewer=viewer)


@LEAN
@given(history_inputs(), st.integers(1, 4), st.data())
def test_summing_any_parts_tables_gives_the_reference_history(
        data: Inputs, k: int, draw: st.DataObject) -> None:
    first, last, jobs, disputes, tz, days, targets = data
    part_of = draw.draw(st.lists(st.integers(0, k - 1), min_size=len(jobs),
                                 max_size=len(jobs)))
    parts = [[job for job, part in zip(jobs, part_of, strict=True) if part == index]
             for index in range(k)]
    summed = history_partials.sum_history_partials(
        _table(part, disputes, first, last, tz, days) for part in parts)
    ours = history_partials.history_from_partials(summed, first, last, tz=tz, days=days,
                                                  targets=targets)
    assert ours == svcperf.history(jobs, first, last, disputes=disputes, tz=tz, days=days,
                                   targets=targets)


@LEAN
@given(history_inputs(), st.sets(st.sampled_from(["North", "South", "East"]), min_size=1))
def test_a_viewer_s_tables_give_its_history(data: Inputs, areas: set[str]) -> None:
    first, last, jobs, disputes, tz, days, targets = data
    viewer = Viewer(areas)
    table = _table(jobs, disputes, first, last, tz, days, viewer)
    ours = history_partials.history_from_partials(
        history_partials.sum_history_partials([table]), first, last, tz=tz, days=days,
        targets=targets)
    assert ours == svcperf.history(jobs, first, last, disputes=disputes, tz=tz, days=days,
                                   targets=targets, viewer=viewer)


def test_every_account_has_a_first_night_row_and_zero_nights_are_left_out() -> None:
    quiet = make_job(job_id="Q", account_id="quiet")  # open: in no window
    table = _table([quiet], [], date(2026, 9, 1), date(2026, 9, 5), "UTC", 60)
    assert table.column("night").to_pylist() == [date(2026, 9, 1)]  # type: ignore[attr-defined]
    tallies = history_partials.from_nightly(table, date(2026, 9, 1), date(2026, 9, 5))
    assert tallies == {"quiet": (Tally(),) * 5}


def test_a_table_of_another_schema_or_night_is_refused() -> None:
    table = _table([make_job()], [], date(2026, 9, 1), date(2026, 9, 5), "UTC", 60)
    with pytest.raises(InvalidInputError, match=r"svcperf\.history-partials/1"):
        history_partials.sum_history_partials(
            [table.replace_schema_metadata({})])  # type: ignore[attr-defined]
    with pytest.raises(InvalidInputError, match="field 'jobs'"):
        history_partials.sum_history_partials([table.set_column(  # type: ignore[attr-defined]
            2, "jobs", pa.array([1.0] * table.num_rows))])  # type: ignore[attr-defined]
    later = date(2026, 9, 2)
    with pytest.raises(InvalidInputError, match="field 'night'"):
        history_partials.from_nightly(table, later, later + timedelta(days=3))


def test_the_nightly_tallies_must_cover_every_night() -> None:
    from svcperf.views.history import history_of

    with pytest.raises(InvalidArgumentError, match="expected 5 nightly tallies"):
        history_of({"A": (Tally(),)}, date(2026, 9, 1), date(2026, 9, 5), tz="UTC")
