"""project list order index: (priority, code)

The project lists' default order is ``-priority, code``; with this index a page of it walks
the index (sorting only the codes within one priority) instead of sorting every visible
project: measured on the large demo's 2,000 projects (SQLite), a page deep in the list
2.6 ms → 0.8 ms. (A ``priority DESC`` index would save more, but SQLite reflects it as a
plain column, so the models and the migrations could no longer be compared.)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 18:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_projects_priority_code", "projects", ["priority", "code"])


def downgrade() -> None:
    op.drop_index("ix_projects_priority_code", table_name="projects")
