"""What to do next (SPEC §9): per account and service level, the headroom or what it takes
to meet the target, the recovery forecast under two assumptions, the short-window burn
rates with the multi-window flag, and the night the 60-day figure would miss at the
recent pace. `outlook` is the entry point; `docs/outlook.md` defines every figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from operator import add
from typing import cast

import attrs

from .dataset import Dataset
from .engine_choice import Engine, choose
from .errors import InvalidArgumentError
from .evaluation import Evaluation, Figure, Performance, evaluate, fold, performance
from .facts import WindowCheck, assessment
from .forecast import assumed_batches, assumed_tallies, known_at
from .frozen import ByAccount, frozen_map
from .headroom import Room, room
from .inputs import DisputesInput, JobsInput, columns_of, dataset_of
from .metrics import SERVICE_LEVELS, ServiceLevel
from .records import Job
from .status import Status
from .tabular import Tabular
from .tally import ISSUE_BITS, Tally
from .targets import SEED_TARGETS, Comparison, Goal, TargetSet, target_set_in_force
from .viewer import OWNER, Viewer
from .views.breakdown import SliceValue, slice_key
from .views.goals import GoalChecks, goal_checks
from .views.history import History, history_of, nightly_tallies
from .window import DEFAULT_DAYS, Window, window_for
from .zones import local_date

__all__ = ["AccountOutlook", "LevelOutlook", "Outlook", "Recovery", "SliceOutlook", "burn_rate",
           "outlook"]

#: The rating's best star value: its burn rate is (5 − v) / (5 − T).
_BEST = 5




@attrs.frozen
class Recovery:
    """The first night on which something holds, under each assumption (``None``: not
    within the forecast's horizon, or it holds already today)."""

    nothing_else: date | None = None
    clean_work: date | None = None


@attrs.frozen(kw_only=True)
class LevelOutlook:
    """One service level of one account: its 60-day figure and what comes next.

    `recovers_on` is set for a level that misses today (its dates are ``None`` when it
    does not recover within the horizon); `ages_out` lists ``(night, jobs)``: on each
    night, how many of the jobs that make it miss leave the window (its numerator jobs;
    for the rating, its ratings below the target). `short` holds the figure over each
    short window, `burn_rates` its burn rate there. `pace_misses_on` is the first night
    the figure would miss at the pace of the last `pace_days` days (``None``: it misses
    today, has no data, or holds through the horizon).
    """

    figure: Figure
    room: Room
    recovers_on: Recovery | None
    ages_out: tuple[tuple[date, int], ...]
    short: Mapping[int, Figure] = attrs.field(converter=frozen_map)
    burn_rates: Mapping[int, Fraction | None] = attrs.field(converter=frozen_map)
    flagged: bool
    pace_misses_on: date | None


@attrs.frozen(kw_only=True)
class SliceOutlook:
    """One slice of a breakdown: its figures and status (for investigation only), each
    level's `Room`, and the checks of the goals set for the slice."""

    performance: Performance
    rooms: Mapping[str, Room] = attrs.field(converter=frozen_map)
    goals: GoalChecks = attrs.field(converter=frozen_map, factory=dict)


@attrs.frozen(kw_only=True)
class AccountOutlook:
    """One account's outlook: its status today, the first night of Good Standing under
    each assumption (``None`` for an account in Good Standing today), one
    `LevelOutlook` per service level, the checks of its account-wide goals, and the
    slices of any breakdowns asked for."""

    account_id: str
    status: Status
    good_standing_on: Recovery | None
    levels: Mapping[str, LevelOutlook] = attrs.field(converter=frozen_map)
    goals: GoalChecks = attrs.field(converter=frozen_map, factory=dict)
    #: Per attribute of `outlook(..., by=...)`, per slice value: the slice's outlook.
    slices: Mapping[str, Mapping[SliceValue, SliceOutlook]] = attrs.field(
        converter=frozen_map, factory=dict)

    def __getitem__(self, key: str) -> LevelOutlook:
        return self.levels[key]

    @property
    def flagged(self) -> tuple[str, ...]:
        """The keys of the levels that meet their target but burn too fast."""
        return tuple(key for key, level in self.levels.items() if level.flagged)


@attrs.frozen(kw_only=True, eq=True)  # eq: by value, not Mapping's (see `Performance`)
class Outlook(ByAccount[AccountOutlook], Tabular):
    """The result of `outlook`: the evaluation it starts from, the forecast nights
    (`first_night` ... `last_night`), and one `AccountOutlook` per account (a read-only
    mapping of account id to it)."""

    evaluation: Evaluation
    first_night: date
    last_night: date
    short_windows: tuple[int, ...]
    pace_days: int
    accounts: Mapping[str, AccountOutlook] = attrs.field(converter=frozen_map)

    @property
    def window(self) -> Window:
        """The window of the evaluation the outlook starts from."""
        return self.evaluation.window

    def __repr__(self) -> str:
        attention = sum(account.status is Status.ATTENTION for account in self.values())
        return (f"<Outlook as of {self.window.end.isoformat()}, nights {self.first_night} to "
                f"{self.last_night}: {len(self)} accounts, {attention} in attention>")


def burn_rate(figure: Figure) -> Fraction | None:
    """The figure's burn rate: a rate over the rate its ``<=`` target allows; for the
    rating, ``(5 − v) / (5 − T)`` with its ``>=`` target T. ``None`` with no data, no
    target, a target that allows nothing (0 %, 5 stars) or one of the other direction.

    >>> from svcperf.targets import Target
    >>> burn_rate(Figure("hg_claim_rate", "HG", 3, 150, Target.at_most("1%")))
    Fraction(2, 1)
    >>> burn_rate(Figure("customer_feedback_rating", "CFR", 46, 10, Target.at_least("4.7"),
    ...                  "stars"))
    Fraction(4, 3)
    """
    target, value = figure.target, figure.value
    if target is None or value is None:
        return None
    if figure.unit == "stars":
        if target.comparison is not Comparison.AT_LEAST or target.threshold >= _BEST:
            return None
        return (_BEST - value) / (_BEST - target.threshold)
    if target.comparison is not Comparison.AT_MOST or target.threshold <= 0:
        return None
    return value / target.threshold


def _check_length(as_of: date | datetime, tz: str, length: int, argument: str) -> None:
    """Check a window `length` other than `days` as `window_for` checks `days` (a whole
    number, a window that starts after the first date), its errors naming `argument`
    where they name ``days``."""
    try:
        window_for(as_of, tz, length)
    except InvalidArgumentError as error:
        names, colon, rest = str(error).partition(": ")
        raise InvalidArgumentError(", ".join(argument if name == "days" else name
                                             for name in names.split(", ")) + colon + rest
                                   ) from None


@attrs.frozen(kw_only=True)
class Basis:
    """What an outlook is worked out from, whichever engine works it out from the data:
    the evaluation as of `as_of` (`current`) and over each short window (`shorts`), the
    nightly tallies of the data as known at `as_of` over the forecast's nights (`known`),
    per account the star counts of R (how many ratings have each star value), per
    (account, level key) of each missed level its `ages_out`, and per attribute of `by`
    per (account, slice value) the slice's tally and star counts."""

    current: Evaluation
    shorts: Mapping[int, Evaluation]
    known: Mapping[str, Sequence[Tally]]
    stars: Mapping[str, Mapping[int, int]]
    ages_out: Mapping[tuple[str, str], tuple[tuple[date, int], ...]]
    slices: Mapping[str, Mapping[tuple[str, SliceValue], tuple[Tally, Mapping[int, int]]]]


def missed_figures(current: Evaluation) -> list[tuple[str, ServiceLevel, Figure]]:
    """Each (account, level, figure) of a level that misses its target: the levels whose
    jobs `Basis.ages_out` follows."""
    return [(account_id, level, result[level.key])
            for account_id, result in current.accounts.items() for level in SERVICE_LEVELS
            if result[level.key].meets_target is False]


def counted_against(level: ServiceLevel, figure: Figure, stars: int | None,
                    mask: int) -> bool:
    """Whether a job of the window with these facts (counted stars, issue mask) is one of
    those that make `level`'s `figure` miss: a numerator job (the level's issue flagged),
    or for the rating, a rating of R below the target."""
    if level.issue is None:
        threshold = figure.target.threshold if figure.target is not None else 0
        return stars is not None and stars < threshold
    return bool(mask & ISSUE_BITS[level.issue])


def _reference_basis(data: Dataset, as_of: date | datetime, tz: str, days: int,
                     lengths: Iterable[int], targets: TargetSet | Iterable[TargetSet],
                     first_night: date, last_night: date, by: Sequence[str]) -> Basis:
    """The `Basis` by the reference engine, from records (`data`: the jobs the viewer
    sees)."""
    current = evaluate(data, as_of, tz=tz, days=days, targets=targets)
    window = current.window
    shorts = {length: evaluate(data, as_of, tz=tz, days=length, targets=targets)
              for length in lengths}
    known = nightly_tallies(Dataset(*known_at(data.jobs, data.disputes, window.end)),
                            first_night, last_night, tz=tz, days=days)
    inside, index = WindowCheck(window).inside, data.dispute_index
    facts: dict[str, list[tuple[Job, int | None, int]]] = {}
    for job in data.jobs:
        as_of_here = inside(job)
        if as_of_here is not None:
            _, stars, mask = assessment(job, as_of_here, index.granted(job.job_id, window.end))
            facts.setdefault(job.account_id, []).append((job, stars, mask))
    ages_out = {(account_id, figure.key): _ages_out(
        [job.closed_at for job, stars, mask in facts[account_id]
         if counted_against(level, figure, stars, mask)], tz, days)
        for account_id, level, figure in missed_figures(current)}
    slices: dict[str, dict[tuple[str, SliceValue], tuple[Tally, Mapping[int, int]]]] = {}
    for attribute in by:
        folded = fold(data.jobs, window, index, slice_key([attribute], data.jobs))
        counted: dict[Hashable, Counter[int]] = {}
        for ((_, stars, _), key), count in folded.counts.items():
            if stars is not None:
                counted.setdefault(key, Counter())[stars] += count
        slices[attribute] = {cast(tuple[str, SliceValue], key): (tally, counted.get(key, {}))
                             for key, tally in folded.tallies().items()}
    return Basis(current=current, shorts=shorts, known=known,
                 stars={account_id: Counter(stars for _, stars, _ in found if stars is not None)
                        for account_id, found in facts.items()},
                 ages_out=ages_out, slices=slices)


def _slices(found: Mapping[tuple[str, SliceValue], tuple[Tally, Mapping[int, int]]],
            targets: TargetSet, attribute: str,
            goals: Sequence[Goal]) -> dict[str, dict[SliceValue, SliceOutlook]]:
    """Per account and value of `attribute`, the slice's figures, rooms and goals."""
    sliced: dict[str, dict[SliceValue, SliceOutlook]] = {}
    for (account_id, value), (tally, stars) in sorted(found.items(),
                                                       key=lambda item: _slice_order(item[0])):
        figures = performance(tally, targets)
        rooms = {level.key: room(figures[level.key], stars if level.unit == "stars" else None)
                 for level in SERVICE_LEVELS}
        checks = goal_checks(goals, account_id, figures, attribute,
                             None if isinstance(value, tuple) else value)
        sliced.setdefault(account_id, {})[value] = SliceOutlook(
            performance=figures, rooms=rooms, goals=checks)
    return sliced


def _slice_order(key: tuple[str, SliceValue]) -> tuple[str, bool, str]:
    account_id, value = key
    return account_id, value is None, str(value or "")


def _ages_out(closed: Iterable[datetime | None], tz: str,
              days: int) -> tuple[tuple[date, int], ...]:
    """The nights on which jobs closed at `closed` leave the nightly window: a job of
    local date L (in `tz`) is in night N's window iff N − days < L <= N."""
    nights = Counter(local_date(instant, tz) + timedelta(days=days)
                     for instant in closed if instant is not None)
    return tuple(sorted(nights.items()))


def _first(nightly: Sequence[Performance], nights: Sequence[date], key: str | None) -> date | None:
    """The first night on which the level `key` no longer misses (or, with no key, the
    account is in Good Standing)."""
    for night, figures in zip(nights, nightly, strict=True):
        if key is None and figures.status is Status.GOOD_STANDING:
            return night
        if key is not None and figures[key].meets_target is not False:
            return night
    return None


def _pace_misses_on(position: int, nightly: Sequence[Performance], nights: Sequence[date],
                    pace: Figure, days: int, pace_days: int) -> date | None:
    """The first night on which the figure misses when, on top of the data as known, the
    pace window's numerator and denominator keep coming: after k nights,
    ``floor(k·x/pace_days)`` and ``floor(k·d/pace_days)`` of them, each staying `days`
    nights (those of night j leave on night j + days)."""
    level = SERVICE_LEVELS[position]

    def added(count: int, k: int) -> int:
        return (k * count // pace_days) - (max(k - days, 0) * count // pace_days)

    for k, (night, figures) in enumerate(zip(nights, nightly, strict=True), start=1):
        figure = figures[level.key]
        paced = attrs.evolve(figure, numerator=figure.numerator + added(pace.numerator, k),
                             denominator=figure.denominator + added(pace.denominator, k))
        if paced.meets_target is False:
            return night
    return None


def outlook(
    jobs: JobsInput,
    as_of: date | datetime,
    *,
    disputes: DisputesInput = (),
    tz: str | None = None,
    days: int = DEFAULT_DAYS,
    targets: TargetSet | Iterable[TargetSet] = SEED_TARGETS,
    short_windows: Iterable[int] = (7, 30),
    pace_days: int = 30,
    horizon: int | None = None,
    goals: Iterable[Goal] = (),
    viewer: Viewer = OWNER,
    by: Sequence[str] = (),
    engine: Engine = "auto",
) -> Outlook:
    """What to do next, per account and service level (SPEC §9).

    Args:
        jobs: the jobs, of one or several accounts (open ones included): records, a
            `Dataset`, a path (CSV, JSON Lines, Parquet) or a frame, as `evaluate` takes.
        as_of: a night (`date`, which needs `tz`) or an aware instant.
        disputes: disputes of issues on these jobs (records beside records, a path or a
            frame beside a path or a frame).
        tz: the evaluation's zone (the nights of the forecast are its local dates);
            required with a date `as_of`; an instant defaults to UTC.
        days: the window's length in local days.
        targets: a target set, or several; each night uses the one in force then.
        short_windows: the lengths (days) of the early-warning windows, each once.
        pace_days: the length of the window whose pace `pace_misses_on` continues.
        horizon: how many nights the forecast looks ahead (default: twice `days`).
        goals: the owner's goals; the account-wide ones are checked (never the status).
        viewer: who is looking; only the jobs (and disputes) it sees are looked at.
        by: job attributes to break each account down by: every slice gets its
            figures, the `Room` of each level and its goals' checks.
        engine: ``"python"`` (the outlook is worked out over records), ``"columnar"``
            (column-wise: `svcperf.engines.columnar_outlook`) or ``"auto"``, as
            `evaluate` chooses; every engine gives the same outlook.

    Raises:
        InvalidArgumentError: for a date `as_of` without `tz`, bad window lengths, or a
            bad horizon (all checked before any file is read); the errors of `evaluate`
            otherwise.

    >>> from datetime import timezone
    >>> from svcperf import Job, JobStatus
    >>> job = Job(job_id="J1", account_id="A", coverage_area="North", profession="Plumbing",
    ...           timezone="UTC", appointment_date=date(2026, 9, 10), status=JobStatus.COMPLETED,
    ...           closed_at=datetime(2026, 9, 10, 15, tzinfo=timezone.utc),
    ...           hg_claim_at=datetime(2026, 9, 11, tzinfo=timezone.utc))
    >>> result = outlook([job], date(2026, 9, 14), tz="UTC")
    >>> result["A"]["hg_claim_rate"].recovers_on
    Recovery(nothing_else=datetime.date(2026, 11, 9), clean_work=datetime.date(2026, 11, 9))
    """
    checked = window_for(as_of, tz, days)
    tz = checked.zone  # a night needs its zone; an instant counts in UTC

    windows = tuple(short_windows)
    for length in windows:
        _check_length(as_of, tz, length, "short_windows")
    _check_length(as_of, tz, pace_days, "pace_days")
    repeated = next((length for length in windows if windows.count(length) > 1), None)
    if repeated is not None:  # (each is a key of the burn rates: one would hide the other)
        raise InvalidArgumentError(f"short_windows: expected each window length once (each "
                                   f"has its own burn rates), got {repeated} more than once")
    default = horizon is None
    horizon = 2 * days if horizon is None else horizon
    if type(horizon) is not int or horizon < 1:
        raise InvalidArgumentError(f"horizon: expected a whole number of nights >= 1, "
                                   f"got {horizon!r}")
    target_set_in_force(targets, checked.end)
    first_night = local_date(checked.end, tz)
    try:
        last_night = first_night + timedelta(days=horizon - 1)
    except OverflowError:  # (issue 14: an argument error, not an OverflowError)
        why = f" (twice the {days}-day window: the default horizon)" if default else ""
        raise InvalidArgumentError(f"as_of, horizon: the outlook's {horizon} nights{why} from "
                                   f"{first_night} end after {date.max}, the last of Python's "
                                   f"dates") from None
    lengths = {*windows, pace_days}
    if choose(engine, jobs) == "columnar":
        from .engines.columnar_outlook import columnar_basis

        basis = columnar_basis(columns_of(jobs, disputes), as_of, tz, days, lengths, targets,
                               first_night, last_night, by, viewer)
    else:
        basis = _reference_basis(dataset_of(jobs, disputes, engine).restrict(viewer), as_of,
                                 tz, days, lengths, targets, first_night, last_night, by)
    current = basis.current
    assumed = assumed_tallies((batch for account_id, result in current.accounts.items()
                               for batch in assumed_batches(account_id, first_night, horizon,
                                                            result.tally, tz, days)),
                              first_night, last_night, tz, days)
    nothing_else = history_of(basis.known, first_night, last_night, tz=tz, days=days,
                              targets=targets)
    clean_work = history_of(_added(basis.known, assumed), first_night, last_night, tz=tz,
                            days=days, targets=targets)
    goal_list = list(goals)
    sliced = {attribute: _slices(found, current.targets, attribute, goal_list)
              for attribute, found in basis.slices.items()}
    accounts = {
        account_id: attrs.evolve(
            _account(account_id, result, basis, nothing_else, clean_work, windows, days,
                     pace_days),
            goals=goal_checks(goal_list, account_id, result),
            slices={attribute: found.get(account_id, {}) for attribute, found in sliced.items()})
        for account_id, result in current.accounts.items()}
    return Outlook(evaluation=current, first_night=first_night, last_night=last_night,
                   short_windows=windows, pace_days=pace_days, accounts=accounts)


def _added(tallies: Mapping[str, Sequence[Tally]],
           more: Mapping[str, Sequence[Tally]]) -> dict[str, tuple[Tally, ...]]:
    """The nightly tallies of two disjoint data sets (`nightly_tallies`' shape) added up."""
    return {account_id: tuple(map(add, tallies[account_id], more[account_id]))
            if account_id in tallies and account_id in more
            else tuple(tallies.get(account_id) or more[account_id])
            for account_id in sorted({*tallies, *more})}


def _account(account_id: str, result: Performance, basis: Basis, nothing_else: History,
             clean_work: History, windows: Sequence[int], days: int,
             pace_days: int) -> AccountOutlook:
    # An account whose every job closed at or after as_of has no night in the histories;
    # it has no data today, so nothing below reads its nights.
    nights = nothing_else.nights
    as_known = nothing_else.accounts.get(account_id, ())
    with_clean = clean_work.accounts.get(account_id, ())
    stars = basis.stars.get(account_id, {})
    pace = basis.shorts[pace_days][account_id]
    levels = {}
    for position, level in enumerate(SERVICE_LEVELS):
        figure = result[level.key]
        missed = figure.meets_target is False
        short = {length: basis.shorts[length][account_id][level.key] for length in windows}
        rates = {length: burn_rate(short_figure) for length, short_figure in short.items()}
        levels[level.key] = LevelOutlook(
            figure=figure, room=room(figure, stars if figure.unit == "stars" else None),
            recovers_on=Recovery(_first(as_known, nights, level.key),
                                 _first(with_clean, nights, level.key)) if missed else None,
            ages_out=basis.ages_out[account_id, level.key] if missed else (),
            short=short, burn_rates=rates,
            flagged=bool(figure.meets_target and rates
                         and all(rate is not None and rate > 1 for rate in rates.values())),
            pace_misses_on=None if figure.meets_target is not True else _pace_misses_on(
                position, as_known, nights, pace[level.key], days, pace_days))
    attention = result.status is Status.ATTENTION
    return AccountOutlook(
        account_id=account_id, status=result.status, levels=levels,
        good_standing_on=Recovery(_first(as_known, nights, None),
                                  _first(with_clean, nights, None)) if attention else None)
