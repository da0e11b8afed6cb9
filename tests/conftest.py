"""Hypothesis profiles: a quick `dev` default, a thorough `ci` profile, and `mutation` for
mutation testing (mutmut runs each test many times in one process: the examples are
derandomized, so every mutant meets the same ones, no example database is kept, and a
failing example is not shrunk).

Choose with the environment variable ``HYPOTHESIS_PROFILE`` (``.ci/run`` sets ``ci``).
The suite's fixtures: each engine in turn, a Dask cluster and a Spark session per module,
and the number of pytest-xdist workers ``-n auto`` starts.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from engine_runs import EngineRun
from hypothesis import HealthCheck, Phase, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "mutation", max_examples=60, deadline=None, derandomize=True, database=None,
    phases=[Phase.explicit, Phase.generate],  # a failure is enough: no time spent shrinking it
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker per core this process may run on, at most four (each
    worker may hold a local Spark session's JVM and a Dask cluster at once)."""
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    return max(1, min(4, cores))


@pytest.fixture(scope="session", params=["python", "columnar"])
def engine(request: pytest.FixtureRequest) -> EngineRun:
    """Each engine in turn (the columnar one skipped without pyarrow): the file-reading,
    command-line and view tests run once per engine."""
    if request.param == "columnar":
        pytest.importorskip("pyarrow")
    return EngineRun(request.param)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A Dask client of a local cluster of two single-threaded worker processes, one per
    test module (the Dask engine's scale tests; a module may define its own)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as found:
        yield found


@pytest.fixture(scope="module")
def session() -> Iterator[Any]:
    """A local Spark session of two cores, one per test module (the Spark engine's scale
    tests; the module has already skipped without PySpark or Java)."""
    from svcperf.engines import spark

    found = (spark.session_builder("local[2]", "svcperf-tests")
             .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    found.sparkContext.setLogLevel("ERROR")
    yield found
    found.stop()
