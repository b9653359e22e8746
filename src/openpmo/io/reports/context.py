"""A status report as a plain dict, to fill a PMO's Word template (docxtpl) with.

:func:`status_context` returns only strings, numbers, booleans, ``None``, and lists of dicts of
those, in the report's language. Keys (``{{ key }}`` in a template; ``{% for t in
finished_tasks %}`` for lists):

* ``language`` — ``en`` or ``zh-CN``; ``title`` — "Weekly status report" / "项目周报".
* Project: ``project_code``, ``project_name`` (in the language), ``project_name_en``,
  ``project_name_zh``, ``project_status`` (label), ``manager``, ``sponsor``, ``program``,
  ``portfolio``, ``org_unit``, ``phase``, ``currency``, ``budget`` (number), ``budget_text``,
  ``planned_start``, ``planned_finish``.
* Dates (``YYYY-MM-DD``): ``status_date``, ``period_start``, ``period_end``,
  ``next_period_start`` (the status date), ``next_period_end``; ``generated_at``
  (``YYYY-MM-DD HH:MM``, China time); ``baseline`` (its number and name, or ``None``).
* Health: ``overall_colour`` (``green``/``amber``/``red``/``grey``), ``overall_colour_label``,
  ``overall_computed_colour``, ``overall_reasons`` (one sentence), ``overall_sentence``
  ("Amber: 3 issues overdue"); ``health`` — a list of ``{dimension, dimension_label, colour,
  colour_label, computed_colour, reasons, override_comment}`` (overall first).
* Earned value: ``evm`` — ``{bac, pv, ev, ac, sv, cv, spi, cpi, eac, etc, vac, tcpi_bac,
  spi_t}`` as numbers (money in the project's currency), ``evm_text`` — the same formatted,
  ``evm_hours`` — the figures in hours; ``kpis`` — ``{spi, sv_percent, cpi, cv_percent,
  eac_over_budget_percent, late_milestones, risk_exposure, overdue_issues,
  overallocation_hours, quality_pass_rate}`` as numbers, ``kpis_text`` formatted.
* Lists: ``finished_tasks`` and ``planned_tasks`` — ``{wbs, name, assignee, start, finish,
  actual_finish, percent_complete}``, with ``finished_total`` and ``planned_total``;
  ``milestones`` — ``{wbs, name, baseline_finish, forecast_finish, actual_finish, state,
  state_label, variance_days}``; ``risks`` — ``{title, probability, impact, exposure,
  status, status_label, owner, due_date, response}``; ``issues`` — ``{title, severity,
  status, status_label, owner, due_date, overdue}``; ``actions`` — ``{description, owner,
  due_date, status, status_label, overdue}``; ``trend`` — ``{status_date, colour,
  colour_label, spi, cpi}``.
* Narrative: ``summary``, ``achievements``, ``next_period_plan``, ``decisions_needed``,
  ``help_needed`` (text or ``""``).
* Review: ``state``, ``state_label``, ``author``, ``submitted_at``, ``submitted_by``,
  ``reviewed_at``, ``reviewed_by``, ``review_comment`` (``""`` when not reviewed).
"""

from __future__ import annotations

from typing import Any

from openpmo.io.reports.content import StatusReportContent
from openpmo.io.reports.status_layout import EVM_ROWS, KPI_KINDS
from openpmo.io.reports.words import Words

__all__ = ["status_context"]


def _project(c: StatusReportContent, w: Words) -> dict[str, Any]:
    p = c.project
    return {
        "project_code": p.code,
        "project_name": p.title(w.language),
        "project_name_en": p.name,
        "project_name_zh": p.name_zh or p.name,
        "project_status": w.enum("project_status", p.status),
        "manager": w.label(p.manager),
        "sponsor": w.label(p.sponsor),
        "program": w.label(p.program),
        "portfolio": w.label(p.portfolio),
        "org_unit": w.label(p.org_unit),
        "phase": p.current_phase or "",
        "currency": p.currency,
        "budget": p.budget,
        "budget_text": w.money(p.budget, p.currency),
        "planned_start": w.day(p.planned_start),
        "planned_finish": w.day(p.planned_finish),
    }


def _health(c: StatusReportContent, w: Words) -> dict[str, Any]:
    o = c.overall
    return {
        "overall_colour": o.colour,
        "overall_colour_label": w.colour(o.colour),
        "overall_computed_colour": o.computed_colour,
        "overall_reasons": w.reasons(o.reasons),
        "overall_sentence": w(
            "health.sentence", colour=w.colour(o.colour), reasons=w.reasons(o.reasons)
        ),
        "health": [
            {
                "dimension": d.dimension,
                "dimension_label": w.dimension(d.dimension),
                "colour": d.colour,
                "colour_label": w.colour(d.colour),
                "computed_colour": d.computed_colour,
                "reasons": w.reasons(d.reasons),
                "override_comment": d.override_comment or "",
            }
            for d in (o, *c.dimensions)
        ],
    }


