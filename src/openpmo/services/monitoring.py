"""Quality checks and remediation actions of projects, and the KPI thresholds of PMOs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import KpiThreshold, Pmo, QualityCheck, RemediationAction
from openpmo.engines.health import DEFAULT_THRESHOLDS, HealthConfig
from openpmo.enums import RemediationStatus, Role
from openpmo.errors import FieldError, InvalidInput, NotFound
from openpmo.services import authz
from openpmo.services.principal import Principal
from openpmo.services.registers import ProjectPart

__all__ = [
    "get_thresholds",
    "quality_checks",
    "remediation_actions",
    "set_thresholds",
]

quality_checks: ProjectPart[QualityCheck] = ProjectPart(
    entity="quality_check",
    model=QualityCheck,
    search=("note",),
    sortable=("checked_on", "kind", "passed"),
    default_sort="-checked_on",
    filters=("kind", "passed"),
)


def _closing(session: Session, project_id: int) -> None:
    """A done action gets its ``closed_at``; one reopened loses it."""
    for action in session.scalars(
        select(RemediationAction).where(RemediationAction.project_id == project_id)
    ):
        done = action.status is RemediationStatus.DONE
        if done and action.closed_at is None:
            action.closed_at = utcnow()
        elif not done and action.closed_at is not None:
            action.closed_at = None
    session.flush()


remediation_actions: ProjectPart[RemediationAction] = ProjectPart(
    entity="remediation_action",
    model=RemediationAction,
    search=("description",),
    sortable=("due_date", "status", "created_at"),
    default_sort="due_date",
    filters=("status", "owner_id"),
    after_change=_closing,
)


def _pmo(session: Session, pmo_id: int) -> Pmo:
    pmo = session.get(Pmo, pmo_id)
    if pmo is None:
        raise NotFound(entity="pmo", id=pmo_id)
    return pmo


def get_thresholds(
    session: Session, principal: Principal, pmo_id: int
) -> tuple[list[dict[str, Any]], bool]:
    """The PMO's KPI thresholds, and whether they are the defaults (none configured)."""
    _pmo(session, pmo_id)
    rows = list(
        session.scalars(
            select(KpiThreshold).where(KpiThreshold.pmo_id == pmo_id).order_by(KpiThreshold.id)
        )
    )
    if not rows:
        return [
            {
                "kpi": t.kpi,
                "amber": t.amber,
                "red": t.red,
                "higher_is_better": t.higher_is_better,
            }
            for t in DEFAULT_THRESHOLDS
        ], True
    return [
        {"kpi": r.kpi, "amber": r.amber, "red": r.red, "higher_is_better": r.higher_is_better}
        for r in rows
    ], False


def set_thresholds(
    session: Session,
    principal: Principal,
    pmo_id: int,
    settings: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Replace the PMO's thresholds (an empty mapping restores the defaults).

    Only ``admin`` and a ``pmo`` user governing the PMO's org unit may; each bad KPI is
    reported as ``thresholds.<kpi>``.
    """
    pmo = _pmo(session, pmo_id)
    authz.ensure_role(principal, Role.PMO)
    authz.ensure_pmo_scope(principal, pmo.org_unit_id)
    errors = []
    for kpi, spec in settings.items():
        try:
            HealthConfig.from_mapping({kpi: spec})
        except ValueError as exc:
            errors.append(
                FieldError(("body", "thresholds", kpi), "error.field.invalid", {"msg": str(exc)})
            )
    if errors:
        raise InvalidInput(errors)
    config = HealthConfig.from_mapping(settings)
    for old in session.scalars(select(KpiThreshold).where(KpiThreshold.pmo_id == pmo_id)):
        session.delete(old)
    session.flush()
    session.execute(delete(KpiThreshold).where(KpiThreshold.pmo_id == pmo_id))
    for t in config.thresholds:
        session.add(
            KpiThreshold(
                pmo_id=pmo_id,
                kpi=t.kpi,
                amber=t.amber,
                red=t.red,
                higher_is_better=t.higher_is_better,
            )
        )
    session.flush()
    return get_thresholds(session, principal, pmo_id)[0]
