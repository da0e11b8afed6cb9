"""The floor for Parquet: ``python -m benchmarks.read_parquet FILE...`` reads each file into
an Arrow table (pyarrow.parquet.read_table) and does nothing else."""

from __future__ import annotations

import sys

import pyarrow.parquet as pq

if __name__ == "__main__":
    for path in sys.argv[1:]:
        pq.read_table(path)
