"""The values a project's documents are filled with: one context per kind, of exactly the
shape its vocabulary (:mod:`openpmo.io.documents.vocabulary`) describes.

Names are given in the document's language (a record's Chinese name in a Chinese
document when it has one), status words translated, dates as ``datetime.date`` and money
as ``float``; a missing value is ``None`` (an empty text in the document).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from openpmo.db.base import utcnow
from openpmo.db.models import (
    GateReview,
    Issue,
    OrgUnit,
    Project,
    ProjectPhase,
    Resource,
    Risk,
    StrategicObjective,
    Task,
    User,
    project_objectives,
)
from openpmo.enums import IssueStatus, RiskStatus
from openpmo.errors import NotFound
from openpmo.i18n import translate
from openpmo.services.lifecycles import governing_pmo
from openpmo.services.performance import project_performance
from openpmo.services.principal import Principal
from openpmo.services.status_reports import export_content

__all__ = ["HIGH_EXPOSURE", "MEDIUM_EXPOSURE", "build_context"]

#: Exposure (probability × impact) from which a risk is high, resp. medium (as the web UI).
HIGH_EXPOSURE = 2.5
MEDIUM_EXPOSURE = 1.2
#: The plan's WBS shows this many levels.
WBS_LEVELS = 2


def _name(record: Any, lang: str) -> str | None:
    if record is None:
        return None
    zh = getattr(record, "name_zh", None)
    return str(zh) if lang == "zh-CN" and zh else str(record.name)


def _day(value: datetime | date | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _money(value: Any) -> float | None:
    return None if value is None else round(float(value), 2)


class _Builder:
    """Reads what a project's documents show, once each, in one language."""

    def __init__(self, session: Session, principal: Principal, project: Project, lang: str):
        self.session = session
        self.principal = principal
        self.project = project
        self.lang = lang
        self._people: dict[int, Resource] = {}

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def people(self, ids: Iterable[int | None]) -> dict[int, Resource]:
        wanted = {i for i in ids if i is not None} - set(self._people)
        if wanted:
            for r in self.session.scalars(select(Resource).where(Resource.id.in_(wanted))):
                self._people[r.id] = r
        return self._people

    def person(self, resource_id: int | None) -> str | None:
        return _name(self.people([resource_id]).get(resource_id or -1), self.lang)

    def document(self, kind: str) -> dict[str, Any]:
        return {
            "title": self.t(f"document.kind.{kind}"),
            "kind": kind,
            "language": self.lang,
            "generated_on": utcnow().date(),
            "generated_by": self.principal.username,
        }

    def project_values(self) -> dict[str, Any]:
        p = self.project
        pmo = governing_pmo(self.session, p.org_unit_id)
        manager = self.people([p.manager_id]).get(p.manager_id or -1)
        days = (
            (p.planned_finish - p.planned_start).days + 1
            if p.planned_start and p.planned_finish
            else None
        )
        return {
            "code": p.code,
            "name": _name(p, self.lang),
            "name_en": p.name,
            "name_zh": p.name_zh,
            "description": p.description,
            "status": p.status.value,
            "status_label": self.t(f"web.enum.project_status.{p.status.value}"),
            "methodology": p.methodology.value,
            "methodology_label": self.t(f"web.enum.methodology.{p.methodology.value}"),
            "phase": p.current_phase,
            "priority": p.priority,
            "budget": _money(p.budget),
            "currency": p.currency,
            "planned_start": p.planned_start,
            "planned_finish": p.planned_finish,
            "duration_days": days,
            "status_date": p.status_date,
            "manager": _name(manager, self.lang),
            "manager_email": manager.email if manager else None,
            "sponsor": self.person(p.sponsor_id),
            "org_unit": _name(p.org_unit, self.lang),
            "pmo": _name(pmo, self.lang),
            "pmo_type": self.t(f"web.enum.pmo_type.{pmo.type.value}") if pmo else None,
            "portfolio": _name(p.portfolio, self.lang),
            "program": _name(p.program, self.lang),
        }

    def objectives(self) -> list[dict[str, Any]]:
        rows = self.session.execute(
            select(StrategicObjective, project_objectives.c.contribution)
            .join(project_objectives, project_objectives.c.objective_id == StrategicObjective.id)
            .where(project_objectives.c.project_id == self.project.id)
            .order_by(StrategicObjective.code)
        )
        return [
            {
                "code": o.code,
                "name": _name(o, self.lang),
                "contribution": share,
                "measure": o.measure,
                "unit": o.unit,
                "baseline_value": o.baseline_value,
                "target_value": o.target_value,
                "current_value": o.current_value,
                "target_date": o.target_date,
            }
            for o, share in rows
        ]

    def phases(self) -> list[dict[str, Any]]:
        phases = list(
            self.session.scalars(
                select(ProjectPhase)
                .where(ProjectPhase.project_id == self.project.id)
                .order_by(ProjectPhase.seq)
            )
        )
        latest: dict[int, GateReview] = {}
        for decided in self.session.scalars(
            select(GateReview)
            .where(GateReview.project_id == self.project.id, GateReview.decision.is_not(None))
            .order_by(GateReview.decided_at, GateReview.id)
        ):
            latest[decided.phase_id] = decided
        approvers = dict(
            self.session.execute(
                select(User.id, User.full_name).where(
                    User.id.in_({r.approver_id for r in latest.values() if r.approver_id})
                )
            ).all()
        )
        zh = self.lang == "zh-CN"
        result = []
        for k, phase in enumerate(phases, start=1):
            review = latest.get(phase.id)
            decision = review.decision.value if review and review.decision else None
            names = [
                str((d.get("name_zh") if zh else None) or d.get("name", ""))
                for d in phase.deliverables
            ]
            result.append(
                {
                    "seq": k,
                    "name": (phase.name_zh if zh and phase.name_zh else phase.name),
                    "status": phase.status.value,
                    "status_label": self.t(f"web.enum.phase_status.{phase.status.value}"),
                    "gate": (phase.gate_name_zh if zh and phase.gate_name_zh else phase.gate_name),
                    "started_on": phase.started_on,
                    "finished_on": phase.finished_on,
                    "deliverables": ("、" if zh else ", ").join(n for n in names if n),
                    "decision": decision,
                    "decision_label": self.t(f"web.enum.gate_decision.{decision}")
                    if decision
                    else None,
                    "decided_on": _day(review.decided_at) if review else None,
                    "approver": approvers.get(review.approver_id or -1) if review else None,
                    "conditions": review.conditions if review else None,
                    "comments": review.comments if review else None,
                }
            )
        return result

    def tasks(self) -> list[Task]:
        if not hasattr(self, "_tasks"):
            self._tasks = list(
                self.session.scalars(select(Task).where(Task.project_id == self.project.id))
            )
        return self._tasks

    def milestones(self) -> list[dict[str, Any]]:
        rows = []
        for task in self.tasks():
            if not task.is_milestone:
                continue
            done = task.percent_complete >= 100 or task.actual_finish is not None
            rows.append(
                {
                    "wbs": task.wbs,
                    "name": _name(task, self.lang),
                    "date": _day(task.scheduled_finish) or task.planned_finish,
                    "deadline": _day(task.deadline),
                    "done": done,
                    "status_label": self.t(
                        "document.milestone.done" if done else "document.milestone.open"
                    ),
                }
            )
        rows.sort(key=lambda m: (m["date"] or date.max, _wbs_key(str(m["wbs"]))))
        return rows

    def wbs(self) -> list[dict[str, Any]]:
        tasks = self.tasks()
        parents = {t.id: t.parent_id for t in tasks}
        rows = []
        for task in tasks:
            level, node = 1, task.parent_id
            while node is not None and node in parents and level <= WBS_LEVELS:
                level, node = level + 1, parents[node]
            if level > WBS_LEVELS:
                continue
            rows.append(
                {
                    "wbs": task.wbs,
                    "name": _name(task, self.lang),
                    "level": level,
                    "start": _day(task.scheduled_start) or task.planned_start,
                    "finish": _day(task.scheduled_finish) or task.planned_finish,
                    "duration_days": task.duration_days,
                    "percent_complete": task.percent_complete,
                    "owner": self.person(task.assignee_id),
                    "is_summary": task.is_summary,
                    "is_milestone": task.is_milestone,
                    "is_critical": task.is_critical,
                }
            )
        rows.sort(key=lambda r: _wbs_key(str(r["wbs"])))
        return rows

    def team(self) -> list[dict[str, Any]]:
        p = self.project
        roles: list[tuple[int, str]] = []
        if p.sponsor_id:
            roles.append((p.sponsor_id, "sponsor"))
        if p.manager_id:
            roles.append((p.manager_id, "manager"))
        members = sorted(p.members, key=lambda r: r.name)
        roles.extend((m.id, "member") for m in members if m.id not in (p.sponsor_id, p.manager_id))
        people = self.people(rid for rid, _ in roles)
        unit_ids = {people[r].org_unit_id for r, _ in roles}
        units = {
            u.id: u for u in self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))
        }
        return [
            {
                "name": _name(people[rid], self.lang),
                "role": self.t(f"document.role.{role}"),
                "title": people[rid].title,
                "email": people[rid].email,
                "org_unit": _name(units.get(people[rid].org_unit_id or -1), self.lang),
            }
            for rid, role in roles
        ]

    def risks(self) -> list[dict[str, Any]]:
        items = list(self.session.scalars(select(Risk).where(Risk.project_id == self.project.id)))
        items.sort(key=lambda r: (-r.probability * r.impact, r.title, r.id))
        self.people(r.owner_id for r in items)
        rows = []
        for k, r in enumerate(items, start=1):
            exposure = round(r.probability * r.impact, 2)
            level = _level(exposure)
            rows.append(
                {
                    "no": k,
                    "title": r.title,
                    "description": r.description,
                    "probability": r.probability,
                    "probability_percent": round(r.probability * 100, 1),
                    "impact": r.impact,
                    "exposure": exposure,
                    "level": level,
                    "level_label": self.t(f"document.risk_level.{level}"),
                    "status": r.status.value,
                    "status_label": self.t(f"web.enum.risk_status.{r.status.value}"),
                    "owner": self.person(r.owner_id),
                    "response": r.response,
                    "due_date": r.due_date,
                }
            )
        return rows

    def issues(self) -> list[dict[str, Any]]:
        items = list(self.session.scalars(select(Issue).where(Issue.project_id == self.project.id)))
        done = {IssueStatus.RESOLVED, IssueStatus.CLOSED}
        items.sort(key=lambda i: (i.status in done, -i.severity, i.due_date or date.max, i.id))
        self.people(i.owner_id for i in items)
        return [
            {
                "no": k,
                "title": i.title,
                "description": i.description,
                "severity": i.severity,
                "status": i.status.value,
                "status_label": self.t(f"web.enum.issue_status.{i.status.value}"),
                "owner": self.person(i.owner_id),
                "due_date": i.due_date,
                "resolution": i.resolution,
            }
            for k, i in enumerate(items, start=1)
        ]

    def budget(self) -> dict[str, Any]:
        p = self.project
        values: dict[str, Any] = {"budget": _money(p.budget), "currency": p.currency}
        names = ("bac", "pv", "ev", "ac", "cv", "sv", "eac", "etc", "vac", "cpi", "spi")
        values.update(dict.fromkeys(names))
        values.update(status_date=None, spent_percent=None)
        try:
            performance = project_performance(self.session, self.principal, p.id)
        except NotFound:  # no status date yet
            return values
        money = performance.money
        values["status_date"] = performance.status_date
        for name in ("bac", "pv", "ev", "ac", "cv", "sv", "eac", "etc", "vac"):
            values[name] = money.get(name)
        values["cpi"], values["spi"] = money.get("cpi"), money.get("spi")
        if values["budget"] and money.get("ac") is not None:
            values["spent_percent"] = round(100 * float(money["ac"] or 0) / values["budget"], 1)
        return values

    def summary(self, risks: list[dict[str, Any]]) -> dict[str, Any]:
        open_ = [r for r in risks if r["status"] != RiskStatus.CLOSED.value]
        return {
            "total": len(risks),
            "open": len(open_),
            "high": sum(r["level"] == "high" for r in open_),
            "medium": sum(r["level"] == "medium" for r in open_),
            "low": sum(r["level"] == "low" for r in open_),
            "exposure": round(sum(r["exposure"] for r in open_), 2),
        }


def _level(exposure: float) -> str:
    if exposure >= HIGH_EXPOSURE:
        return "high"
    return "medium" if exposure >= MEDIUM_EXPOSURE else "low"


def _wbs_key(wbs: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", wbs))


def build_context(
    session: Session, principal: Principal, project: Project, kind: str, lang: str
) -> dict[str, Any]:
    """The values of ``kind``'s placeholders for ``project``, in ``lang``."""
    b = _Builder(session, principal, project, lang)
    if kind == "status_report":
        # The weekly report's own content (written or generated at the latest status date).
        content = export_content(session, principal, project.id, None)
        return {"document": b.document(kind), **content.to_template_context(lang)}
    context: dict[str, Any] = {"document": b.document(kind), "project": b.project_values()}
    if kind == "risk_register":
        risks = b.risks()
        return {**context, "risks": risks, "summary": b.summary(risks)}
    context.update(
        objectives=b.objectives(),
        phases=b.phases(),
        milestones=b.milestones(),
        team=b.team(),
        risks=b.risks(),
        budget=b.budget(),
    )
    if kind == "plan":
        context.update(wbs=b.wbs(), issues=b.issues())
    return context
