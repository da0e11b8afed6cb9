"""svcperf: a home-service provider's seven service levels over a rolling 60-day window.

>>> import svcperf
>>> sorted(level.key for level in svcperf.SERVICE_LEVELS)[:2]
['cancellation_rate', 'customer_feedback_rating']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import lazy
from .errors import (
    InvalidArgumentError,
    InvalidInputError,
    InvalidRecordError,
    MissingExtraError,
    SvcperfError,
)

if TYPE_CHECKING:  # what mypy and readers see; at run time each name is imported on first use
    from . import sample  # the bundled sample: svcperf.sample.load()
    from .dataset import Dataset
    from .evaluation import AccountResult, Evaluation, Figure, Performance, evaluate
    from .headroom import Room, room
    from .io import read_disputes, read_jobs, scan_disputes, scan_jobs, write_disputes, write_jobs
    from .io.targets_file import TargetsFile, parse_targets, read_targets
    from .metrics import SERVICE_LEVELS, Ratio, Reason, Role, ServiceLevel
    from .outlook import AccountOutlook, LevelOutlook, Outlook, Recovery, burn_rate, outlook
    from .records import Dispute, DisputeOutcome, IssueType, Job, JobStatus
    from .status import Status
    from .tally import Tally
    from .targets import SEED_TARGETS, Comparison, Goal, Target, TargetSet
    from .views import (
        NONE_KEY,
        OWNER,
        Breakdown,
        Dashboard,
        ExplainRow,
        Explanation,
        History,
        IssueList,
        IssueRow,
        Summaries,
        Summary,
        Viewer,
    )
    from .views.breakdown import breakdown
    from .views.dashboard import dashboard
    from .views.explain import explain
    from .views.goals import breakdown_goals, goal_checks
    from .views.history import history
    from .views.issue_list import issue_list
    from .views.summary import summary
    from .window import Window, as_of_night

    __version__: str

#: Where each public name lives (the imports above, for the run time: a process imports
#: only the modules it uses; ``tests/test_lazy_imports.py`` holds the two lists equal).
_LAZY = {
    ".": ("sample",),  # submodules
    ".dataset": ("Dataset",),
    ".evaluation": ("AccountResult", "Evaluation", "Figure", "Performance", "evaluate"),
    ".headroom": ("Room", "room"),
    ".io": ("read_disputes", "read_jobs", "scan_disputes", "scan_jobs", "write_disputes",
            "write_jobs"),
    ".io.targets_file": ("TargetsFile", "parse_targets", "read_targets"),
    ".metrics": ("SERVICE_LEVELS", "Ratio", "Reason", "Role", "ServiceLevel"),
    ".outlook": ("AccountOutlook", "LevelOutlook", "Outlook", "Recovery", "burn_rate",
                 "outlook"),
    ".records": ("Dispute", "DisputeOutcome", "IssueType", "Job", "JobStatus"),
    ".status": ("Status",),
    ".tally": ("Tally",),
    ".targets": ("SEED_TARGETS", "Comparison", "Goal", "Target", "TargetSet"),
    ".views": ("NONE_KEY", "OWNER", "Breakdown", "Dashboard", "ExplainRow", "Explanation",
               "History", "IssueList", "IssueRow", "Summaries", "Summary", "Viewer"),
    # (the views' functions from their own modules, which have their names)
    ".views.breakdown": ("breakdown",),
    ".views.dashboard": ("dashboard",),
    ".views.explain": ("explain",),
    ".views.goals": ("breakdown_goals", "goal_checks"),
    ".views.history": ("history",),
    ".views.issue_list": ("issue_list",),
    ".views.summary": ("summary",),
    ".window": ("Window", "as_of_night"),
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use (PEP 562)."""
    if name != "__version__":
        return _public(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("svcperf")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        found = "0+unknown"
    globals()[name] = found
    return found


__all__ = [
    # Records
    "Dispute",
    "DisputeOutcome",
    "IssueType",
    "Job",
    "JobStatus",
    # Data
    "Dataset",
    # Windows
    "Window",
    "as_of_night",
    # Evaluating
    "evaluate",
    "Evaluation",
    "AccountResult",
    "Performance",
    "Figure",
    "Tally",
    "SERVICE_LEVELS",
    "ServiceLevel",
    "Ratio",
    "Reason",
    "Role",
    "Status",
    # Views
    "Viewer",
    "OWNER",
    "breakdown",
    "Breakdown",
    "dashboard",
    "Dashboard",
    "NONE_KEY",
    "issue_list",
    "IssueList",
    "IssueRow",
    "summary",
    "Summaries",
    "Summary",
    "explain",
    "Explanation",
    "ExplainRow",
    "history",
    "History",
    # Outlook
    "outlook",
    "Outlook",
    "AccountOutlook",
    "LevelOutlook",
    "Recovery",
    "room",
    "Room",
    "burn_rate",
    # Targets
    "SEED_TARGETS",
    "Comparison",
    "Target",
    "TargetSet",
    "Goal",
    "TargetsFile",
    "read_targets",
    "parse_targets",
    "goal_checks",
    "breakdown_goals",
    # Files
    "read_jobs",
    "read_disputes",
    "scan_jobs",
    "scan_disputes",
    "write_jobs",
    "write_disputes",
    # The bundled sample (a module)
    "sample",
    # Errors
    "SvcperfError",
    "InvalidArgumentError",
    "InvalidInputError",
    "InvalidRecordError",
    "MissingExtraError",
    "__version__",
]

_public, __dir__ = lazy.exports(__name__, _LAZY, globals(), __all__)
