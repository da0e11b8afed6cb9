"""Results as the table model (`svcperf.output.model`): what the command line prints
and a notebook shows, before any renderer pads or colours it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..evaluation import AccountResult, Evaluation, Figure, Performance
from ..metrics import SERVICE_LEVELS
from ..status import Status
from ..views import METRIC_KEYS, Breakdown, Explanation, History, IssueList, Summaries, slice_label
from ..views.breakdown import SliceValue
from ..window import Window
from .model import Cell, Grid, Line, Mark, Section, Table, cells, line
from .rows import by_label, local_iso

__all__ = ["account_table", "breakdown_table", "evaluation_table", "explanation_table",
           "figure_text", "history_table", "issue_table", "summary_table"]

_SHORT_NAMES = {
    "customer_feedback_rating": "Rating",
    "hg_claim_rate": "HG claims",
    "negative_feedback_rate": "Neg. fb",
    "cancellation_rate": "Cancel",
    "reschedule_rate": "Resched",
    "outside_arrival_window_rate": "Arrival",
    "late_completion_rate": "Late",
}
_TREND = "▁▂▃▄▅▆▇█"
_NO_ACCOUNT = line("No account in the data.")


def figure_text(figure: Figure, *, unit: bool = True) -> str:
    """A figure's value for people: a rate in %, the rating in stars, or "no data"
    (``-`` without units).

    >>> from svcperf.targets import SEED_TARGETS
    >>> figure_text(Figure("hg_claim_rate", "HG", 1, 80, None))
    '1.25%'
    >>> figure_text(Figure("customer_feedback_rating", "Rating", 0, 0, None, "stars"))
    'no data'
    """
    shown = figure.display
    if shown is None:
        return "no data" if unit else "-"
    if figure.unit == "rate":
        return f"{shown * 100:.2f}%"
    return f"{shown:.2f} stars" if unit else f"{shown:.2f}"


def _verdict(figure: Figure) -> Cell:
    return {True: Cell("met", Mark.MET), False: Cell("missed", Mark.MISSED),
            None: Cell("-", Mark.NO_DATA)}[figure.meets_target]


def _status(status: Status) -> Cell:
    if status is Status.ATTENTION:
        return Cell("Attention", Mark.ATTENTION)
    return Cell("Good Standing", Mark.GOOD_STANDING)


def _window_title(window: Window) -> tuple[Line, ...]:
    as_of = local_iso(window.end, window)
    start = local_iso(window.start, window)
    night = f" (the night of {window.night} in {window.zone})" if window.night else ""
    length = f"{window.days} days" if window.days else "custom"
    return line(f"As of {as_of}{night}"), line(f"Window: {length}, from {start} to {as_of}")


def _account(account: AccountResult) -> Section:
    tally = account.tally
    missed = sum(figure.meets_target is False for figure in account.figures.values())
    verdict = f" ({missed} of {len(SERVICE_LEVELS)} service levels miss their target)" \
        if missed else ""
    rows = tuple((Cell(figure.name), Cell(figure_text(figure)),
                  Cell(f"{figure.numerator}/{figure.denominator}"),
                  Cell("-" if figure.target is None else str(figure.target)), _verdict(figure))
                 for figure in [*account.figures.values(), account.defect_free])
    return Section(
        heading=line(Cell(f"{account.account_id}: ", Mark.HEADING), _status(account.status),
                     verdict),
        notes=(line(f"{tally.jobs} jobs in the window: {tally.completed} completed, "
                    f"{tally.cancelled} cancelled; {tally.jobs_with_issues} with issues, "
                    f"{tally.issues} issues in total"),),
        grid=Grid(header=cells("Service level", "Value", "Count", "Target", "Result"),
                  rows=rows))


def _slice_cell(figure: Figure) -> Cell:
    text = figure_text(figure, unit=False)
    return Cell(text + "*", Mark.MISSED) if figure.meets_target is False else Cell(text)


def _slices(by: str | tuple[str, ...], slices: Mapping[SliceValue, Performance]) -> Section:
    label = by_label(by)
    if not slices:
        return Section(notes=(line(f"By {label}: no job in the window"),))
    keys = [level.key for level in SERVICE_LEVELS]
    rows = tuple((Cell(slice_label(value)), Cell(str(part.tally.jobs)),
                  *(_slice_cell(part[key]) for key in keys), _status(part.status))
                 for value, part in slices.items())
    legend = (line("* misses its target (slices are for investigation; they never change "
                   "the account status)"),) \
        if any(part.status is Status.ATTENTION for part in slices.values()) else ()
    return Section(grid=Grid(header=cells(f"By {label}", "Jobs",
                                          *(_SHORT_NAMES[key] for key in keys), "Status"),
                             rows=rows, numeric=frozenset(range(1, len(keys) + 2))),
                   footnotes=legend)


def evaluation_table(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = (),
                     accounts: Iterable[str] | None = None) -> Table:
    """The dashboard: per account its status, counts and figures, then its breakdowns.
    `accounts` limits it to those accounts."""
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    sections = []
    for account_id in wanted:
        sections.append(_account(evaluation[account_id]))
        sections += [_slices(part.by, part.accounts.get(account_id, {})) for part in breakdowns]
    return Table(title=_window_title(evaluation.window), sections=tuple(sections),
                 footer=() if wanted else (_NO_ACCOUNT,))


def account_table(account: AccountResult) -> Table:
    """One account's status, counts and figures (as in `evaluation_table`, without the
    window, which an account result does not carry)."""
    return Table(sections=(_account(account),))


def breakdown_table(breakdown: Breakdown, accounts: Iterable[str] | None = None) -> Table:
    """A breakdown alone: per account, its slices (as in `evaluation_table`)."""
    wanted = list(breakdown.accounts) if accounts is None else list(accounts)
    sections: list[Section] = []
    for account_id in wanted:
        sections += [Section(heading=line(Cell(account_id, Mark.HEADING))),
                     _slices(breakdown.by, breakdown.accounts[account_id])]
    return Table(title=_window_title(breakdown.window), sections=tuple(sections),
                 footer=() if wanted else (_NO_ACCOUNT,))


def issue_table(rows: IssueList) -> Table:
    """The issue list: one row per job, then how many are listed and have issues."""
    grid = Grid(header=cells("Account", "Job", "Closed at", "Area", "Profession", "Technician",
                             "Status", "Issues"),
                rows=tuple(cells(row.account_id, row.job_id, row.closed_at.isoformat(),
                                 row.coverage_area, row.profession,
                                 row.technician_id or "(none)", row.status.value,
                                 ", ".join(row.issues) or "-") for row in rows))
    with_issues = sum(bool(row.issues) for row in rows)
    return Table(title=_window_title(rows.window),
                 sections=(Section(grid=grid if rows else None),),
                 footer=(line(f"{len(rows)} jobs listed, {with_issues} with issues"),))


def summary_table(summaries: Summaries, accounts: Iterable[str] | None = None) -> Table:
    """The summary counts (SPEC §6): one row per account (of `accounts`, if given)."""
    wanted = list(summaries) if accounts is None else list(accounts)
    grid = Grid(header=cells("Account", "Completed", "Cancelled", "With issues", "Issues"),
                rows=tuple(cells(account_id, str(counts.jobs_completed),
                                 str(counts.jobs_cancelled), str(counts.jobs_with_issues),
                                 str(counts.issues_total))
                           for account_id, counts in ((a, summaries[a]) for a in wanted)),
                numeric=frozenset({1, 2, 3, 4}))
    return Table(title=_window_title(summaries.window),
                 sections=(Section(grid=grid),) if wanted else (),
                 footer=() if wanted else (_NO_ACCOUNT,))


def explanation_table(explanation: Explanation) -> Table:
    """The figure explained, then every job's role, contribution and reason."""
    figure = explanation.figure
    scope = "".join(f", {name} = {slice_label(value)}"
                    for name, value in explanation.where.items())
    heading = Section(
        heading=line(Cell(f"{figure.name} of {explanation.account_id}{scope}", Mark.HEADING)),
        notes=(line(f"{figure.numerator}/{figure.denominator} = {figure_text(figure)}, target "
                    f"{figure.target or '-'}: ", _verdict(figure)),))
    grid = Grid(header=cells("Job", "Role", "Adds", "Reason", "Issues"),
                rows=tuple(cells(row.job_id, row.role.value, str(row.contribution),
                                 row.reason.value, ", ".join(row.issues) or "-")
                           for row in explanation.rows),
                numeric=frozenset({2}))
    return Table(title=_window_title(explanation.window), sections=(heading, Section(grid=grid)))


