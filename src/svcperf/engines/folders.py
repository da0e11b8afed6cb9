"""Sources of the scale-out engines: paths, globs and (hive-partitioned) folders.

A folder stands for every data file under it (``.csv``, ``.parquet``, ``.jsonl``,
``.ndjson``, or every file when the format is given, found recursively, in sorted order;
names starting with ``_`` or ``.``, such as ``_SUCCESS``, are skipped). A folder name
``key=value`` on the way from the folder given to a file
(``jobs/region=north/part-0.parquet``) gives each job of that file the extra attribute
``key`` with the text ``value`` (percent-decoded; Hive's ``__HIVE_DEFAULT_PARTITION__``
means no value), usable for breakdowns. See ``docs/scale.md``, "Sources".
"""

from __future__ import annotations

import glob
import os
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from ..records import CORE_FIELDS
from ..schema import text_problem
from .columnar_input import JobTable, _pa

__all__ = ["DATA_SUFFIXES", "HIVE_NULL", "Partitioned", "source_files",
           "with_partition_columns", "with_partition_text"]

#: The files a folder stands for, by their suffix.
DATA_SUFFIXES = (".csv", ".parquet", ".jsonl", ".ndjson")
#: The folder value that means no value (as Hive and Spark write it).
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"
#: A file, and the partition columns its folders give (name to text, ``None``: no value).
Partitioned = tuple[str, dict[str, str | None]]


def _folder_files(root: str, any_name: bool) -> list[Partitioned]:
    found: list[Partitioned] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name[:1] not in "._")
        columns = _partition_columns(os.path.relpath(folder, root), folder)
        found.extend((os.path.join(folder, name), columns) for name in sorted(names)
                     if name[:1] not in "._"
                     and (any_name or name.lower().endswith(DATA_SUFFIXES)))
    if not found:
        what = "file" if any_name else f"data file ({', '.join(DATA_SUFFIXES)})"
        raise InvalidArgumentError(f"source: no {what} in the folder {root!r}")
    return found


def _partition_columns(relative: str, folder: str) -> dict[str, str | None]:
    """The ``key=value`` folder names of `relative` (the path below the folder given)."""
    columns: dict[str, str | None] = {}
    for part in relative.split(os.sep):
        key, equals, value = part.partition("=")
        if not equals or part == os.curdir:
            continue
        name = unquote(key)
        if not name or name in columns:
            raise InvalidArgumentError(
                f"source: the folder {folder!r} names the partition column {name!r} "
                f"{'twice' if name else 'with no name'}")
        columns[name] = None if value == HIVE_NULL else unquote(value)
    return columns


def source_files(source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]], *,
                 any_name: bool = False) -> list[Partitioned]:
    """The files a path, a glob, a folder or a list of them names, in order (a glob's
    and a folder's sorted), each with the partition columns its folders give; with
    `any_name` (a format given for all of them), a folder's files of any name. Raises
    `InvalidArgumentError` for a glob that matches nothing and a path that names nothing."""
    given = [source] if isinstance(source, str | os.PathLike) else list(source)
    found: list[Partitioned] = []
    for entry in given:
        text = os.fspath(entry)
        matched = sorted(glob.glob(text)) if glob.has_magic(text) else [text]
        if not matched:
            raise InvalidArgumentError(f"source: no file matches {text!r}")
        for path in matched:
            if not os.path.isdir(path) and not os.path.isfile(path):
                raise InvalidArgumentError(f"source: cannot read {path}: no such file")
            found.extend(_folder_files(path, any_name) if os.path.isdir(path)
                         else [(path, {})])
    return found


def with_partition_columns(data: JobTable, path: str,
                           columns: Mapping[str, str | None]) -> JobTable:
    """`data` (the jobs of the file at `path`) with the partition `columns` as extra text
    attributes (`with_partition_text`)."""
    if not columns:
        return data
    return JobTable(with_partition_text(data.table, path, columns), data.offsets,
                    (*data.extras, *columns), data.lacking)


def with_partition_text(table: Any, path: str, columns: Mapping[str, str | None]) -> Any:
    """The Arrow `table` (of the file at `path`) with the partition `columns` as text
    columns. Raises `InvalidInputError` for a column the file has too, or one that names
    a core field, and for a value no attribute may have."""
    pa = _pa()
    problems = []
    for name, value in columns.items():
        shown = f"{name}={'' if value is None else value}"
        if name in CORE_FIELDS or name in table.schema.names:
            problems.append(InvalidRecordError(
                f"folder {shown!r}", name, "a partition column the file does not have too "
                "(nor a core field)", "a column of the file", source=path))
            continue
        wrong = None if value is None or not value else text_problem(value, core=False)
        if wrong is not None:
            problems.append(InvalidRecordError(f"folder {shown!r}", name, wrong, value,
                                               source=path))
            continue
        table = table.append_column(name, pa.array([value or None] * table.num_rows,
                                                   pa.string()))
    if problems:
        raise InvalidInputError(problems)
    return table
