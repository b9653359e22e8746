"""Optimal portfolio selection: which candidates to fund, and when to start them.

Candidates are proposals and running projects, each with a value, a cost profile and a skill
demand profile over its own life, and a window of start periods. The engine selects the
subset, and a start for each, that maximises the total value subject to:

* the budget of every period of the horizon and the capacity of every skill in every period
  (a candidate's profile, moved to its start, counts against both; life past the horizon is
  not limited);
* must-do (forced in) and forced-out candidates;
* mutual exclusion groups (at most one of each group);
* dependencies: the dependent needs the prerequisite; optionally the prerequisite starts at
  least ``min_lead`` periods earlier.

:func:`optimize` solves the mixed-integer program with HiGHS (through SciPy) to a proven
relative gap (HiGHS proving the bound while a second thread searches near the LP optimum
and the best selection), :func:`frontier` repeats it over budget levels, :func:`greedy` is
the usual value-for-money ranking as a baseline, :func:`violations` checks any selection.
Every result carries a :class:`Status` and, per candidate, an :class:`Explanation` of why it
is in or out. Units are the caller's (money, FTE, periods); see
``docs/engines/selection.md``.
"""

from openpmo.engines.selection._check import Reason, violations
from openpmo.engines.selection._explain import Explanation
from openpmo.engines.selection._problem import (
    Candidate,
    Dependency,
    SelectionProblem,
    Status,
    usage,
    validate,
)
from openpmo.engines.selection._solve import (
    FrontierPoint,
    SelectionResult,
    frontier,
    greedy,
    infeasibility,
    optimize,
)

__all__ = [
    "Candidate",
    "Dependency",
    "Explanation",
    "FrontierPoint",
    "Reason",
    "SelectionProblem",
    "SelectionResult",
    "Status",
    "frontier",
    "greedy",
    "infeasibility",
    "optimize",
    "usage",
    "validate",
    "violations",
]
