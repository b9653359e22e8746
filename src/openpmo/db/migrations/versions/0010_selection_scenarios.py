"""saved portfolio-selection scenarios (issue 6)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-21 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_selection_scenarios_{column}_{target}"),
        ondelete=ondelete,
    )


def upgrade() -> None:
    moment = openpmo.db.base.UTCDateTime(timezone=True)
    op.create_table(
        "selection_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pmo_id", sa.Integer(), nullable=True),
        sa.Column("portfolio_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("objective", sa.Float(), nullable=False),
        sa.Column("gap", sa.Float(), nullable=True),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", moment, nullable=False),
        sa.Column("updated_at", moment, nullable=False),
        _fk("owner_id", "users", "SET NULL"),
        _fk("pmo_id", "pmos", "CASCADE"),
        _fk("portfolio_id", "portfolios", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_selection_scenarios")),
    )
    op.create_index(
        op.f("ix_selection_scenarios_pmo_id"), "selection_scenarios", ["pmo_id"], unique=False
    )
    op.create_index(
        op.f("ix_selection_scenarios_portfolio_id"),
        "selection_scenarios",
        ["portfolio_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_selection_scenarios_portfolio_id"), table_name="selection_scenarios")
    op.drop_index(op.f("ix_selection_scenarios_pmo_id"), table_name="selection_scenarios")
    op.drop_table("selection_scenarios")
