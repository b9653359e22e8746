"""The selection problem as a mixed-integer program (solved by HiGHS through SciPy).

One binary column ``x[i, s]`` per candidate ``i`` and start ``s`` in its window. Rows, in
this order (see :class:`Layout`):

* ``assign[i]``: ``sum_s x[i, s] <= 1`` (``= 1`` for a must-do);
* ``budget[t]``: ``sum cost[i][t - s] x[i, s] <= budget[t]``;
* ``skill[t, k]``: ``sum demand[i][t - s, k] x[i, s] <= capacity[t, k]``;
* ``exclusive[g]``: ``sum_{i in g} sum_s x[i, s] <= 1``;
* dependency ``A -> B`` without lead: ``sum_s x[B, s] - sum_s x[A, s] <= 0``; with lead
  ``L``, one row per start ``s`` of ``B``: ``x[B, s] - sum_{s' <= s - L} x[A, s'] <= 0``
  (tighter than a big-M row, and it also says "B needs A").

The matrix is assembled in NumPy as one sparse array for HiGHS (``_highs.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse  # type: ignore[import-untyped]

from openpmo.engines.selection._problem import SelectionProblem

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
INF = np.inf


@dataclass(frozen=True, eq=False)
class Layout:
    """Where each candidate's columns and each constraint family's rows are.

    ``col_candidate[j]`` / ``col_start[j]``: candidate and start of column ``j``; candidate
    ``i`` owns columns ``first_col[i] : first_col[i + 1]``. Row blocks start at
    ``budget_row``, ``skill_row`` (row ``skill_row + t * K + k``), ``exclusive_row`` and
    ``dependency_row``; rows ``0 .. n-1`` are the ``assign`` rows.
    """

    col_candidate: IntArray
    col_start: IntArray
    first_col: IntArray
    budget_row: int
    skill_row: int
    exclusive_row: int
    dependency_row: int
    n_rows: int


def _columns(problem: SelectionProblem) -> tuple[IntArray, IntArray, IntArray]:
    windows = np.array([c.latest - c.earliest + 1 for c in problem.candidates], np.int64)
    first = np.zeros(len(problem.candidates) + 1, np.int64)
    np.cumsum(windows, out=first[1:])
    col_candidate = np.repeat(np.arange(len(problem.candidates), dtype=np.int64), windows)
    earliest = np.array([c.earliest for c in problem.candidates], np.int64)
    col_start = earliest[col_candidate] + np.arange(first[-1]) - first[col_candidate]
    return col_candidate, col_start, first


def _resource_entries(
    problem: SelectionProblem, layout: Layout
) -> tuple[list[IntArray], list[IntArray], list[FloatArray]]:
    """Budget and skill coefficients of every column, as (rows, cols, values) pieces."""
    t_count, k_count = problem.n_periods, problem.n_skills
    rows: list[IntArray] = []
    cols: list[IntArray] = []
    vals: list[FloatArray] = []
    for i, c in enumerate(problem.candidates):
        life_c = np.flatnonzero(c.cost)
        life_d, skill_d = np.nonzero(c.demand)
        cost_v, demand_v = c.cost[life_c], c.demand[life_d, skill_d]
        for j in range(int(layout.first_col[i]), int(layout.first_col[i + 1])):
            s = int(layout.col_start[j])
            keep = life_c + s < t_count
            rows.append(layout.budget_row + life_c[keep] + s)
            vals.append(cost_v[keep])
            keep_d = life_d + s < t_count
            rows.append(layout.skill_row + (life_d[keep_d] + s) * k_count + skill_d[keep_d])
            vals.append(demand_v[keep_d])
            count = int(keep.sum() + keep_d.sum())
            cols.append(np.full(count, j, np.int64))
    return rows, cols, vals


def _rule_entries(
    problem: SelectionProblem, layout: Layout
) -> tuple[IntArray, IntArray, FloatArray, FloatArray, FloatArray]:
    """Assign, exclusion and dependency coefficients, and the row bounds of all rows."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    first = layout.first_col
    for g, group in enumerate(problem.exclusive):
        for i in sorted(set(group)):
            for j in range(int(first[i]), int(first[i + 1])):
                rows.append(layout.exclusive_row + g)
                cols.append(j)
                vals.append(1.0)
    row = layout.dependency_row
    for dep in problem.dependencies:
        a_cols = range(int(first[dep.prerequisite]), int(first[dep.prerequisite + 1]))
        b_cols = range(int(first[dep.dependent]), int(first[dep.dependent + 1]))
        if dep.min_lead is None:
            rows.extend([row] * (len(a_cols) + len(b_cols)))
            cols.extend([*b_cols, *a_cols])
            vals.extend([1.0] * len(b_cols) + [-1.0] * len(a_cols))
            row += 1
            continue
        for jb in b_cols:
            latest_a = int(layout.col_start[jb]) - dep.min_lead
            early_a = [ja for ja in a_cols if layout.col_start[ja] <= latest_a]
            rows.extend([row] * (1 + len(early_a)))
            cols.extend([jb, *early_a])
            vals.extend([1.0] + [-1.0] * len(early_a))
            row += 1
    n = len(problem.candidates)
    lower = np.full(layout.n_rows, -INF)
    upper = np.zeros(layout.n_rows)
    lower[:n] = [1.0 if c.must else -INF for c in problem.candidates]
    upper[:n] = 1.0
    upper[layout.budget_row : layout.skill_row] = problem.budget
    upper[layout.skill_row : layout.exclusive_row] = problem.capacity.reshape(-1)
    upper[layout.exclusive_row : layout.dependency_row] = 1.0
    assign_cols = np.arange(first[-1], dtype=np.int64)
    all_rows = np.concatenate([layout.col_candidate, np.array(rows, np.int64)])
    all_cols = np.concatenate([assign_cols, np.array(cols, np.int64)])
    all_vals = np.concatenate([np.ones(first[-1]), np.array(vals, np.float64)])
    return all_rows, all_cols, all_vals, lower, upper


