"""monitoring: status dates with task progress, quality checks, KPI thresholds, health
overrides and remediation actions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _versioned() -> list[sa.Column[object]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
    ]


def _enum(name: str, *values: str, length: int = 20) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    op.create_table(
        "kpi_thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pmo_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(length=40), nullable=False),
        sa.Column("amber", sa.Float(), nullable=False),
        sa.Column("red", sa.Float(), nullable=False),
        sa.Column("higher_is_better", sa.Boolean(), nullable=False),
        *_versioned(),
        _fk("kpi_thresholds", "pmo_id", "pmos", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kpi_thresholds")),
        sa.UniqueConstraint("pmo_id", "kpi", name=op.f("uq_kpi_thresholds_pmo_id_kpi")),
    )
    op.create_table(
        "quality_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind", _enum("qualitycheckkind", "inspection", "test", "acceptance"), nullable=False
        ),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        *_versioned(),
        _fk("quality_checks", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_checks")),
    )
    op.create_index(
        op.f("ix_quality_checks_project_id"), "quality_checks", ["project_id"], unique=False
    )
    op.create_table(
        "remediation_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status", _enum("remediationstatus", "open", "in_progress", "done"), nullable=False
        ),
        sa.Column("closed_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=True),
        *_versioned(),
        _fk("remediation_actions", "owner_id", "resources", "SET NULL"),
        _fk("remediation_actions", "project_id", "projects", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remediation_actions")),
    )
    op.create_index(
        op.f("ix_remediation_actions_project_id"),
        "remediation_actions",
        ["project_id"],
        unique=False,
    )
    op.create_table(
        "status_dates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("taken_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("taken_by_id", sa.Integer(), nullable=True),
        sa.Column("baseline_id", sa.Integer(), nullable=True),
        sa.Column("risk_exposure", sa.Float(), nullable=False),
        sa.Column("overdue_issues", sa.Integer(), nullable=False),
        sa.Column("overallocation_hours", sa.Float(), nullable=False),
        *_versioned(),
        _fk("status_dates", "baseline_id", "baselines", "SET NULL"),
        _fk("status_dates", "project_id", "projects", "CASCADE"),
        _fk("status_dates", "taken_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_dates")),
        sa.UniqueConstraint(
            "project_id", "status_date", name=op.f("uq_status_dates_project_id_status_date")
        ),
    )
    colour = ("healthcolour", "green", "grey", "amber", "red")
    op.create_table(
        "health_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status_date_id", sa.Integer(), nullable=False),
        sa.Column("dimension", sa.String(length=20), nullable=False),
        sa.Column("colour", _enum(*colour, length=10), nullable=False),
        sa.Column(
            "computed_colour", _enum("computedcolour", *colour[1:], length=10), nullable=False
        ),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        *_versioned(),
        _fk("health_overrides", "by_id", "users", "SET NULL"),
        _fk("health_overrides", "project_id", "projects", "CASCADE"),
        _fk("health_overrides", "status_date_id", "status_dates", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_overrides")),
        sa.UniqueConstraint(
            "status_date_id",
            "dimension",
            name=op.f("uq_health_overrides_status_date_id_dimension"),
        ),
    )
    op.create_index(
        op.f("ix_health_overrides_project_id"), "health_overrides", ["project_id"], unique=False
    )
    op.create_table(
        "task_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status_date_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("percent_complete", sa.Float(), nullable=False),
        sa.Column("remaining_days", sa.Float(), nullable=True),
        sa.Column("actual_start", sa.DateTime(), nullable=True),
        sa.Column("actual_finish", sa.DateTime(), nullable=True),
        sa.Column("actual_hours", sa.Float(), nullable=False),
        sa.Column("actual_cost", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.CheckConstraint(
            "percent_complete >= 0 AND percent_complete <= 100",
            name=op.f("ck_task_progress_percent_range"),
        ),
        _fk("task_progress", "status_date_id", "status_dates", "CASCADE"),
        _fk("task_progress", "task_id", "tasks", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_progress")),
        sa.UniqueConstraint(
            "status_date_id", "task_id", name=op.f("uq_task_progress_status_date_id_task_id")
        ),
    )
    op.create_index(op.f("ix_task_progress_task_id"), "task_progress", ["task_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_task_progress_task_id"), table_name="task_progress")
    op.drop_table("task_progress")
    op.drop_index(op.f("ix_health_overrides_project_id"), table_name="health_overrides")
    op.drop_table("health_overrides")
    op.drop_table("status_dates")
    op.drop_index(op.f("ix_remediation_actions_project_id"), table_name="remediation_actions")
    op.drop_table("remediation_actions")
    op.drop_index(op.f("ix_quality_checks_project_id"), table_name="quality_checks")
    op.drop_table("quality_checks")
    op.drop_table("kpi_thresholds")
