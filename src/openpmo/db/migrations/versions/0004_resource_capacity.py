"""resource pool capacity and levelling scenarios

Resources get a role, an employment share and a working calendar (kind and weekdays), and
``room`` joins their kinds; new tables hold leave, cost rates with validity dates, task
assignments, role-based requests, allocations and levelling scenarios with their proposed
task dates. New NOT NULL columns carry a server default so that existing rows get the
models' defaults.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 17:44:40.449727
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resource_leave",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_leave_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_leave")),
    )
    with op.batch_alter_table("resource_leave", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_leave_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "resource_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_resource_rates_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_rates")),
    )
    with op.batch_alter_table("resource_rates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_rates_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "levelling_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "scope",
            sa.Enum(
                "portfolio",
                "program",
                name="scenarioscope",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("portfolio_id", sa.Integer(), nullable=True),
        sa.Column("program_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "applied",
                "discarded",
                name="scenariostatus",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("solver_status", sa.String(length=20), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("decided_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_levelling_scenarios_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["portfolio_id"],
            ["portfolios.id"],
            name=op.f("fk_levelling_scenarios_portfolio_id_portfolios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_levelling_scenarios_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_levelling_scenarios")),
    )
    with op.batch_alter_table("levelling_scenarios", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_levelling_scenarios_portfolio_id"), ["portfolio_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_levelling_scenarios_program_id"), ["program_id"], unique=False
        )

    op.create_table(
        "resource_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=80), nullable=True),
        sa.Column("skill_id", sa.Integer(), nullable=True),
        sa.Column("min_level", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "approved",
                "rejected",
                name="requeststatus",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"],
            ["users.id"],
            name=op.f("fk_resource_requests_approver_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_resource_requests_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["users.id"],
            name=op.f("fk_resource_requests_requested_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"], ["skills.id"], name=op.f("fk_resource_requests_skill_id_skills")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_requests")),
    )
    with op.batch_alter_table("resource_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_resource_requests_project_id"), ["project_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_resource_requests_status"), ["status"], unique=False)

    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_allocations_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["resource_requests.id"],
            name=op.f("fk_allocations_request_id_resource_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_allocations_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_request_id"), ["request_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_allocations_resource_id"), ["resource_id"], unique=False
        )

    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Float(), nullable=False),
        sa.Column("work_hours", sa.Float(), nullable=True),
        sa.Column("actual_hours", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"],
            ["resources.id"],
            name=op.f("fk_assignments_resource_id_resources"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_assignments_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignments")),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignments_resource_id"), ["resource_id"], unique=False
        )
        batch_op.create_index(
            "ix_assignments_task_resource", ["task_id", "resource_id"], unique=True
        )

    op.create_table(
        "scenario_tasks",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("task_version", sa.Integer(), nullable=False),
        sa.Column("start_before", sa.Date(), nullable=False),
        sa.Column("finish_before", sa.Date(), nullable=False),
        sa.Column("start_after", sa.Date(), nullable=False),
        sa.Column("finish_after", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_scenario_tasks_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["levelling_scenarios.id"],
            name=op.f("fk_scenario_tasks_scenario_id_levelling_scenarios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_scenario_tasks_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "task_id", name=op.f("pk_scenario_tasks")),
    )
    with op.batch_alter_table("scenario_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_tasks_task_id"), ["task_id"], unique=False)

    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=80), nullable=True))
        batch_op.add_column(
            sa.Column("employment_share", sa.Float(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column(
                "calendar",
                sa.Enum(
                    "china",
                    "standard",
                    name="calendarkind",
                    native_enum=False,
                    create_constraint=True,
                    length=20,
                ),
                nullable=False,
                server_default="china",
            )
        )
        batch_op.add_column(
            sa.Column("workdays", sa.String(length=7), nullable=False, server_default="12345")
        )
        batch_op.create_index(batch_op.f("ix_resources_role"), ["role"], unique=False)
    _kinds(("person", "equipment", "room", "role"))


def _kinds(kinds: tuple[str, ...]) -> None:
    """Replace the CHECK constraint listing the resource kinds (SQLite rebuilds the table)."""
    listed = ", ".join(f"'{k}'" for k in kinds)
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_resources_resourcekind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_resources_resourcekind"), f"kind IN ({listed})")


def downgrade() -> None:
    _kinds(("person", "equipment", "role"))
    with op.batch_alter_table("resources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resources_role"))
        batch_op.drop_column("workdays")
        batch_op.drop_column("calendar")
        batch_op.drop_column("employment_share")
        batch_op.drop_column("role")

    with op.batch_alter_table("scenario_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_tasks_task_id"))

    op.drop_table("scenario_tasks")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_task_resource")
        batch_op.drop_index(batch_op.f("ix_assignments_resource_id"))

    op.drop_table("assignments")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_resource_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_request_id"))
        batch_op.drop_index(batch_op.f("ix_allocations_project_id"))

    op.drop_table("allocations")
    with op.batch_alter_table("resource_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_requests_status"))
        batch_op.drop_index(batch_op.f("ix_resource_requests_project_id"))

    op.drop_table("resource_requests")
    with op.batch_alter_table("levelling_scenarios", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_levelling_scenarios_program_id"))
        batch_op.drop_index(batch_op.f("ix_levelling_scenarios_portfolio_id"))

    op.drop_table("levelling_scenarios")
    with op.batch_alter_table("resource_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_rates_resource_id"))

    op.drop_table("resource_rates")
    with op.batch_alter_table("resource_leave", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resource_leave_resource_id"))

    op.drop_table("resource_leave")