def _figures(c: StatusReportContent, w: Words) -> dict[str, Any]:
    ratios = {"spi", "cpi", "tcpi_bac", "spi_t"}
    return {
        "evm": {k: c.money.get(k) for k in EVM_ROWS},
        "evm_text": {
            k: w.ratio(c.money.get(k)) if k in ratios else w.money(c.money.get(k)) for k in EVM_ROWS
        },
        "evm_hours": {k: c.hours.get(k) for k in EVM_ROWS},
        "kpis": {k: c.kpis.get(k) for k in KPI_KINDS},
        "kpis_text": {
            k: w.percent(c.kpis.get(k)) if kind == "percent" else w.number(c.kpis.get(k), 2)
            for k, kind in KPI_KINDS.items()
        },
    }


def _lists(c: StatusReportContent, w: Words) -> dict[str, Any]:
    def task(t: Any) -> dict[str, Any]:
        return {
            "wbs": t.wbs,
            "name": w.name(t.name, t.name_zh),
            "assignee": w.label(t.assignee),
            "start": w.day(t.start),
            "finish": w.day(t.finish),
            "actual_finish": w.day(t.actual_finish),
            "percent_complete": t.percent_complete,
        }

    return {
        "finished_tasks": [task(t) for t in c.finished],
        "finished_total": c.finished_total,
        "planned_tasks": [task(t) for t in c.planned],
        "planned_total": c.planned_total,
        "milestones": [
            {
                "wbs": m.wbs,
                "name": w.name(m.name, m.name_zh),
                "baseline_finish": w.day(m.baseline_finish),
                "forecast_finish": w.day(m.forecast_finish),
                "actual_finish": w.day(m.actual_finish),
                "state": m.state,
                "state_label": w(f"report.milestone.{m.state}"),
                "variance_days": m.variance_days,
            }
            for m in c.milestones
        ],
        "risks": [
            {
                "title": r.title,
                "probability": r.probability,
                "impact": r.impact,
                "exposure": r.exposure,
                "status": r.status,
                "status_label": w.enum("risk_status", r.status),
                "owner": w.label(r.owner),
                "due_date": w.day(r.due_date),
                "response": r.response or "",
            }
            for r in c.risks
        ],
        "issues": [
            {
                "title": i.title,
                "severity": i.severity,
                "status": i.status,
                "status_label": w.enum("issue_status", i.status),
                "owner": w.label(i.owner),
                "due_date": w.day(i.due_date),
                "overdue": i.overdue,
            }
            for i in c.issues
        ],
        "actions": [
            {
                "description": a.description,
                "owner": w.label(a.owner),
                "due_date": w.day(a.due_date),
                "status": a.status,
                "status_label": w.enum("remediation_status", a.status),
                "overdue": a.overdue,
            }
            for a in c.actions
        ],
        "trend": [
            {
                "status_date": w.day(t.status_date),
                "colour": t.colour,
                "colour_label": w.colour(t.colour),
                "spi": t.spi,
                "cpi": t.cpi,
            }
            for t in c.trend
        ],
    }


def _review(c: StatusReportContent, w: Words) -> dict[str, Any]:
    r = c.review
    state = r.state if r is not None else "draft"
    return {
        "state": state,
        "state_label": w.enum("status_report_state", state),
        "author": (r.author if r else None) or "",
        "submitted_at": w.moment(r.submitted_at) if r and r.submitted_at else "",
        "submitted_by": (r.submitted_by if r else None) or "",
        "reviewed_at": w.moment(r.reviewed_at) if r and r.reviewed_at else "",
        "reviewed_by": (r.reviewed_by if r else None) or "",
        "review_comment": (r.review_comment if r else None) or "",
    }


def status_context(c: StatusReportContent, language: str = "en") -> dict[str, Any]:
    """The report as a plain dict in ``language`` (see the module docstring for the keys)."""
    w = Words.of(language)
    n = c.narrative
    return {
        "language": w.language,
        "title": w("report.title.status"),
        **_project(c, w),
        "status_date": w.day(c.status_date),
        "period_start": w.day(c.period_start),
        "period_end": w.day(c.period_end),
        "next_period_start": w.day(c.status_date),
        "next_period_end": w.day(c.next_period_end),
        "generated_at": w.moment(c.generated_at),
        "baseline": c.baseline,
        **_health(c, w),
        **_figures(c, w),
        **_lists(c, w),
        "summary": n.summary or "",
        "achievements": n.achievements or "",
        "next_period_plan": n.next_period_plan or "",
        "decisions_needed": n.decisions_needed or "",
        "help_needed": n.help_needed or "",
        **_review(c, w),
    }
