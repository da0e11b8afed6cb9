"""svcperf: a home-service provider's seven service levels over a rolling 60-day window.

>>> import svcperf
>>> sorted(level.key for level in svcperf.SERVICE_LEVELS)[:2]
['cancellation_rate', 'customer_feedback_rating']
"""

from importlib.metadata import PackageNotFoundError, version

from . import sample  # the bundled sample: svcperf.sample.load()
from .dataset import Dataset
from .errors import (
    InvalidArgumentError,
    InvalidInputError,
    InvalidRecordError,
    MissingExtraError,
    SvcperfError,
)
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
    breakdown,
    dashboard,
    explain,
    history,
    issue_list,
    summary,
)
from .views.goals import breakdown_goals, goal_checks
from .window import Window, as_of_night

try:
    __version__ = version("svcperf")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

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
