"""The outlook (`svcperf.outlook`) as JSON (the contract of issue 12), CSV rows and the
table model. Burn rates are exact `Fraction`s in Python and floats here, for display."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from ..evaluation import Figure
from ..headroom import Room
from ..outlook import AccountOutlook, LevelOutlook, Outlook, Recovery, SliceOutlook
from ..views.breakdown import slice_label
from ..views.goals import GoalChecks
from .jsondoc import JSON, figure_json
from .model import Cell, Grid, Line, Mark, Section, Table, cells, line
from .rows import Row, json_cell, local_iso
from .tables import _status, _verdict, _window_title, figure_text

__all__ = ["FLAG", "account_outlook_json", "forecast_columns", "forecast_json", "forecast_rows",
           "forecast_table", "goals_json", "goals_table", "level_json", "slice_json"]

#: How tables mark a flagged level (it meets its target but burns too fast).
FLAG = "!"


def _night(night: date | None) -> str | None:
    return None if night is None else night.isoformat()


def _recovery(recovery: Recovery | None) -> JSON:
    if recovery is None:
        return {"nothing_else": None, "clean_work": None}
    return {"nothing_else": _night(recovery.nothing_else),
            "clean_work": _night(recovery.clean_work)}


def _beyond(recovery: Recovery | None) -> JSON:
    """Whether a level that misses (an account in Attention) does not recover within the
    horizon under each assumption (its date is null for that reason)."""
    return {"nothing_else": recovery is not None and recovery.nothing_else is None,
            "clean_work": recovery is not None and recovery.clean_work is None}


def _rate(rate: Fraction | None) -> float | None:
    return None if rate is None else float(rate)


def goals_json(checks: GoalChecks) -> JSON:
    """Per goal name, per metric key: met (true), missed (false), no data (null)."""
    return {name: dict(found) for name, found in checks.items()}


def level_json(level: LevelOutlook) -> JSON:
    """One level's outlook: its figure, room, recovery, ages-out nights, burn rates,
    flag and pace forecast."""
    return {**_room_json(level.figure, level.room),
            "recovers_on": _recovery(level.recovers_on),
            "beyond_horizon": _beyond(level.recovers_on),
            "ages_out": [{"night": night.isoformat(), "jobs": jobs}
                         for night, jobs in level.ages_out],
            "burn_rate": {str(days): _rate(rate) for days, rate in level.burn_rates.items()},
            "short_windows": {str(days): figure_json(figure)
                              for days, figure in level.short.items()},
            "flagged": level.flagged,
            "pace_misses_on": _night(level.pace_misses_on)}


def _room_json(figure: Figure, room: Room) -> JSON:
    return {**figure_json(figure), "headroom": room.headroom,
            "clean_jobs_needed": room.clean_jobs_needed,
            "issues_to_remove": room.issues_to_remove, "note": room.note or None}


def slice_json(part: SliceOutlook) -> JSON:
    """One slice's outlook: its status, each figure with its room, its goals' checks."""
    figures = part.performance
    return {"status": json_cell(figures.status),
            "metrics": {key: _room_json(figures[key], room) for key, room in part.rooms.items()},
            "goals": goals_json(part.goals)}


def account_outlook_json(account: AccountOutlook) -> JSON:
    """One account's outlook: status, good_standing_on, metrics, goals, and (with
    slices) breakdowns by attribute and slice."""
    shown: JSON = {
        "status": json_cell(account.status),
        "good_standing_on": _recovery(account.good_standing_on),
        "good_standing_beyond_horizon": _beyond(account.good_standing_on),
        "metrics": {key: level_json(level) for key, level in account.levels.items()},
        "goals": goals_json(account.goals)}
    if account.slices:
        shown["breakdowns"] = {attribute: {slice_label(value): slice_json(part)
                                           for value, part in slices.items()}
                               for attribute, slices in account.slices.items()}
    return shown


def forecast_json(result: Outlook, accounts: Iterable[str] | None = None) -> JSON:
    """The outlook as one JSON object (issue 12's contract, and more keys): a date is a
    night in the evaluation's zone; a null date of a missed level or of an account in
    Attention means "not within the horizon" (`horizon.last_night`)."""
    window = result.window
    wanted = list(result.accounts) if accounts is None else list(accounts)
    return {"as_of": local_iso(window.end, window),
            "window_start": local_iso(window.start, window),
            "zone": window.zone,
            "horizon": {"first_night": result.first_night.isoformat(),
                        "last_night": result.last_night.isoformat()},
            "short_windows": list(result.short_windows), "pace_days": result.pace_days,
            "accounts": {account_id: account_outlook_json(result[account_id])
                         for account_id in wanted}}


def forecast_columns(result: Outlook) -> tuple[str, ...]:
    """The CSV columns of `forecast_rows` (one burn-rate column per short window)."""
    return ("account_id", "status", "good_standing_on_nothing_else",
            "good_standing_on_clean_work", "metric", "numerator", "denominator", "value",
            "target", "meets_target", "headroom", "clean_jobs_needed", "issues_to_remove",
            "recovers_on_nothing_else", "recovers_on_clean_work",
            *(f"burn_rate_{days}" for days in result.short_windows), "flagged",
            "pace_misses_on")


def forecast_rows(result: Outlook, accounts: Iterable[str] | None = None) -> list[Row]:
    """One row per account and service level (`forecast_columns`)."""
    rows: list[Row] = []
    wanted = list(result.accounts) if accounts is None else list(accounts)
    for account_id in wanted:
        account = result[account_id]
        standing = account.good_standing_on or Recovery()
        for key, level in account.levels.items():
            recovery = level.recovers_on or Recovery()
            figure = level.figure
            row: dict[str, Any] = {
                "account_id": account_id, "status": account.status,
                "good_standing_on_nothing_else": standing.nothing_else,
                "good_standing_on_clean_work": standing.clean_work,
                "metric": key, "numerator": figure.numerator,
                "denominator": figure.denominator, "value": figure.display,
                "target": figure.target, "meets_target": figure.meets_target,
                "headroom": level.room.headroom,
                "clean_jobs_needed": level.room.clean_jobs_needed,
                "issues_to_remove": level.room.issues_to_remove,
                "recovers_on_nothing_else": recovery.nothing_else,
                "recovers_on_clean_work": recovery.clean_work,
                "flagged": level.flagged, "pace_misses_on": level.pace_misses_on}
            for days, rate in level.burn_rates.items():
                row[f"burn_rate_{days}"] = _rate(rate)
            rows.append(row)
    return rows


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def _when(night: date | None, missed: bool) -> str:
    if not missed:
        return "-"
    return "beyond horizon" if night is None else night.isoformat()


def _burn(rate: Fraction | None) -> Cell:
    if rate is None:
        return Cell("-", Mark.NO_DATA)
    return Cell(f"{float(rate):.2f}", Mark.MISSED if rate > 1 else Mark.PLAIN)


def _result(level: LevelOutlook) -> Cell:
    verdict = _verdict(level.figure)
    return Cell(verdict.text + FLAG, Mark.MISSED) if level.flagged else verdict


def _account(account: AccountOutlook, short_windows: tuple[int, ...]) -> Section:
    rows = []
    for level in account.levels.values():
        figure, room, missed = level.figure, level.room, level.figure.meets_target is False
        recovery = level.recovers_on or Recovery()
        rows.append((Cell(figure.name), Cell(figure_text(figure)),
                     Cell("-" if figure.target is None else str(figure.target)), _result(level),
                     Cell(_count(room.headroom)), Cell(_count(room.clean_jobs_needed)),
                     Cell(_count(room.issues_to_remove)),
                     Cell(_when(recovery.nothing_else, missed)),
                     Cell(_when(recovery.clean_work, missed)),
                     *(_burn(level.burn_rates[days]) for days in short_windows),
                     Cell(_night(level.pace_misses_on) or "-")))
    heading: list[str | Cell] = [Cell(f"{account.account_id}: ", Mark.HEADING),
                                 _status(account.status)]
    if account.good_standing_on is not None:
        standing = account.good_standing_on
        heading.append(f"; Good Standing on {_when(standing.nothing_else, True)} if nothing "
                       f"else happens, {_when(standing.clean_work, True)} if clean work "
                       f"continues")
    notes: tuple[Line, ...] = tuple(
        line(f"Goal {name!r}: ", *_goal_cells(found)) for name, found in account.goals.items())
    footnotes = (line(f"{FLAG} meets its target but burns above 1 over every short window"),) \
        if account.flagged else ()
    return Section(
        heading=line(*heading), notes=notes,
        grid=Grid(header=cells("Service level", "Value", "Target", "Result", "Headroom",
                               "Clean jobs", "Remove", "Recovers (as is)",
                               "Recovers (clean work)",
                               *(f"Burn {days}d" for days in short_windows), "Pace misses"),
                  rows=tuple(rows), numeric=frozenset({4, 5, 6})),
        footnotes=footnotes)


def _goal_cells(found: Mapping[str, bool | None]) -> list[Cell]:
    spans: list[Cell] = []
    for key, met in found.items():
        if spans:
            spans.append(Cell(", "))
        spans.append(Cell(f"{key} " + {True: "met", False: "missed", None: "no data"}[met],
                          {True: Mark.MET, False: Mark.MISSED, None: Mark.NO_DATA}[met]))
    return spans


def goals_table(account_goals: Mapping[str, GoalChecks],
                slice_goals: Mapping[str, Mapping[str, Mapping[str, GoalChecks]]]) -> Table:
    """The owner's goals, per account: "goal met / missed" per figure, account-wide and
    per slice (`slice_goals`: per account, attribute and slice label). Goals never change
    a status."""
    sections = []
    for account_id, checks in account_goals.items():
        notes = [line(f"Goal {name!r}: ", *_goal_cells(found)) for name, found in checks.items()]
        for attribute, slices in slice_goals.get(account_id, {}).items():
            notes += [line(f"Goal {name!r} ({attribute} = {value}): ", *_goal_cells(found))
                      for value, found_goals in slices.items()
                      for name, found in found_goals.items()]
        if notes:
            sections.append(Section(heading=line(Cell(f"{account_id}: goals", Mark.HEADING)),
                                    notes=tuple(notes)))
    return Table(sections=tuple(sections),
                 footer=(line("Goals are the owner's: they never change a status."),)
                 if sections else ())


def forecast_table(result: Outlook, accounts: Iterable[str] | None = None) -> Table:
    """Per account: the status and when it regains Good Standing, then per level its
    room, its recovery nights, its burn rates (flagged levels marked) and its pace."""
    wanted = list(result.accounts) if accounts is None else list(accounts)
    return Table(
        title=(*_window_title(result.window),
               line(f"Forecast nights {result.first_night} to {result.last_night}")),
        sections=tuple(_account(result[account_id], result.short_windows)
                       for account_id in wanted),
        footer=() if wanted else (line("No account in the data."),))
