"""Files at the edge: the interchange files (SPEC §7).

`interchange` reads and writes jobs and disputes files (CSV or JSON Lines); the result
formats (table, JSON, CSV) are in `svcperf.output`.
"""

from .interchange import (
    DISPUTE_FIELDS,
    ERROR_CAP,
    FORMATS,
    Rejected,
    Scan,
    file_format,
    read_disputes,
    read_jobs,
    scan_disputes,
    scan_jobs,
    write_disputes,
    write_jobs,
)

__all__ = [
    "DISPUTE_FIELDS",
    "ERROR_CAP",
    "FORMATS",
    "Rejected",
    "Scan",
    "file_format",
    "read_disputes",
    "read_jobs",
    "scan_disputes",
    "scan_jobs",
    "write_disputes",
    "write_jobs",
]
