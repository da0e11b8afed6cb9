"""Files at the edge: the interchange files (SPEC §7).

`interchange` reads the jobs and disputes files (CSV or JSON Lines), `writing` writes
them (and Parquet, with pyarrow); the result
formats (table, JSON, CSV) are in `svcperf.output`.
"""

from .interchange import (
    CSV_CELL_LIMIT,
    DISPUTE_FIELDS,
    ERROR_CAP,
    FILE_FORMATS,
    FORMATS,
    InputWarning,
    Rejected,
    Scan,
    file_format,
    read_disputes,
    read_jobs,
    scan_disputes,
    scan_jobs,
)
from .writing import write_disputes, write_jobs

__all__ = [
    "CSV_CELL_LIMIT",
    "DISPUTE_FIELDS",
    "ERROR_CAP",
    "FILE_FORMATS",
    "FORMATS",
    "InputWarning",
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
