"""governance, intake and strategic alignment

Lifecycle templates, PMO policies, project phases and gate reviews; proposals, scoring
criteria and scores; objective targets and measures; each project's contribution to an
objective.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 19:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import openpmo.db.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lifecycle_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column(
            "methodology",
            sa.Enum(
                "waterfall",
                "agile",
                "hybrid",
                name="methodology",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("pmo_id", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("phases", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pmo_id"], ["pmos.id"], name=op.f("fk_lifecycle_templates_pmo_id_pmos")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lifecycle_templates")),
        sa.UniqueConstraint("code", name=op.f("uq_lifecycle_templates_code")),
    )
    with op.batch_alter_table("lifecycle_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lifecycle_templates_pmo_id"), ["pmo_id"], unique=False)

    op.create_table(
        "scoring_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pmo_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pmo_id"],
            ["pmos.id"],
            name=op.f("fk_scoring_criteria_pmo_id_pmos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scoring_criteria")),
        sa.UniqueConstraint("pmo_id", "code", name=op.f("uq_scoring_criteria_pmo_id_code")),
    )
    with op.batch_alter_table("scoring_criteria", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scoring_criteria_pmo_id"), ["pmo_id"], unique=False)

    op.create_table(
        "pmo_policies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pmo_id", sa.Integer(), nullable=False),
        sa.Column("default_template_id", sa.Integer(), nullable=True),
        sa.Column("discount_rate", sa.Float(), nullable=False),
        sa.Column("may_skip_phases", sa.Boolean(), nullable=False),
        sa.Column("may_add_deliverables", sa.Boolean(), nullable=False),
        sa.Column("may_waive_deliverables", sa.Boolean(), nullable=False),
        sa.Column("may_edit_criteria", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["default_template_id"],
            ["lifecycle_templates.id"],
            name=op.f("fk_pmo_policies_default_template_id_lifecycle_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["pmo_id"], ["pmos.id"], name=op.f("fk_pmo_policies_pmo_id_pmos"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pmo_policies")),
        sa.UniqueConstraint("pmo_id", name=op.f("uq_pmo_policies_pmo_id")),
    )
    op.create_table(
        "project_phases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_zh", sa.String(length=80), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "active",
                "completed",
                "skipped",
                name="phasestatus",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("iterations", sa.Integer(), nullable=True),
        sa.Column("gate_name", sa.String(length=200), nullable=False),
        sa.Column("gate_name_zh", sa.String(length=200), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("deliverables", sa.JSON(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_project_phases_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["lifecycle_templates.id"],
            name=op.f("fk_project_phases_template_id_lifecycle_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_phases")),
        sa.UniqueConstraint("project_id", "key", name=op.f("uq_project_phases_project_id_key")),
    )
    with op.batch_alter_table("project_phases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_phases_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("title_zh", sa.String(length=200), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "approved",
                "rejected",
                "deferred",
                name="proposalstatus",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("pmo_id", sa.Integer(), nullable=False),
        sa.Column("org_unit_id", sa.Integer(), nullable=False),
        sa.Column("lifecycle_template_id", sa.Integer(), nullable=True),
        sa.Column(
            "methodology",
            sa.Enum(
                "waterfall",
                "agile",
                "hybrid",
                name="methodology",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("objectives", sa.Text(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=True),
        sa.Column("key_risks", sa.JSON(), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("costs", sa.JSON(), nullable=False),
        sa.Column("benefits", sa.JSON(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("contributions", sa.JSON(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_finish", sa.Date(), nullable=True),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_proposals_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["lifecycle_template_id"],
            ["lifecycle_templates.id"],
            name=op.f("fk_proposals_lifecycle_template_id_lifecycle_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["resources.id"], name=op.f("fk_proposals_manager_id_resources")
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_units.id"], name=op.f("fk_proposals_org_unit_id_org_units")
        ),
        sa.ForeignKeyConstraint(["pmo_id"], ["pmos.id"], name=op.f("fk_proposals_pmo_id_pmos")),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_proposals_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["users.id"], name=op.f("fk_proposals_submitted_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("code", name=op.f("uq_proposals_code")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_org_unit_id"), ["org_unit_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_pmo_id"), ["pmo_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_status"), ["status"], unique=False)

    op.create_table(
        "gate_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=False),
        sa.Column("assessments", sa.JSON(), nullable=False),
        sa.Column("deliverables", sa.JSON(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "go",
                "conditional_go",
                "hold",
                "recycle",
                "stop",
                name="gatedecision",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("approver_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("comments", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["users.id"], name=op.f("fk_gate_reviews_approver_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["project_phases.id"],
            name=op.f("fk_gate_reviews_phase_id_project_phases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_gate_reviews_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_reviews")),
    )
    with op.batch_alter_table("gate_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gate_reviews_phase_id"), ["phase_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_gate_reviews_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("criterion_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", openpmo.db.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(proposal_id IS NULL) <> (project_id IS NULL)", name=op.f("ck_scores_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["scoring_criteria.id"],
            name=op.f("fk_scores_criterion_id_scoring_criteria"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_scores_project_id_projects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_scores_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["users.id"], name=op.f("fk_scores_reviewer_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint(
            "project_id",
            "reviewer_id",
            "criterion_id",
            name=op.f("uq_scores_project_id_reviewer_id_criterion_id"),
        ),
        sa.UniqueConstraint(
            "proposal_id",
            "reviewer_id",
            "criterion_id",
            name=op.f("uq_scores_proposal_id_reviewer_id_criterion_id"),
        ),
    )
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scores_criterion_id"), ["criterion_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scores_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scores_proposal_id"), ["proposal_id"], unique=False)

    with op.batch_alter_table("project_objectives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contribution", sa.Float(), nullable=True))

    with op.batch_alter_table("strategic_objectives", schema=None) as batch_op:
        batch_op.add_column(sa.Column("measure", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("unit", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("baseline_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("target_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("current_value", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("target_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("strategic_objectives", schema=None) as batch_op:
        batch_op.drop_column("target_date")
        batch_op.drop_column("current_value")
        batch_op.drop_column("target_value")
        batch_op.drop_column("baseline_value")
        batch_op.drop_column("unit")
        batch_op.drop_column("measure")

    with op.batch_alter_table("project_objectives", schema=None) as batch_op:
        batch_op.drop_column("contribution")

    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scores_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_scores_project_id"))
        batch_op.drop_index(batch_op.f("ix_scores_criterion_id"))

    op.drop_table("scores")
    with op.batch_alter_table("gate_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_reviews_project_id"))
        batch_op.drop_index(batch_op.f("ix_gate_reviews_phase_id"))

    op.drop_table("gate_reviews")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_status"))
        batch_op.drop_index(batch_op.f("ix_proposals_pmo_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_org_unit_id"))

    op.drop_table("proposals")
    with op.batch_alter_table("project_phases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_phases_project_id"))

    op.drop_table("project_phases")
    op.drop_table("pmo_policies")
    with op.batch_alter_table("scoring_criteria", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scoring_criteria_pmo_id"))

    op.drop_table("scoring_criteria")
    with op.batch_alter_table("lifecycle_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lifecycle_templates_pmo_id"))

    op.drop_table("lifecycle_templates")
