"""Views over the evaluation (SPEC §6): breakdowns (and the one-pass dashboard), scoped
views, the issue list, the summary, explain and history.

Every view takes the arguments of `svcperf.evaluate` (with `history` taking a range of
nights instead of `as_of`) and a `viewer`, whose scope it applies before anything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

if TYPE_CHECKING:  # at run time each name is imported on first use (`svcperf.lazy`)
    from .breakdown import NONE_KEY, Breakdown, SliceValue, breakdown, slice_label
    from .dashboard import Dashboard, dashboard
    from .explain import METRIC_KEYS, ExplainRow, Explanation, explain
    from .history import History, history
    from .issue_list import IssueList, IssueRow, issue_list
    from .scope import OWNER, Viewer
    from .summary import Summaries, Summary, summary

#: Where each public name lives (the imports above, for the run time: a dashboard imports
#: no explain, history or issue list; ``tests/test_lazy_imports.py`` holds the two lists
#: equal).
_LAZY = {
    ".breakdown": ("NONE_KEY", "Breakdown", "SliceValue", "breakdown", "slice_label"),
    ".dashboard": ("Dashboard", "dashboard"),
    ".explain": ("METRIC_KEYS", "ExplainRow", "Explanation", "explain"),
    ".history": ("History", "history"),
    ".issue_list": ("IssueList", "IssueRow", "issue_list"),
    ".scope": ("OWNER", "Viewer"),
    ".summary": ("Summaries", "Summary", "summary"),
}

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

__getattr__, __dir__ = lazy.exports(__name__, _LAZY, globals(), __all__)