def _dependency_rows(problem: SelectionProblem) -> int:
    return sum(
        1 if d.min_lead is None else len(problem.candidates[d.dependent].shifts)
        for d in problem.dependencies
    )


@dataclass(frozen=True, eq=False)
class Model:
    """The MIP as arrays: maximise ``value @ x`` subject to ``row_lower <= A x <= row_upper``,
    ``0 <= x <= col_upper``, ``x`` binary; ``col_start`` is each column's start period (the
    searches around a selection free the columns of a window of periods)."""

    value: FloatArray
    matrix: sparse.csc_array
    row_lower: FloatArray
    row_upper: FloatArray
    col_upper: FloatArray
    col_start: IntArray


def build(problem: SelectionProblem) -> tuple[Model, Layout]:
    """The MIP of ``problem`` (maximise value) and where its columns and rows are."""
    col_candidate, col_start, first = _columns(problem)
    n = len(problem.candidates)
    budget_row = n
    skill_row = budget_row + problem.n_periods
    exclusive_row = skill_row + problem.n_periods * problem.n_skills
    dependency_row = exclusive_row + len(problem.exclusive)
    n_rows = dependency_row + _dependency_rows(problem)
    layout = Layout(
        col_candidate,
        col_start,
        first,
        budget_row,
        skill_row,
        exclusive_row,
        dependency_row,
        n_rows,
    )
    r_rows, r_cols, r_vals = _resource_entries(problem, layout)
    rows, cols, vals, lower, upper = _rule_entries(problem, layout)
    rows = np.concatenate([rows, *r_rows])
    cols = np.concatenate([cols, *r_cols])
    vals = np.concatenate([vals, *r_vals])
    n_cols = int(first[-1])
    matrix = sparse.csc_array((vals, (rows, cols)), shape=(n_rows, n_cols))
    values = np.array([c.value for c in problem.candidates], np.float64)
    out = np.array([c.forced_out for c in problem.candidates], np.bool_)
    col_upper = np.where(out[col_candidate], 0.0, 1.0)
    model = Model(values[col_candidate], matrix, lower, upper, col_upper, col_start)
    return model, layout
