"""The bundled sample's night, zone, size, seed and span (`svcperf.sample`), apart from the
generator so that the command line can name them in its help without importing it."""

from __future__ import annotations

from datetime import date

__all__ = ["SAMPLE_DAYS", "SAMPLE_JOBS", "SAMPLE_NIGHT", "SAMPLE_SEED", "SAMPLE_TZ"]

#: The night the sample is made for (and evaluated as of by ``svcperf evaluate --sample``).
SAMPLE_NIGHT = date(2026, 11, 15)
#: The evaluation zone of the sample's dashboard.
SAMPLE_TZ = "America/Chicago"
#: The sample's size and seed for ``svcperf evaluate --sample`` (about 1,900 jobs in
#: each 60-day window).
SAMPLE_JOBS = 5_000
SAMPLE_SEED = 7
#: Jobs fall on the `days` local days ending on the night (this many by default: the
#: windows of the 90 nights up to the night reach back 149 days) ...
SAMPLE_DAYS = 160
