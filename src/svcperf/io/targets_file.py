"""Targets files (TOML): the marketplace's target sets with their effective instants,
and the owner's goals per slice; every problem reported with file, line and key.

    [[marketplace]]
    name = "2026 targets"
    effective = 2026-01-01T00:00:00Z
    [marketplace.targets]
    customer_feedback_rating = ">= 4.7"
    hg_claim_rate = "1%"

    [[goals]]
    name = "North team"
    coverage_area = "North"
    [goals.targets]
    reschedule_rate = "<= 0.5%"

A threshold is a text (``">= 4.7"``, ``"<= 1%"``, ``"1%"``) or a number (read exactly:
``4.7`` is 47/10, ``0.01`` is 1 %); the rating's comparison is ``>=`` and every rate's
``<=``, written or not (the other is a bad threshold: `comparison_problem`). A goal
names at most one of `GOAL_ATTRIBUTES` (none: account-wide), and may name an
``account``. `docs/outlook.md` describes the file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..errors import InvalidArgumentError, InvalidInputError, InvalidRecordError
from ..metrics import SERVICE_LEVELS, defect_free_rate
from ..targets import (
    GOAL_ATTRIBUTES,
    Comparison,
    Goal,
    Target,
    TargetSet,
    comparison_problem,
    own_comparison,
)

__all__ = ["TargetsFile", "parse_targets", "read_targets"]

_METRICS = {level.key: level.unit for level in SERVICE_LEVELS} | {defect_free_rate.KEY: "share"}
_MARKETPLACE_KEYS = frozenset({"name", "effective", "targets"})
_GOAL_KEYS = frozenset({"name", "account", "targets", *GOAL_ATTRIBUTES})
_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                  r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")
_TOML_LINE = re.compile(r"at line (\d+)")


@attrs.frozen
class TargetsFile:
    """What a targets file holds: the marketplace's target sets (oldest first; they set
    the status) and the owner's goals (which never do)."""

    source: str
    marketplace: tuple[TargetSet, ...]
    goals: tuple[Goal, ...]


def _parts(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.split(r"\.(?=(?:[^\"']|\"[^\"]*\"|'[^']*')*$)",
                                                          dotted)]


def _key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line of each table header and key of a TOML text, by its path (an array of
    tables' entries numbered from 0): ``("goals", 1, "targets", "hg_claim_rate")``."""
    lines: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            path: tuple[str | int, ...] = ()
            for part in _parts(header.group(2)):
                path = (*path, part)
                if path in arrays:
                    path = (*path, arrays[path])
            if header.group(1) == "[[":
                base = path[:-1] if path and isinstance(path[-1], int) else path
                arrays[base] = arrays.get(base, -1) + 1
                path = (*base, arrays[base])
            table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_parts(key.group(1))), number)
    return lines


