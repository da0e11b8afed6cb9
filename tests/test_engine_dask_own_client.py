"""Without a Dask client, the Dask engine starts an in-process one for the run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from strategies import make_job

import svcperf

pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")
from svcperf.engines import dask as svcperf_dask  # noqa: E402


def test_without_a_client_a_run_starts_its_own_and_closes_it(tmp_path: Path) -> None:
    jobs = [make_job(job_id="J1"), make_job(job_id="J2", technician_id="t")]
    svcperf.write_jobs(tmp_path / "jobs.csv", jobs)
    with pytest.raises(ValueError):
        distributed.get_client()
    ours = svcperf_dask.dashboard(tmp_path / "jobs.csv", date(2026, 9, 14), ["technician_id"],
                                  tz="UTC")
    assert ours == svcperf.dashboard(jobs, date(2026, 9, 14), ["technician_id"], tz="UTC")
    with pytest.raises(ValueError):
        distributed.get_client()