def _trend(figures: Sequence[Figure]) -> Cell:
    values = [figure.display for figure in figures]
    known = [value for value in values if value is not None]
    if not known:
        return Cell(" " * len(values), Mark.TREND)
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    return Cell("".join(" " if value is None
                        else _TREND[int((value - low) / span * (len(_TREND) - 1))]
                        for value in values), Mark.TREND)


def history_table(history: History, accounts: Iterable[str] | None = None) -> Table:
    """Per account: its status changes, then per figure its trend, first and last value
    and the nights it missed its target."""
    wanted = list(history.accounts) if accounts is None else list(accounts)
    nights = history.nights
    sections = []
    for account_id in wanted:
        changes: list[str | Cell] = []
        for night, status in history.status_changes(account_id):
            if changes:
                changes.append(", ")
            changes += [_status(status), f" from {night}"]
        rows = []
        for key in METRIC_KEYS:
            series = history.series(account_id, key)
            missed = sum(figure.meets_target is False for figure in series)
            rows.append((Cell(series[0].name), _trend(series), Cell(figure_text(series[0])),
                         Cell(figure_text(series[-1])), Cell(f"{missed} of {len(series)}")))
        sections.append(Section(
            heading=line(Cell(account_id, Mark.HEADING), ": ", *changes),
            grid=Grid(header=cells("Figure", "Trend", "First", "Last", "Nights missed"),
                      rows=tuple(rows))))
    return Table(title=(line(f"Nightly figures from {nights[0]} to {nights[-1]} "
                             f"({len(nights)} nights, {history.days}-day window, "
                             f"{history.zone})"),),
                 sections=tuple(sections))