class _Reader:
    """Collects every problem of one file, each with its line and key."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = _key_lines(text)
        self.problems: list[InvalidRecordError] = []

    def problem(self, record: str, path: tuple[str | int, ...], expected: str,
                got: object) -> None:
        line = None
        for end in range(len(path), 0, -1):  # the key's line, else its table's
            line = self.lines.get(path[:end])
            if line is not None:
                break
        key = ".".join(str(part) for part in path if not isinstance(part, int))
        self.problems.append(InvalidRecordError(record, key, expected, got,
                                                source=self.source, line=line))

    def targets(self, record: str, path: tuple[str | int, ...],
                table: object) -> dict[str, Target]:
        if not isinstance(table, Mapping):
            self.problem(record, path, "a table of thresholds by metric key", table)
            return {}
        found = {}
        for key, value in table.items():
            where = (*path, key)
            if key not in _METRICS:
                self.problem(record, where, f"a metric key ({', '.join(_METRICS)})", key)
                continue
            target = self.threshold(record, where, key, value)
            if target is not None:
                found[key] = target
        return found

    def threshold(self, record: str, path: tuple[str | int, ...], key: str,
                  value: object) -> Target | None:
        expected = "a threshold such as '>= 4.7', '<= 1%', '1%' or 4.7"
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.problem(record, path, expected, value)
            return None
        text = value.strip() if isinstance(value, str) else value
        unit = _METRICS[key]
        make = Target.at_least if own_comparison(key) is Comparison.AT_LEAST else Target.at_most
        if isinstance(text, str) and text[:2] in (">=", "<="):
            make = Target.at_least if text[:2] == ">=" else Target.at_most
            text = text[2:].strip()
        try:
            target = make(text)
        except InvalidArgumentError:
            self.problem(record, path, expected, value)
            return None
        if target.threshold < 0 or (unit != "stars" and target.threshold > 1) or (
                unit == "stars" and not 1 <= target.threshold <= 5):
            limits = "from 1 to 5 stars" if unit == "stars" else "from 0% to 100%"
            self.problem(record, path, f"a threshold {limits}", value)
            return None
        wrong = comparison_problem(key, target)  # (">= 1%" for a rate would flip its sense)
        if wrong is not None:
            self.problem(record, path, f"a threshold with {wrong}", value)
            return None
        return target


def _entries(reader: _Reader, data: Mapping[str, Any], name: str) -> list[tuple[int, Any]]:
    entries = data.get(name, [])
    if not isinstance(entries, list):
        reader.problem(name, (name,), f"an array of tables ([[{name}]])", entries)
        return []
    return list(enumerate(entries))


def _marketplace(reader: _Reader, data: Mapping[str, Any]) -> list[TargetSet]:
    sets: list[TargetSet] = []
    seen: dict[datetime, int] = {}
    for index, entry in _entries(reader, data, "marketplace"):
        path: tuple[str | int, ...] = ("marketplace", index)
        record = f"target set #{index + 1}"
        if not isinstance(entry, Mapping):
            reader.problem(record, path, "a table", entry)
            continue
        for key in sorted(set(entry) - _MARKETPLACE_KEYS):
            reader.problem(record, (*path, key), "a key of a target set (name, effective, "
                           "targets)", key)
        effective = entry.get("effective")
        if not isinstance(effective, datetime) or effective.tzinfo is None:
            reader.problem(record, (*path, "effective"),
                           "an instant with an offset, e.g. 2026-01-01T00:00:00Z", effective)
            effective = None
        elif effective in seen:
            reader.problem(record, (*path, "effective"),
                           f"an effective instant no other set has (set #{seen[effective]} "
                           f"has it)", effective.isoformat())
        else:
            seen[effective] = index + 1
        targets = reader.targets(record, (*path, "targets"), entry.get("targets", {}))
        if effective is not None:
            sets.append(TargetSet(effective, targets))
    return sorted(sets, key=lambda target_set: target_set.effective_from)


def _goals(reader: _Reader, data: Mapping[str, Any]) -> list[Goal]:
    goals = []
    named: dict[str, int] = {}  # each goal's name, and the goal (from 1) that has it
    for index, entry in _entries(reader, data, "goals"):
        path: tuple[str | int, ...] = ("goals", index)
        record = f"goal #{index + 1}"
        if not isinstance(entry, Mapping):
            reader.problem(record, path, "a table", entry)
            continue
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            reader.problem(record, (*path, "name"), "a name for the goal", name)
            name = ""
        elif name in named:  # (views key goals by name: the second would hide the first)
            reader.problem(record, (*path, "name"), f"a goal name no other goal has (goal "
                           f"#{named[name]} has it)", name)
        else:
            named[name] = index + 1
            record = f"goal {name!r}"
        for key in sorted(set(entry) - _GOAL_KEYS):
            reader.problem(record, (*path, key), f"a slice attribute "
                           f"({', '.join(GOAL_ATTRIBUTES)}) or name, account, targets", key)
        attributes = [key for key in GOAL_ATTRIBUTES if key in entry]
        if len(attributes) > 1:
            reader.problem(record, (*path, attributes[1]), "at most one slice attribute",
                           ", ".join(attributes))
        for key in ("account", *attributes):
            if not isinstance(entry.get(key, ""), str):
                reader.problem(record, (*path, key), "a text ('' for no value)", entry[key])
        attribute = attributes[0] if attributes else None
        value = entry.get(attribute) if attribute else None
        goals.append(Goal(name, reader.targets(record, (*path, "targets"),
                                               entry.get("targets", {})),
                          attribute=attribute, value=str(value) if value else None,
                          account_id=entry.get("account") or None))
    return goals


def parse_targets(text: str, source: str = "<targets>") -> TargetsFile:
    """Read a targets file's text; raise `InvalidInputError` listing every problem, each
    with `source`, line and key.

    >>> parsed = parse_targets('[[marketplace]]\\neffective = 2026-01-01T00:00:00Z\\n'
    ...                        '[marketplace.targets]\\nhg_claim_rate = "1%"\\n')
    >>> [str(t) for t in parsed.marketplace[0].targets.values()]
    ['<= 1%']
    >>> parse_targets('[[marketplace]]\\neffective = 2026-01-01T00:00:00Z\\n'
    ...               '[marketplace.targets]\\nhg_rate = "1%"\\n', "t.toml")
    Traceback (most recent call last):
    svcperf.errors.InvalidInputError: t.toml:4: target set #1: field ...
    """
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        found = _TOML_LINE.search(str(error))
        raise InvalidInputError([InvalidRecordError(
            "targets file", "(syntax)", "valid TOML", str(error), source=source,
            line=int(found.group(1)) if found else None)]) from None
    reader = _Reader(text, source)
    for key in sorted(set(data) - {"marketplace", "goals"}):
        reader.problem("targets file", (key,), "a [[marketplace]] or [[goals]] table", key)
    marketplace, goals = _marketplace(reader, data), _goals(reader, data)
    if reader.problems:
        raise InvalidInputError(reader.problems)
    return TargetsFile(source=source, marketplace=tuple(marketplace), goals=tuple(goals))


def read_targets(path: str | Path) -> TargetsFile:
    """Read a targets file (TOML, UTF-8); see `parse_targets`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidArgumentError(f"targets: cannot read {path}: {error}") from None
    return parse_targets(text, str(path))
