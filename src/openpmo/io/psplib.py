"""Readers of the PSPLIB single-project ``.sm`` and the multi-project RCMP ``.rcmp`` formats.

* ``.sm`` (Kolisch & Sprecher 1997, single mode): sections ``PRECEDENCE RELATIONS``,
  ``REQUESTS/DURATIONS`` and ``RESOURCEAVAILABILITIES``; jobs are numbered from 1, job 1 and
  the last job are dummies of duration 0. Only renewable resources and one mode are accepted.
* ``.rcmp`` (MPSPLIB, Browning & Yassine, RCMPSPLIB): the number of projects, the number of
  resources, their capacities; per project a line ``#jobs release`` and a line of one 0/1 flag
  per resource, then per job ``duration demand_1 .. demand_R #successors p:j ...`` where a
  successor names its project and job, both from 1.

Both give a :class:`RcpspInstance`; errors are :class:`PsplibError` naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["PsplibError", "RcpspInstance", "read_instance", "read_rcmp", "read_sm"]

Int64Array = npt.NDArray[np.int64]


class PsplibError(ValueError):
    """A PSPLIB or RCMP file that cannot be read; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, eq=False)
class RcpspInstance:
    """A resource-constrained (multi-)project scheduling instance, activities from 0.

    Attributes
    ----------
    name : str
        The file's stem.
    labels : list of str
        The file's name of each activity: the job number (``"1"``) in ``.sm`` files,
        ``"project:job"`` (``"2:7"``) in ``.rcmp`` files.
    durations : numpy.ndarray, shape (n,)
    demand : numpy.ndarray, shape (n, R)
    capacity : numpy.ndarray, shape (R,)
    pred, succ : numpy.ndarray, shape (m,)
        Finish-to-start links without lag.
    project : numpy.ndarray, shape (n,)
        Project index of each activity (all 0 in ``.sm`` files).
    release : numpy.ndarray, shape (p,)
        Release date of each project.
    """

    name: str
    labels: list[str]
    durations: Int64Array
    demand: Int64Array
    capacity: Int64Array
    pred: Int64Array
    succ: Int64Array
    project: Int64Array
    release: Int64Array

    @property
    def n_projects(self) -> int:
        """Number of projects."""
        return int(self.release.shape[0])


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="ascii", errors="strict").splitlines()
    except UnicodeDecodeError as exc:
        raise PsplibError(path, None, f"not a text file ({exc.reason})") from None
    except OSError as exc:
        raise PsplibError(path, None, exc.strerror or "cannot be read") from None


def _ints(path: Path, number: int, text: str, count: int | None = None) -> list[int]:
    try:
        values = [int(v) for v in text.split()]
    except ValueError:
        raise PsplibError(path, number, f"expected whole numbers, got {text.strip()!r}") from None
    if count is not None and len(values) != count:
        raise PsplibError(path, number, f"expected {count} numbers, got {len(values)}")
    if any(v < 0 for v in values):
        raise PsplibError(path, number, f"negative number in {text.strip()!r}")
    return values


def _find(path: Path, lines: list[str], heading: str) -> int:
    for i, line in enumerate(lines):
        if line.strip().upper().startswith(heading):
            return i
    raise PsplibError(path, None, f"no {heading!r} section")


def _header_value(path: Path, lines: list[str], pattern: str) -> tuple[int, int]:
    for i, line in enumerate(lines):
        match = re.match(pattern, line.strip(), re.IGNORECASE)
        if match:
            return int(match.group(1)), i + 1
    raise PsplibError(path, None, f"no line matching {pattern!r}")


def _sm_resources(path: Path, lines: list[str]) -> int:
    renewable, _ = _header_value(path, lines, r"-\s*renewable\s*:\s*(\d+)")
    nonrenewable, at = _header_value(path, lines, r"-\s*nonrenewable\s*:\s*(\d+)")
    if nonrenewable:
        raise PsplibError(path, at, "non-renewable resources are not supported")
    return renewable


