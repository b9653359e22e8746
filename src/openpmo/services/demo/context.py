"""What the demo builders share: the scale, the seeded random source and the rows so far."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from openpmo.services.demo.clock import REFERENCE_TIME, STATUS_DATE

__all__ = ["SCALES", "Demo", "Row", "Scale", "stamp"]

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Scale:
    """How big a demo is."""

    departments: int
    teams: tuple[int, int]
    people: int
    projects: int
    tasks: tuple[int, int]
    members: tuple[int, int]
    pmos: int
    regional_programs: bool


SCALES: dict[str, Scale] = {
    "small": Scale(
        departments=6,
        teams=(1, 3),
        people=120,
        projects=40,
        tasks=(25, 75),
        members=(3, 8),
        pmos=3,
        regional_programs=False,
    ),
    "large": Scale(
        departments=14,
        teams=(3, 6),
        people=5000,
        projects=2000,
        tasks=(40, 160),
        members=(4, 12),
        pmos=6,
        regional_programs=True,
    ),
}


@dataclass(slots=True)
class Demo:
    """The build in progress: rows per table, in the order they are to be inserted, and
    the ids later builders refer to."""

    rng: random.Random
    scale: Scale
    rows: dict[str, list[Row]] = field(default_factory=dict)
    enterprise: int = 0
    #: Department key → its org unit ids (the department first, then its teams).
    units: dict[str, list[int]] = field(default_factory=dict)
    #: Department key → resources that may be put on projects.
    people: dict[str, list[int]] = field(default_factory=dict)
    #: Department key → project managers.
    managers: dict[str, list[int]] = field(default_factory=dict)
    heads: dict[str, int] = field(default_factory=dict)
    #: Role of a demo login → the resource it is linked to.
    linked: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    pmos: list[int] = field(default_factory=list)
    objectives: dict[str, int] = field(default_factory=dict)
    portfolios: list[int] = field(default_factory=list)
    #: Program theme index → (program id, portfolio id) of every program of that theme.
    programs: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def table(self, name: str) -> list[Row]:
        return self.rows.setdefault(name, [])

    def next_id(self, name: str) -> int:
        return len(self.table(name)) + 1

    def add(self, name: str, row: Row) -> int:
        """Append a versioned row with the next id; returns that id."""
        row_id = self.next_id(name)
        self.table(name).append({"id": row_id, **row, **versioned()})
        return row_id


def versioned(created: datetime = REFERENCE_TIME) -> Row:
    return {"version": 1, "created_at": created, "updated_at": REFERENCE_TIME}


_STAMPS: dict[date, datetime] = {}


def stamp(day: date) -> datetime:
    """A creation time on ``day`` (09:30 in Beijing), never after the status date."""
    day = min(day, STATUS_DATE)
    found = _STAMPS.get(day)
    if found is None:
        found = _STAMPS[day] = datetime.combine(day, time(1, 30), UTC)
    return found
