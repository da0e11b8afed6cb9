"""What the lenient-reading tests of every engine share: a small sample's rows, broken on
purpose (a bad value, or another row's job id), written as CSV or read as a text table."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from svcperf import sample

#: The rows of the scale-out engines' lenient tests (small: a cluster runs each example).
ROWS = 120
#: Changes to those rows: a bad value, or another row's job id (a duplicate, maybe in
#: another file).
CHANGES = st.lists(st.tuples(st.integers(0, ROWS - 1), st.one_of(
    st.sampled_from([("status", "done"), ("rating", "9"), ("timezone", "Mars/Base")]),
    st.tuples(st.just("duplicate"), st.integers(0, ROWS - 1)))), min_size=1, max_size=8)


class SampleRows(tuple[list[str], list[list[str]]]):
    """The header and rows of a sample's jobs CSV (shown short in hypothesis' reports)."""

    def __repr__(self) -> str:
        return f"<the sample's {len(self[1])} rows>"


def sample_rows(folder: Path, count: int) -> SampleRows:
    """The header and rows of the jobs CSV of a sample of `count` jobs, written in `folder`."""
    jobs, _ = sample.write(folder, count)
    with open(jobs, encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return SampleRows((header, rows))


def broken(header: list[str], rows: list[list[str]],
           changes: Sequence[tuple[int, tuple[str, Any]]]) -> list[list[str]]:
    """`rows` with `changes`: ``(row, (field, value))`` sets a cell, ``(row, ("duplicate",
    other))`` gives the row the job id of row `other`."""
    found = [list(row) for row in rows]
    for where, (field, value) in changes:
        if field == "duplicate":
            field, value = "job_id", found[value][header.index("job_id")]
        found[where][header.index(field)] = value
    return found


def problems(item: Any) -> list[tuple[object, ...]]:
    """A rejected row's problems (`svcperf.io.Rejected`), as (record, field, got)."""
    return [(problem.record, problem.field, problem.got) for problem in item.error.problems]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    """`rows` under `header` as a CSV file at `path`."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    return path


def text_table(path: Path) -> Any:
    """A CSV file as a pyarrow table of text columns (null for an empty cell): a frame."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    return pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string())))