def read_sm(path: str | Path) -> RcpspInstance:
    """Read a PSPLIB single-mode ``.sm`` file.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    RcpspInstance
        One project; ``labels`` are the job numbers.

    Raises
    ------
    PsplibError
        On a missing section, a malformed line, several modes or an unknown successor.
    """
    path = Path(path)
    lines = _lines(path)
    n, _ = _header_value(path, lines, r"jobs \(incl\. supersource/sink \)\s*:\s*(\d+)")
    resources = _sm_resources(path, lines)
    first = _find(path, lines, "PRECEDENCE RELATIONS:") + 2
    pred: list[int] = []
    succ: list[int] = []
    for i in range(first, first + n):
        row = _ints(path, i + 1, lines[i] if i < len(lines) else "")
        if len(row) < 3 or row[0] != i - first + 1 or len(row) != 3 + row[2]:
            raise PsplibError(path, i + 1, f"expected job {i - first + 1}'s successors")
        if row[1] != 1:
            raise PsplibError(path, i + 1, f"job {row[0]} has {row[1]} modes; only 1 is supported")
        for s in row[3:]:
            if not 1 <= s <= n:
                raise PsplibError(path, i + 1, f"successor {s} is not a job (1..{n})")
            pred.append(row[0] - 1)
            succ.append(s - 1)
    first = _find(path, lines, "REQUESTS/DURATIONS:") + 3
    durations = np.zeros(n, np.int64)
    demand = np.zeros((n, resources), np.int64)
    for i in range(first, first + n):
        row = _ints(path, i + 1, lines[i] if i < len(lines) else "", 3 + resources)
        if row[0] != i - first + 1:
            raise PsplibError(path, i + 1, f"expected job {i - first + 1}, got {row[0]}")
        durations[i - first] = row[2]
        demand[i - first] = row[3:]
    at = _find(path, lines, "RESOURCEAVAILABILITIES:") + 2
    capacity = np.array(_ints(path, at + 1, lines[at] if at < len(lines) else "", resources))
    return RcpspInstance(
        name=path.stem,
        labels=[str(j + 1) for j in range(n)],
        durations=durations,
        demand=demand,
        capacity=capacity.astype(np.int64),
        pred=np.array(pred, np.int64),
        succ=np.array(succ, np.int64),
        project=np.zeros(n, np.int64),
        release=np.zeros(1, np.int64),
    )


class _Cursor:
    """The non-blank lines of a file with their line numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = [(i + 1, t) for i, t in enumerate(_lines(path)) if t.strip()]
        self.at = 0

    def next(self, what: str) -> tuple[int, str]:
        if self.at >= len(self.rows):
            raise PsplibError(self.path, None, f"file ends before {what}")
        self.at += 1
        return self.rows[self.at - 1]

    def ints(self, what: str, count: int | None = None) -> tuple[int, list[int]]:
        number, text = self.next(what)
        return number, _ints(self.path, number, text, count)


def _rcmp_job(
    cur: _Cursor, resources: int, what: str
) -> tuple[int, int, list[int], list[tuple[int, int]]]:
    number, text = cur.next(what)
    tokens = text.split()
    plain = resources + 2
    values = _ints(cur.path, number, " ".join(tokens[:plain]))
    if len(values) != plain or values[-1] != len(tokens) - plain:
        raise PsplibError(
            cur.path, number, f"{what}: expected duration, {resources} demands, #successors"
        )
    links = []
    for token in tokens[plain:]:
        p, sep, j = token.partition(":")
        if not (sep and p.isdigit() and j.isdigit()):
            raise PsplibError(cur.path, number, f"{what}: successor {token!r} is not project:job")
        links.append((int(p), int(j)))
    return number, values[0], values[1:-1], links


def read_rcmp(path: str | Path) -> RcpspInstance:
    """Read a multi-project ``.rcmp`` file (MPSPLIB, Browning & Yassine, RCMPSPLIB).

    Parameters
    ----------
    path : str or pathlib.Path
        The file.

    Returns
    -------
    RcpspInstance
        All projects' activities, in file order; ``labels`` are ``"project:job"``.

    Raises
    ------
    PsplibError
        On a malformed line, a successor naming no job, or a file that ends early.
    """
    path = Path(path)
    cur = _Cursor(path)
    _, (projects,) = cur.ints("the number of projects", 1)
    _, (resources,) = cur.ints("the number of resources", 1)
    _, capacity = cur.ints("the capacities", resources)
    labels: list[str] = []
    durations: list[int] = []
    demand: list[list[int]] = []
    project: list[int] = []
    release: list[int] = []
    links: list[tuple[int, str, int, int]] = []
    for p in range(1, projects + 1):
        _, head = cur.ints(f"project {p}'s job count and release date", 2)
        cur.ints(f"project {p}'s resource flags", resources)
        release.append(head[1])
        for j in range(1, head[0] + 1):
            number, d, need, succs = _rcmp_job(cur, resources, f"job {p}:{j}")
            labels.append(f"{p}:{j}")
            durations.append(d)
            demand.append(need)
            project.append(p - 1)
            links.extend((number, f"{p}:{j}", sp, sj) for sp, sj in succs)
    index = {label: i for i, label in enumerate(labels)}
    pred, succ = [], []
    for number, source, sp, sj in links:
        target = index.get(f"{sp}:{sj}")
        if target is None:
            raise PsplibError(path, number, f"job {source}: successor {sp}:{sj} is not a job")
        pred.append(index[source])
        succ.append(target)
    return RcpspInstance(
        name=path.stem,
        labels=labels,
        durations=np.array(durations, np.int64),
        demand=np.array(demand, np.int64).reshape(len(labels), resources),
        capacity=np.array(capacity, np.int64),
        pred=np.array(pred, np.int64),
        succ=np.array(succ, np.int64),
        project=np.array(project, np.int64),
        release=np.array(release, np.int64),
    )


def read_instance(path: str | Path) -> RcpspInstance:
    """Read ``path`` as ``.rcmp`` when it ends so, else as a PSPLIB ``.sm`` file."""
    return read_rcmp(path) if str(path).lower().endswith(".rcmp") else read_sm(path)
