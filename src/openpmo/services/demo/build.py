"""Builds the demo: generates every row in memory, then bulk-inserts table by table."""

from __future__ import annotations

import random

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

from openpmo.db.base import Base
from openpmo.services.demo.capacity import build_capacity
from openpmo.services.demo.context import SCALES, Demo, Row
from openpmo.services.demo.governance import build_governance_library, governance_rows
from openpmo.services.demo.intake import build_intake
from openpmo.services.demo.monitoring import monitoring_rows, threshold_rows
from openpmo.services.demo.org import build_organisation, build_programs
from openpmo.services.demo.people import build_people
from openpmo.services.demo.projects import plan_projects, project_row
from openpmo.services.demo.registers import register_rows
from openpmo.services.demo.reports import freeze_reports, status_report_rows
from openpmo.services.demo.tasks import task_rows

__all__ = ["build_demo"]

#: Tables in the order their rows are inserted (every reference points backwards).
TABLES = (
    "org_units",
    "pmos",
    "users",
    "skills",
    "resources",
    "resource_skills",
    "strategic_objectives",
    "lifecycle_templates",
    "pmo_policies",
    "scoring_criteria",
    "portfolios",
    "programs",
    "projects",
    "project_objectives",
    "project_members",
    "project_phases",
    "gate_reviews",
    "proposals",
    "scores",
    "tasks",
    "dependencies",
    "risks",
    "issues",
    "assignments",
    "resource_requests",
    "allocations",
    "resource_leave",
    "resource_rates",
    "baselines",
    "baseline_tasks",
    "status_dates",
    "task_progress",
    "quality_checks",
    "remediation_actions",
    "kpi_thresholds",
    "status_reports",
    "status_report_events",
)

#: What the summary reports, in display order: label → table.
COUNTED = {
    "org units": "org_units",
    "PMOs": "pmos",
    "people": "resources",
    "projects": "projects",
    "tasks": "tasks",
    "dependencies": "dependencies",
    "risks": "risks",
    "issues": "issues",
    "users": "users",
}

CHUNK = 10_000


def generate(seed: int, size: str) -> Demo:
    """Every row of the demo, without touching a database."""
    if size not in SCALES:
        raise ValueError(f"size must be one of {sorted(SCALES)}, not {size!r}")
    demo = Demo(random.Random(seed), SCALES[size])
    build_organisation(demo)
    build_people(demo)
    build_programs(demo)
    build_governance_library(demo)
    threshold_rows(demo)
    for plan in plan_projects(demo):
        project_row(demo, plan)
        task_rows(demo, plan)
        register_rows(demo, plan)
        monitoring_rows(demo, plan)
        governance_rows(demo, plan)
        plan.nodes = []  # the rows hold what is needed; free the network
    build_capacity(demo)
    build_intake(demo)  # last to draw from the shared source
    status_report_rows(demo)
    return demo


def _insert(session: Session, table: Table, rows: list[Row]) -> None:
    for first in range(0, len(rows), CHUNK):
        session.execute(insert(table), rows[first : first + CHUNK])


def _advance_sequences(session: Session, demo: Demo) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move on."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for name in TABLES:
        rows = demo.rows.get(name, [])
        if rows and "id" in rows[0]:
            session.execute(
                text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                {"table": name, "last": len(rows)},
            )


def build_demo(session: Session, *, seed: int, size: str) -> dict[str, int]:
    """Fill an empty schema with a deterministic demo organisation; never commits.

    ``size`` is ``"small"`` (about 40 projects, 2,000 tasks) or ``"large"`` (about
    2,000 projects, 200,000 tasks). Returns the number of records per kind, in the order
    to show them.
    """
    demo = generate(seed, size)
    tables = Base.metadata.tables
    for name in TABLES:
        _insert(session, tables[name], demo.rows.get(name, []))
    _advance_sequences(session, demo)
    freeze_reports(session, demo)
    return {label: len(demo.rows.get(name, [])) for label, name in COUNTED.items()}
