"""The Chart View: a history's levels night by night and a breakdown's slices against
their targets, drawn with matplotlib's object-oriented API (no pyplot, headless)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from strategies import NIGHT, make_job, utc

from svcperf import (
    SERVICE_LEVELS,
    InvalidArgumentError,
    Job,
    JobStatus,
    MissingExtraError,
    breakdown,
    history,
)
from svcperf.output.charts import MISSED

pytest.importorskip("matplotlib")
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure


@pytest.fixture(scope="module")
def jobs() -> list[Job]:
    found = [make_job(job_id=f"A{day}", account_id="A", technician_id="t1",
                      closed_at=utc(2026, 9, day, 15), appointment_date=date(2026, 9, day),
                      rating=5, rated_at=utc(2026, 9, day, 18)) for day in range(1, 15)]
    found += [make_job(job_id="B1", account_id="B", technician_id=None,
                       closed_at=utc(2026, 9, 10, 15), rating=1, rated_at=utc(2026, 9, 10, 18)),
              make_job(job_id="B2", account_id="B", technician_id="t2",
                       status=JobStatus.CANCELLED, cancel_attributed=True,
                       closed_at=utc(2026, 9, 12, 15))]
    return found


class TestHistoryPlot:
    def test_one_panel_per_level_one_line_per_account(self, jobs: list[Job]) -> None:
        figure = history(jobs, date(2026, 9, 5), NIGHT, tz="UTC").plot()
        assert isinstance(figure, Figure)
        assert [ax.get_title(loc="left") for ax in figure.axes] == [
            level.name for level in SERVICE_LEVELS]
        assert all(len(ax.get_lines()) == 2 + 1 for ax in figure.axes)  # 2 accounts, target

    def test_missed_nights_are_marked(self, jobs: list[Job]) -> None:
        nightly = history(jobs, date(2026, 9, 5), NIGHT, tz="UTC")
        figure = nightly.plot("negative_feedback_rate", account="B")
        (ax,) = figure.axes
        marked = sum(len(points.get_offsets()) for points in ax.collections)  # type: ignore[misc, arg-type]
        assert marked == sum(point.meets_target is False
                             for point in nightly.series("B", "negative_feedback_rate"))
        assert marked > 0
        assert [line.get_label() for line in ax.get_lines()] == ["B", "target <= 1%"]

    def test_the_target_is_a_line_at_its_threshold(self, jobs: list[Job]) -> None:
        nightly = history(jobs, date(2026, 9, 5), NIGHT, tz="UTC")
        (ax,) = nightly.plot("customer_feedback_rating").axes
        target = ax.get_lines()[-1]
        assert list(target.get_ydata()) == [4.7, 4.7]  # type: ignore[arg-type]

    def test_an_unknown_metric_or_account_is_an_argument_error(self, jobs: list[Job]) -> None:
        nightly = history(jobs, date(2026, 9, 5), NIGHT, tz="UTC")
        with pytest.raises(InvalidArgumentError, match="metric"):
            nightly.plot("speed")
        with pytest.raises(InvalidArgumentError, match="account"):
            nightly.plot(account="C")


class TestBreakdownPlot:
    def test_one_bar_per_slice_misses_in_red(self, jobs: list[Job]) -> None:
        sliced = breakdown(jobs, NIGHT, "technician_id", tz="UTC")
        (ax,) = sliced.plot("cancellation_rate").axes
        bars = ax.patches
        expected = [part["cancellation_rate"].meets_target is False
                    for account_id in sliced for part in sliced[account_id].values()]
        assert len(bars) == len(expected) == 3
        assert [bar.get_facecolor() == to_rgba(MISSED) for bar in bars] == expected
        assert [tick.get_text() for tick in ax.get_xticklabels()] == [
            "A · t1", "B · t2", "B · (none)"]

    def test_one_account_is_labelled_by_slice_only(self, jobs: list[Job]) -> None:
        sliced = breakdown(jobs, NIGHT, "technician_id", tz="UTC")
        (ax,) = sliced.plot("hg_claim_rate", account="B").axes
        assert [tick.get_text() for tick in ax.get_xticklabels()] == ["t2", "(none)"]


def test_charts_save_headless_without_pyplot(jobs: list[Job], tmp_path: Path) -> None:
    code = ("import sys; from datetime import date; import svcperf, svcperf.sample as s; "
            "jobs, disputes = s.generate(300); "
            "h = svcperf.history(jobs, date(2026, 11, 1), s.SAMPLE_NIGHT, tz=s.SAMPLE_TZ); "
            f"h.plot().savefig({str(tmp_path / 'h.png')!r}); "
            "print('matplotlib.pyplot' in sys.modules)")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == "False"
    assert (tmp_path / "h.png").read_bytes()[:4] == b"\x89PNG"


def test_without_matplotlib_the_error_names_the_extra(jobs: list[Job],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'svcperf\[plot\]'"):
        history(jobs, NIGHT - timedelta(days=1), NIGHT, tz="UTC").plot()


def test_a_chart_shows_itself_in_a_notebook_as_png(jobs: list[Job]) -> None:
    figure = breakdown(jobs, NIGHT, "technician_id", tz="UTC").plot("hg_claim_rate")
    assert isinstance(figure, Figure)
    assert figure._repr_png_()[:4] == b"\x89PNG"  # type: ignore[attr-defined]
