"""Critical path where activities work different calendars or count elapsed time.

:func:`openpmo.engines.cpm.schedule` works on one integer time axis, the project calendar's
working minutes; a task on a calendar of its own (a night shift, a seven-day week) or with an
elapsed duration (24 × 7) does not fit on it: the same duration covers a different span of
that axis depending on where the task starts. So this module, used by
:func:`openpmo.engines.scheduling.schedule_project` only when a plan has such activities,
runs the same rules (``openpmo.engines.cpm.extended``) on **clock minutes** instead, visiting
the activities in topological order and converting each span on its own calendar:

* an activity's duration (and remaining duration) is counted on its *duration clock*: its
  task calendar, else the project calendar, or elapsed time when its duration is elapsed;
* a link's lag is counted on the *successor's calendar* (Microsoft Project since 2002), or in
  elapsed time for an elapsed lag; a percentage lag is that share of the predecessor's
  duration;
* floats are working minutes of the activity's duration clock (elapsed minutes for an
  elapsed task, as in Project); a summary's on the project calendar.

The passes are plain Python over :class:`openpmo.engines.calendars.clock.Clock` look-ups
(about a microsecond each), so the fast compiled path stays untouched for plans that do not
need this one; with every activity on the project calendar both give the same dates
(tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from openpmo.engines.calendars import Calendar
from openpmo.engines.calendars.clock import Clock, ElapsedClock
from openpmo.engines.cpm import _bounds, _validate, prepare
from openpmo.engines.cpm.extended import ScheduleResult, _roll_up

__all__ = ["CalendarColumns", "Moments", "schedule_on_calendars"]

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
NO_DATE = _bounds.NO_DATE
NO_BOUND = _bounds.NO_BOUND
FS, SS, FF, SF = range(4)
ASAP, ALAP, MSO, MFO, SNET, SNLT, FNET, FNLT = range(8)


class _Clockish(Protocol):
    def shift(self, moment: int, minutes: int, as_finish: bool) -> int: ...

    def between(self, first: int, last: int) -> int: ...


@dataclass(frozen=True)
class CalendarColumns:
    """The per-activity and per-link inputs of the calendar passes.

    ``moments`` are clock minutes since 1970-01-01 (``datetime64[m]`` values), ``NO_DATE``
    where absent; ``durations``/``remaining`` minutes of each activity's duration clock.
    """

    origin: int
    project: Calendar
    task_calendar: Sequence[Calendar | None]
    elapsed: BoolArray
    lag_elapsed: BoolArray
    durations: Int64Array
    pred: Any
    succ: Any
    link_type: Any
    lag: Any
    lag_percent: Any
    parent: Any
    constraint_type: Any
    constraint_date: Int64Array
    deadline: Int64Array
    actual_start: Int64Array
    actual_finish: Int64Array
    remaining: Any
    percent_complete: Any
    status_date: int | None


@dataclass(frozen=True)
class Moments:
    """The result in clock minutes (see :class:`ScheduleResult` for the columns)."""

    columns: dict[str, Int64Array]
    total_float: Int64Array
    free_float: Int64Array
    critical: BoolArray
    complete: BoolArray
    in_progress: BoolArray
    summary: BoolArray
    project_finish: int

    def result(self, columns: dict[str, Int64Array], finish: int) -> ScheduleResult:
        """A :class:`ScheduleResult` with the dates given in another unit."""
        return ScheduleResult(
            **columns,
            total_float=self.total_float,
            free_float=self.free_float,
            critical=self.critical,
            complete=self.complete,
            in_progress=self.in_progress,
            summary=self.summary,
            project_finish=finish,
        )


class _Plan:
    """Everything the passes read, per activity and per outgoing link."""

    def __init__(self, c: CalendarColumns) -> None:
        d = _validate.durations(c.durations)
        n = self.n = d.shape[0]
        self.d = d.tolist()
        if len(c.task_calendar) != n or c.elapsed.shape != (n,):
            raise ValueError(f"task_calendar and elapsed must have {n} entries (one per activity)")
        project = Clock(c.project, c.origin)
        clocks: dict[Calendar, Clock] = {c.project: project}
        elapsed = ElapsedClock()
        #: The calendar of each activity (lags into it count on it) and its duration clock.
        self.calendar: list[_Clockish] = []
        self.clock: list[_Clockish] = []
        for v in range(n):
            own = c.task_calendar[v]
            cal = project if own is None else clocks.setdefault(own, Clock(own, c.origin))
            self.calendar.append(cal)
            self.clock.append(elapsed if c.elapsed[v] else cal)
        self.project: _Clockish = project
        self.elapsed: _Clockish = elapsed
        self.origin = project.shift(c.origin, 0, False)
        pred, succ, kind, lag = _validate.links(n, c.pred, c.succ, c.link_type, c.lag)
        if c.lag_elapsed.shape != pred.shape:
            raise ValueError(f"lag_elapsed must have {pred.shape[0]} entries (one per link)")
        lag = _bounds.percent_lag(lag, c.lag_percent, d, pred)
        self.tree = _bounds.outline(c.parent, n)
        # The elapsed flag rides in the link type through the summaries' expansion.
        code = (kind + 4 * c.lag_elapsed.astype(np.int8)).astype(np.int8)
        pred, succ, code, lag = _bounds.expand_links(self.tree, pred, succ, code, lag)
        self.order = prepare(n, pred, succ, code & 3, lag).order.tolist()
        self.out: list[list[tuple[int, int, int, _Clockish]]] = [[] for _ in range(n)]
        for p, s, k, g in zip(
            pred.tolist(), succ.tolist(), code.tolist(), lag.tolist(), strict=True
        ):
            self.out[p].append((s, k & 3, g, elapsed if k >= 4 else self.calendar[s]))
        self.codes, self.day = _bounds.constraints(c.constraint_type, c.constraint_date, n)
        self.deadline = _bounds.dates("deadline", c.deadline, n)
        self.status = c.status_date
        self.done = _bounds.progress(
            d,
            self.tree.summary,
            c.actual_start,
            c.actual_finish,
            c.remaining,
            c.percent_complete,
            c.status_date,
        )
        self.remaining = _bounds.dates("remaining", c.remaining, n).tolist()
        self.actual_start = _bounds.dates("actual_start", c.actual_start, n).tolist()
        self.actual_finish = _bounds.dates("actual_finish", c.actual_finish, n).tolist()
        self.percent = c.percent_complete
        self.summary = self.tree.summary.tolist()
        self.cut = self.done.started.tolist()

    # Spans on an activity's duration clock.
    def finish_of(self, v: int, start: int, minutes: int | None = None) -> int:
        m = self.d[v] if minutes is None else minutes
        return start if m == 0 else self.clock[v].shift(start, m, True)

    def start_of(self, v: int, finish: int, minutes: int | None = None) -> int:
        m = self.d[v] if minutes is None else minutes
        return finish if m == 0 else self.clock[v].shift(finish, -m, False)

    def snap_start(self, v: int, moment: int, milestone: bool) -> int:
        """Working time of the activity: a start, or a milestone after the project start
        where its predecessor ended (the finish convention, as in MS Project)."""
        if milestone and moment > self.origin:
            return self.clock[v].shift(moment, 0, True)
        return self.clock[v].shift(moment, 0, False)


def _lagged(clock: _Clockish, moment: int, lag: int, as_finish: bool) -> int:
    return moment if lag == 0 else clock.shift(moment, lag, as_finish)


@dataclass
class _Bounds:
    """Per activity: span in clock minutes of its duration clock, and its bounds."""

    work: list[int]
    low: list[int]
    fixed: list[int]
    high: list[int]
    late_fixed: list[int]
    started_at: list[int]
    finished_at: list[int]
    alap: list[bool]


def _progress(p: _Plan) -> tuple[list[int], list[int]]:
    """Actual (or implied) start and actual or expected finish of each started activity,
    on its duration clock (``openpmo.engines.cpm._bounds.progress`` in clock minutes)."""
    done, n = p.done, p.n
    starts, finishes = [NO_DATE] * n, [NO_DATE] * n
    pct = np.full(n, np.nan) if p.percent is None else np.asarray(p.percent, np.float64)
    for v in np.flatnonzero(done.started).tolist():
        clock = p.clock[v]
        start, finish = p.actual_start[v], p.actual_finish[v]
        if done.complete[v]:
            if finish == NO_DATE:  # 100 % complete without a finish
                finish = p.finish_of(v, clock.shift(start, 0, False))
            elif start == NO_DATE:  # only a finish: started a duration before it
                start = p.start_of(v, finish)
            first, last = clock.shift(start, 0, False), clock.shift(finish, 0, True)
            if last <= first:  # no working time between them: a milestone
                first = last = p.snap_start(v, finish, True)
            starts[v], finishes[v] = first, last
            continue
        resume = start if p.status is None else max(start, p.status)
        if p.remaining[v] != NO_DATE:
            rest = p.remaining[v]
        elif not np.isnan(pct[v]):
            rest = int(np.floor(p.d[v] * (100.0 - pct[v]) / 100.0 + 0.5))
        elif p.status is None:
            rest = p.d[v]
        else:
            rest = p.d[v] - min(max(clock.between(start, p.status), 0), p.d[v])
        starts[v] = clock.shift(start, 0, False)
        finishes[v] = max(starts[v], clock.shift(resume, rest, True))
    return starts, finishes


def _bounds_of(p: _Plan) -> _Bounds:
    n, codes, day = p.n, p.codes.tolist(), p.day.tolist()
    deadline = np.where(p.deadline == NO_DATE, NO_BOUND, p.deadline)
    base = p.origin if p.status is None else max(p.origin, p.status)
    low, fixed, high, late_fixed = [base] * n, [NO_DATE] * n, [NO_BOUND] * n, [NO_DATE] * n
    for v in range(n):
        code, c = codes[v], day[v]
        if code == SNET:
            low[v] = max(base, c)
        elif code == FNET:
            low[v] = max(base, p.start_of(v, c))
        elif code == MSO:
            fixed[v], late_fixed[v] = c, p.finish_of(v, p.snap_start(v, c, p.d[v] == 0))
        elif code == MFO:
            fixed[v] = p.start_of(v, c)
            late_fixed[v] = p.clock[v].shift(c, 0, True) if p.d[v] else p.snap_start(v, c, True)
        elif code == SNLT:
            high[v] = p.finish_of(v, p.snap_start(v, c, p.d[v] == 0))
        elif code == FNLT:
            high[v] = c
    # A summary's SNET, FNLT and deadline bind every leaf below it.
    tree = p.tree
    due = deadline.copy()
    np.minimum.at(due, tree.leaf, deadline[tree.ancestor])
    for a, leaf in zip(tree.ancestor.tolist(), tree.leaf.tolist(), strict=True):
        if codes[a] == SNET:
            low[leaf] = max(low[leaf], day[a])
        elif codes[a] == FNLT:
            high[leaf] = min(high[leaf], day[a])
    starts, finishes = _progress(p)
    work = list(p.d)
    for v in range(n):
        high[v] = min(high[v], int(due[v]))
        if p.cut[v]:
            fixed[v] = starts[v]
            high[v] = int(due[v])
            late_fixed[v] = finishes[v] if p.done.complete[v] else NO_DATE
            work[v] = p.clock[v].between(starts[v], finishes[v])
    alap = [codes[v] == ALAP and not p.cut[v] and not p.summary[v] for v in range(n)]
    return _Bounds(work, low, fixed, high, late_fixed, starts, finishes, alap)


def _forward(p: _Plan, b: _Bounds, fixed: list[int]) -> tuple[list[int], list[int], int]:
    """Early starts and finishes, and the project finish (summaries take no part)."""
    n = p.n
    start, finish = list(b.low), [0] * n
    end = p.origin
    for v in p.order:
        if p.summary[v]:
            continue
        if p.cut[v]:
            es, ef = b.started_at[v], b.finished_at[v]
        else:
            es = fixed[v] if fixed[v] != NO_DATE else start[v]
            es = p.snap_start(v, es, b.work[v] == 0)
            ef = p.finish_of(v, es, b.work[v])
        start[v], finish[v] = es, ef
        end = max(end, ef)
        for s, kind, lag, clock in p.out[v]:
            if p.cut[s]:
                continue
            if kind == FS:
                bound = _lagged(clock, ef, lag, False)
            elif kind == SS:
                bound = _lagged(clock, es, lag, False)
            else:
                due = _lagged(clock, ef if kind == FF else es, lag, True)
                bound = p.start_of(s, due, b.work[s])
            if bound > start[s]:
                start[s] = bound
    return start, finish, end


def _backward(p: _Plan, b: _Bounds, end: int) -> tuple[list[int], list[int]]:
    """Late starts and finishes: ``min(end, high, link bounds)`` unless fixed."""
    n = p.n
    late_start, late_finish = [0] * n, [0] * n
    for v in reversed(p.order):
        if p.summary[v]:
            continue
        work = b.work[v]
        if b.late_fixed[v] != NO_DATE:
            lf = b.late_fixed[v]
        else:
            lf = min(end, b.high[v])
            for s, kind, lag, clock in p.out[v]:
                if p.cut[s]:
                    continue
                if kind == FS:
                    bound = _lagged(clock, late_start[s], -lag, True)
                elif kind == FF:
                    bound = _lagged(clock, late_finish[s], -lag, True)
                else:
                    at = _lagged(
                        clock, late_start[s] if kind == SS else late_finish[s], -lag, False
                    )
                    bound = p.finish_of(v, at, work)
                lf = min(lf, bound)
            lf = p.clock[v].shift(lf, 0, True) if work else p.snap_start(v, lf, True)
        late_finish[v] = lf
        late_start[v] = p.start_of(v, lf, work)
    return late_start, late_finish


def _free_float(p: _Plan, b: _Bounds, start: list[int], finish: list[int], end: int) -> list[int]:
    """Working minutes (duration clock) each activity can slip moving nothing after it."""
    result = [0] * p.n
    for v in p.order:
        if p.summary[v]:
            continue
        clock = p.clock[v]
        ff = clock.between(finish[v], end)
        for s, kind, lag, lag_clock in p.out[v]:
            if p.cut[s]:
                continue
            if kind == FS:
                slack = clock.between(finish[v], _lagged(lag_clock, start[s], -lag, True))
            elif kind == SS:
                slack = clock.between(start[v], _lagged(lag_clock, start[s], -lag, False))
            elif kind == FF:
                slack = clock.between(finish[v], _lagged(lag_clock, finish[s], -lag, True))
            else:
                slack = clock.between(start[v], _lagged(lag_clock, finish[s], -lag, False))
            ff = min(ff, slack)
        result[v] = 0 if p.done.complete[v] else ff
    return result


def schedule_on_calendars(columns: CalendarColumns) -> Moments:
    """Schedule activities each on its own calendar; dates in clock minutes.

    Raises
    ------
    ValueError
        For a bad argument (named), as :func:`openpmo.engines.cpm.schedule` does.
    CycleError
        If the links contain a cycle.
    """
    p = _Plan(columns)
    b = _bounds_of(p)
    early, early_finish, end = _forward(p, b, b.fixed)
    late_start, late_finish = _backward(p, b, end)
    placed, placed_finish = early, early_finish
    if any(b.alap):
        pinned = [max(early[v], late_start[v]) if b.alap[v] else b.fixed[v] for v in range(p.n)]
        placed, placed_finish, _ = _forward(p, b, pinned)
        early = [early[v] if b.alap[v] else placed[v] for v in range(p.n)]
        early_finish = [early_finish[v] if b.alap[v] else placed_finish[v] for v in range(p.n)]
    free = _free_float(p, b, placed, placed_finish, end)
    cols = {
        "early_start": early,
        "early_finish": early_finish,
        "late_start": late_start,
        "late_finish": late_finish,
        "scheduled_start": placed,
        "scheduled_finish": placed_finish,
        "free_float": free,
    }
    arrays = {name: np.array(values, np.int64) for name, values in cols.items()}
    total = np.array(
        [p.clock[v].between(early_finish[v], late_finish[v]) for v in range(p.n)], np.int64
    )
    arrays["total_float"] = total
    tree = p.tree
    if tree.ancestor.size:
        _roll_up(arrays, tree)
        for v in np.flatnonzero(tree.summary).tolist():
            total[v] = p.project.between(
                int(arrays["early_finish"][v]), int(arrays["late_finish"][v])
            )
    complete = p.done.complete
    free_float = arrays.pop("free_float")
    arrays.pop("total_float")
    return Moments(
        columns=arrays,
        total_float=total,
        free_float=free_float,
        critical=(total <= 0) & ~complete,
        complete=complete.copy(),
        in_progress=p.done.started & ~complete,
        summary=tree.summary.copy(),
        project_finish=end,
    )
