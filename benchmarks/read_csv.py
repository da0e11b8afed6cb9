"""The floor for CSV: ``python -m benchmarks.read_csv FILE...`` reads each file into an
Arrow table with pyarrow's CSV reader, every column as text (what the columnar engine
reads before it checks anything; pyarrow's default block size), and does nothing else."""

from __future__ import annotations

import sys

import pyarrow as pa
import pyarrow.csv as pcsv

if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8", newline="") as file:
            names = next(iter(file)).rstrip("\r\n").split(",")
        pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string())))
