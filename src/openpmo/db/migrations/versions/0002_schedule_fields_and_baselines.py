"""schedule fields and baselines

Tasks get constraints, deadlines, actuals and the computed schedule (naive project-local
datetimes); links a percentage lag; projects a calendar, working hours, time zone and status
date; and two new tables hold up to 11 baselines per project. New NOT NULL columns carry a
server default so that existing rows get the models' defaults.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 16:05:40.604391
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "baselines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("number >= 0 AND number <= 10", name=op.f("ck_baselines_number_range")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_baselines_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_baselines_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselines")),
        sa.UniqueConstraint("project_id", "number", name=op.f("uq_baselines_project_id_number")),
    )
    op.create_table(
        "baseline_tasks",
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=True),
        sa.Column("finish", sa.DateTime(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("work_minutes", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baselines.id"],
            name=op.f("fk_baseline_tasks_baseline_id_baselines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_baseline_tasks_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("baseline_id", "task_id", name=op.f("pk_baseline_tasks")),
    )
    with op.batch_alter_table("baseline_tasks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_tasks_task_id"), ["task_id"], unique=False)

    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lag_percent", sa.Float(), nullable=False, server_default="0")
        )

    with op.batch_alter_table("projects", schema=None) as batch_op:
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
            sa.Column(
                "work_hours",
                sa.String(length=100),
                nullable=False,
                server_default="08:00-12:00, 13:00-17:00",
            )
        )
        batch_op.add_column(
            sa.Column(
                "time_zone", sa.String(length=64), nullable=False, server_default="Asia/Shanghai"
            )
        )
        batch_op.add_column(sa.Column("status_date", sa.Date(), nullable=True))

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "constraint_type",
                sa.Enum(
                    "ASAP",
                    "ALAP",
                    "SNET",
                    "SNLT",
                    "FNET",
                    "FNLT",
                    "MSO",
                    "MFO",
                    name="constraintkind",
                    native_enum=False,
                    create_constraint=True,
                ),
                nullable=False,
                server_default="ASAP",
            )
        )
        batch_op.add_column(sa.Column("constraint_date", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("deadline", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("actual_start", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("actual_finish", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("remaining_days", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("early_start", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("early_finish", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("late_start", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("late_finish", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("scheduled_start", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("scheduled_finish", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("total_float_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("free_float_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("is_critical", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("is_critical")
        batch_op.drop_column("free_float_minutes")
        batch_op.drop_column("total_float_minutes")
        batch_op.drop_column("scheduled_finish")
        batch_op.drop_column("scheduled_start")
        batch_op.drop_column("late_finish")
        batch_op.drop_column("late_start")
        batch_op.drop_column("early_finish")
        batch_op.drop_column("early_start")
        batch_op.drop_column("remaining_days")
        batch_op.drop_column("actual_finish")
        batch_op.drop_column("actual_start")
        batch_op.drop_column("deadline")
        batch_op.drop_column("constraint_date")
        batch_op.drop_column("constraint_type")

    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_column("status_date")
        batch_op.drop_column("time_zone")
        batch_op.drop_column("work_hours")
        batch_op.drop_column("calendar")

    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.drop_column("lag_percent")

    with op.batch_alter_table("baseline_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_tasks_task_id"))

    op.drop_table("baseline_tasks")
    op.drop_table("baselines")
