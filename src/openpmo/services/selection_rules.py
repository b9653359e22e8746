"""The rules of a selection scenario by candidate code: must-do, forced out, exclusions,
dependencies and start windows, each bad reference reported with its field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from openpmo.engines.selection import Dependency
from openpmo.errors import FieldError, InvalidInput
from openpmo.schemas.selection import SelectionScenarioCreate

__all__ = ["Rules"]


class _Candidate(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def running(self) -> bool: ...


def _bad(loc: tuple[str | int, ...], key: str, **params: Any) -> FieldError:
    return FieldError(("body", *loc), key, params)


class Rules:
    """The scenario's must-do, forced-out, exclusion, dependency and window rules by code,
    with every reference error collected before any is raised."""

    def __init__(
        self, data: SelectionScenarioCreate, info: Sequence[_Candidate], years: list[int]
    ) -> None:
        self.data = data
        self.info = info
        self.years = years
        self.index: dict[str, int] = {}
        for i, c in enumerate(info):
            self.index.setdefault(c.code, i)
        self.errors: list[FieldError] = []
        self.exclusive: tuple[tuple[int, ...], ...] = ()
        self.dependencies: tuple[Dependency, ...] = ()

    def ref(self, code: str, *loc: str | int) -> int | None:
        found = self.index.get(code)
        if found is None:
            self.errors.append(_bad(loc, "error.field.not_candidate", value=code))
        return found

    def flags(
        self, rows: list[dict[str, Any]]
    ) -> tuple[list[bool], list[bool], list[tuple[int, int]]]:
        data, n = self.data, len(self.info)
        must = [c.running and data.keep_running for c in self.info]
        out = [False] * n
        for j, code in enumerate(data.forced_out):
            i = self.ref(code, "forced_out", j)
            if i is not None:
                out[i], must[i] = True, False
        for j, code in enumerate(data.must):
            i = self.ref(code, "must", j)
            if i is not None and code in data.forced_out:
                self.errors.append(_bad(("must", j), "error.field.must_and_out", value=code))
            elif i is not None:
                must[i] = True
        self.exclusive = tuple(
            tuple(
                i
                for j, code in enumerate(group)
                if (i := self.ref(code, "exclusive", g, j)) is not None
            )
            for g, group in enumerate(data.exclusive)
        )
        self.dependencies = tuple(self._dependencies())
        windows = [row["window"] for row in rows]
        for j, w in enumerate(data.windows):
            i = self.ref(w.code, "windows", j, "code")
            if i is not None:
                window = self._window(j, i, w.earliest, w.latest)
                if window is not None:
                    windows[i] = window
        return must, out, windows

    def _dependencies(self) -> list[Dependency]:
        found = []
        for j, d in enumerate(self.data.dependencies):
            a = self.ref(d.prerequisite, "dependencies", j, "prerequisite")
            b = self.ref(d.dependent, "dependencies", j, "dependent")
            if a is not None and a == b:
                self.errors.append(
                    _bad(("dependencies", j, "dependent"), "error.field.self_dependency")
                )
            elif a is not None and b is not None:
                found.append(Dependency(a, b, d.min_lead))
        return found

    def _window(self, j: int, i: int, earliest: int, latest: int) -> tuple[int, int] | None:
        first, last = self.years[0], self.years[-1]
        if self.info[i].running:
            self.errors.append(_bad(("windows", j, "code"), "error.field.running_fixed"))
            return None
        for name, year in (("earliest", earliest), ("latest", latest)):
            if not first <= year <= last:
                self.errors.append(
                    _bad(
                        ("windows", j, name), "error.field.outside_horizon", first=first, last=last
                    )
                )
                return None
        if latest < earliest:
            self.errors.append(_bad(("windows", j, "latest"), "error.field.end_before_start"))
            return None
        return earliest - first, latest - first

    def raise_errors(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
