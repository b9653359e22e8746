"""weekly status reports and their review history (issue 5)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATES = ("draft", "submitted", "accepted", "returned")


def _state(name: str) -> sa.Enum:
    return sa.Enum(*_STATES, name=name, native_enum=False, create_constraint=True, length=20)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    moment = openpmo.db.base.UTCDateTime(timezone=True)
    op.create_table(
        "status_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("state", _state("statusreportstate"), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("achievements", sa.Text(), nullable=True),
        sa.Column("next_period_plan", sa.Text(), nullable=True),
        sa.Column("decisions_needed", sa.Text(), nullable=True),
        sa.Column("help_needed", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", moment, nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", moment, nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False),
        sa.Column("updated_at", moment, nullable=False),
        _fk("status_reports", "author_id", "users", "SET NULL"),
        _fk("status_reports", "project_id", "projects", "CASCADE"),
        _fk("status_reports", "reviewed_by_id", "users", "SET NULL"),
        _fk("status_reports", "submitted_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_reports")),
        sa.UniqueConstraint(
            "project_id", "status_date", name=op.f("uq_status_reports_project_id_status_date")
        ),
    )
    op.create_index(
        op.f("ix_status_reports_status_date"), "status_reports", ["status_date"], unique=False
    )
    op.create_index(op.f("ix_status_reports_state"), "status_reports", ["state"], unique=False)
    op.create_table(
        "status_report_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("at", moment, nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_state", _state("fromstate"), nullable=True),
        sa.Column("to_state", _state("statusreportstate"), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        _fk("status_report_events", "by_id", "users", "SET NULL"),
        _fk("status_report_events", "report_id", "status_reports", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_report_events")),
    )
    op.create_index(
        op.f("ix_status_report_events_report_id"),
        "status_report_events",
        ["report_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_status_report_events_report_id"), table_name="status_report_events")
    op.drop_table("status_report_events")
    op.drop_index(op.f("ix_status_reports_state"), table_name="status_reports")
    op.drop_index(op.f("ix_status_reports_status_date"), table_name="status_reports")
    op.drop_table("status_reports")
