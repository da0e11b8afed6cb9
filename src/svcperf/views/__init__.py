"""Views over the evaluation (SPEC §6): breakdowns (and the one-pass dashboard), scoped
views, the issue list, the summary, explain and history.

Every view takes the arguments of `svcperf.evaluate` (with `history` taking a range of
nights instead of `as_of`) and a `viewer`, whose scope it applies before anything else.
"""

from __future__ import annotations

from .breakdown import NONE_KEY, Breakdown, SliceValue, breakdown, slice_label
from .dashboard import Dashboard, dashboard
from .explain import METRIC_KEYS, ExplainRow, Explanation, explain
from .history import History, history
from .issue_list import IssueList, IssueRow, issue_list
from .scope import OWNER, Viewer
from .summary import Summaries, Summary, summary

__all__ = [
    "METRIC_KEYS",
    "NONE_KEY",
    "OWNER",
    "Breakdown",
    "Dashboard",
    "ExplainRow",
    "Explanation",
    "History",
    "IssueList",
    "IssueRow",
    "SliceValue",
    "Summaries",
    "Summary",
    "Viewer",
    "breakdown",
    "dashboard",
    "explain",
    "history",
    "issue_list",
    "slice_label",
    "summary",
]
