"""Results as JSON documents (SPEC §8 for the evaluation; docs/cli.md for the others),
their rows made by the row schemas of `svcperf.output.rows`. Instants are ISO 8601 in
the evaluation's zone; exact counts travel beside each display value."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..evaluation import Evaluation, Figure, Performance
from ..views.breakdown import slice_label
from ..views.summary import Summary
from ..window import Window
from .rows import EXPLAIN, FIGURE, ISSUE, SUMMARY, by_label, json_cell, local_iso

if TYPE_CHECKING:  # (annotations only: a dashboard's JSON imports no other view)
    from ..views import Breakdown, Explanation, History, IssueList, Summaries

__all__ = ["JSON", "evaluation_json", "explanation_json", "figure_json", "history_json",
           "issue_json", "json_text", "performance_json", "summary_json"]

JSON = dict[str, Any]


def json_text(document: object) -> str:
    """A JSON document as text: indented by two, UTF-8 as is, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _window(window: Window) -> JSON:
    return {"as_of": local_iso(window.end, window),
            "window_start": local_iso(window.start, window)}


def figure_json(figure: Figure) -> JSON:
    """One figure in the shape of SPEC §8: numerator, denominator, value, target, meets_target."""
    return FIGURE.json(figure, omit=("metric",))


def performance_json(result: Performance) -> JSON:
    """A status and the seven figures keyed by metric key."""
    return {"status": json_cell(result.status),
            "metrics": {key: figure_json(figure) for key, figure in result.figures.items()}}


def _counts(account_id: str, counts: Summary) -> JSON:
    return SUMMARY.json((account_id, counts), omit=("account_id",))


def evaluation_json(evaluation: Evaluation, breakdowns: Sequence[Breakdown] = (),
                    accounts: Iterable[str] | None = None) -> JSON:
    """The evaluation (and its breakdowns, by attribute) as one JSON object (SPEC §8).

    Each account also carries its ``defect_free_rate`` figure and, after the keys of
    SPEC §8, its ``summary`` counts (SPEC §6); slices with no value are keyed
    ``"(none)"``. `accounts` limits the output to those accounts.
    """
    wanted = list(evaluation.accounts) if accounts is None else list(accounts)
    result: JSON = {**_window(evaluation.window), "accounts": {}}
    for account_id in wanted:
        account = evaluation[account_id]
        shown = performance_json(account)
        shown["defect_free_rate"] = figure_json(account.defect_free)
        shown["breakdowns"] = {
            by_label(part.by): {slice_label(value): performance_json(slice_result)
                                for value, slice_result in part.accounts.get(account_id,
                                                                             {}).items()}
            for part in breakdowns}
        shown["summary"] = _counts(account_id, Summary.from_tally(account.tally))
        result["accounts"][account_id] = shown
    return result


def issue_json(issues: IssueList) -> JSON:
    """The issue list as one JSON object: the window and one object per job."""
    return {**_window(issues.window), "jobs": [ISSUE.json(row) for row in issues]}


def summary_json(summaries: Summaries, accounts: Iterable[str] | None = None) -> JSON:
    """The summary as one JSON object: the window and each account's counts (of
    `accounts`, if given)."""
    wanted = list(summaries) if accounts is None else list(accounts)
    return {**_window(summaries.window),
            "accounts": {account_id: _counts(account_id, summaries[account_id])
                         for account_id in wanted}}


def explanation_json(explanation: Explanation) -> JSON:
    """The explained figure, its slice, its window and every job's part in it."""
    return {"metric": explanation.metric, "account_id": explanation.account_id,
            "where": dict(explanation.where), **_window(explanation.window),
            **figure_json(explanation.figure),
            "jobs": [EXPLAIN.json(row, omit=("account_id",)) for row in explanation.rows]}


def history_json(history: History, accounts: Iterable[str] | None = None) -> JSON:
    """Per account, per night: the night's window, the status and the figures (as in
    SPEC §8)."""
    wanted = list(history.accounts) if accounts is None else list(accounts)
    windows = [_window(Window.for_night(night, history.zone, history.days))
               for night in history.nights]
    return {"zone": history.zone, "window_days": history.days,
            "nights": [night.isoformat() for night in history.nights],
            "accounts": {account_id: [
                {"night": night.isoformat(), **window, **performance_json(result),
                 "defect_free_rate": figure_json(result.defect_free)}
                for night, window, result in zip(history.nights, windows,
                                                 history.accounts[account_id], strict=True)]
                for account_id in wanted}}
