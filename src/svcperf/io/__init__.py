"""Files at the edge: the interchange files (SPEC §7) and the result formats.

`interchange` reads and writes jobs and disputes files (CSV or JSON Lines);
`results` turns evaluations and views into JSON-ready objects and CSV text.
"""

from .interchange import (
    CSV_CELL_LIMIT,
    DISPUTE_FIELDS,
    ERROR_CAP,
    FORMATS,
    InputWarning,
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
    "CSV_CELL_LIMIT",
    "DISPUTE_FIELDS",
    "ERROR_CAP",
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
