"""task calendars and elapsed durations (issue 3)

A project gets named task calendars (a week and dated exceptions over the project's calendar
or a built-in one); a task may work one (``calendar_id``) and may have an elapsed duration
(``duration_elapsed``), a link an elapsed lag (``lag_elapsed``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-21 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    moment = openpmo.db.base.UTCDateTime(timezone=True)
    op.create_table(
        "task_calendars",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("base", sa.String(length=20), nullable=True),
        sa.Column("work_hours", sa.String(length=100), nullable=False),
        sa.Column("workdays", sa.String(length=7), nullable=False),
        sa.Column("weekday_hours", sa.JSON(), nullable=False),
        sa.Column("exceptions", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False),
        sa.Column("updated_at", moment, nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_task_calendars_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_calendars")),
    )
    op.create_index(
        "ix_task_calendars_project_name", "task_calendars", ["project_id", "name"], unique=True
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("duration_elapsed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("calendar_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_tasks_calendar_id"), ["calendar_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_tasks_calendar_id_task_calendars"),
            "task_calendars",
            ["calendar_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lag_elapsed", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("dependencies", schema=None) as batch_op:
        batch_op.drop_column("lag_elapsed")
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_tasks_calendar_id_task_calendars"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_tasks_calendar_id"))
        batch_op.drop_column("calendar_id")
        batch_op.drop_column("duration_elapsed")
    op.drop_index("ix_task_calendars_project_name", table_name="task_calendars")
    op.drop_table("task_calendars")
