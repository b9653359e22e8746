"""The layout of a project's weekly status report (what management reads first comes first:
health and the manager's summary, then the numbers, then the detail)."""

from __future__ import annotations

from openpmo.io.reports.charts import s_curve_chart
from openpmo.io.reports.content import StatusReportContent
from openpmo.io.reports.layout import Cell, Facts, Image, Layout, Paragraph, Section, Table
from openpmo.io.reports.words import Words

__all__ = ["status_layout"]

EVM_ROWS = (
    "bac",
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac",
    "etc",
    "vac",
    "tcpi_bac",
    "spi_t",
)
_RATIOS = frozenset({"spi", "cpi", "tcpi_bac", "spi_t"})
#: KPI → cell kind (percent KPIs are already in %; the pass rate is a fraction).
KPI_KINDS = {
    "spi": "ratio",
    "sv_percent": "number",
    "cpi": "ratio",
    "cv_percent": "number",
    "eac_over_budget_percent": "number",
    "late_milestones": "int",
    "risk_exposure": "ratio",
    "overdue_issues": "int",
    "overallocation_hours": "number",
    "quality_pass_rate": "percent",
}


def _header(c: StatusReportContent, w: Words) -> Facts:
    p = c.project
    pairs: list[tuple[str, Cell]] = [
        (w("report.field.project"), Cell(f"{p.code}  {p.title(w.language)}")),
        (w("report.field.manager"), Cell(w.label(p.manager))),
        (w("report.field.sponsor"), Cell(w.label(p.sponsor))),
        (w("report.field.program"), Cell(w.label(p.program))),
        (w("report.field.portfolio"), Cell(w.label(p.portfolio))),
        (w("report.field.org_unit"), Cell(w.label(p.org_unit))),
        (w("report.field.phase"), Cell(p.current_phase or "—")),
        (w("report.field.status_date"), Cell(c.status_date, "date")),
        (w("report.field.period"), Cell(w.period(c.period_start, c.period_end))),
        (w("report.field.next_period"), Cell(w.period(c.status_date, c.next_period_end))),
        (w("report.field.budget"), Cell(w.money(p.budget, p.currency))),
        (w("report.field.baseline"), Cell(c.baseline or "—")),
        (w("report.field.overall"), Cell(c.overall.colour, "colour")),
    ]
    if c.review is not None:
        pairs.append((w("report.field.state"), Cell(w.enum("status_report_state", c.review.state))))
    pairs.append((w("report.field.generated"), Cell(w.moment(c.generated_at))))
    return Facts(tuple(pairs))


def _health(c: StatusReportContent, w: Words) -> Section:
    section = Section(w("report.section.health"), w("report.section.health"))
    sentence = w(
        "health.sentence", colour=w.colour(c.overall.colour), reasons=w.concerns(c.overall.reasons)
    )
    rows = []
    for line in (c.overall, *c.dimensions):
        # the overall colour repeats every dimension's reasons: show only what is off target
        reasons = w.concerns(line.reasons) if line is c.overall else w.reasons(line.reasons)
        if line.override_comment:
            reasons = f"{reasons} — {line.override_comment}"
        rows.append(
            (
                Cell(w.dimension(line.dimension)),
                Cell(line.colour, "colour"),
                Cell(line.computed_colour, "colour"),
                Cell(reasons),
            )
        )
    columns = ("dimension", "colour", "computed", "reasons")
    return section.add(
        Paragraph(sentence),
        Table(tuple(w(f"report.col.{k}") for k in columns), tuple(rows), (1.2, 1, 1, 5)),
    )


def _narrative(c: StatusReportContent, w: Words) -> Section:
    section = Section(w("report.section.narrative"), w("report.section.summary"))
    for name in ("summary", "achievements", "next_period_plan", "decisions_needed", "help_needed"):
        text = getattr(c.narrative, name)
        section.add(Paragraph(w(f"report.section.{name}"), "subheading"))
        section.add(
            Paragraph(
                text.strip() if text and text.strip() else w("report.not_written"),
                "body" if text and text.strip() else "note",
            )
        )
    return section


def _evm(c: StatusReportContent, w: Words) -> Section:
    section = Section(w("report.section.evm"), w("report.section.evm"))
    if c.baseline is None:
        section.add(Paragraph(w("report.no_baseline"), "note"))
    rows = []
    for name in EVM_ROWS:
        kind = "ratio" if name in _RATIOS else "money"
        hours_kind = "ratio" if name in _RATIOS else "number"
        rows.append(
            (
                Cell(w(f"report.evm.{name}")),
                Cell(c.money.get(name), kind),
                Cell(c.hours.get(name), hours_kind),
            )
        )
    money = f"{w('report.col.money')} ({c.project.currency})"
    section.add(
        Table(
            (w("report.col.figure"), money, w("report.col.hours")),
            tuple(rows),
            (3, 1.6, 1.2),
            width=0.8,
        )
    )
    if len(c.curve) >= 2:
        png = s_curve_chart(c.curve, c.status_date, c.project.currency, w)
        section.add(Image(png, 1.0, w("report.section.curve")))
    return section


def _kpis(c: StatusReportContent, w: Words) -> Section:
    rows = tuple(
        (Cell(w(f"report.kpi.{name}")), Cell(c.kpis.get(name), kind))
        for name, kind in KPI_KINDS.items()
    )
    table = Table((w("report.col.figure"), w("report.col.value")), rows, (3, 1.4), width=0.6)
    trend = Table(
        (*tuple(w(f"report.col.{k}") for k in ("status_date", "colour")), "SPI", "CPI"),
        tuple(
            (
                Cell(t.status_date, "date"),
                Cell(t.colour, "colour"),
                Cell(t.spi, "ratio"),
                Cell(t.cpi, "ratio"),
            )
            for t in c.trend
        ),
        (1.4, 1, 1, 1),
        width=0.6,
    )
    section = Section(w("report.section.kpis"), w("report.section.kpis"))
    return section.add(table, Paragraph(w("report.section.trend"), "subheading"), trend)


def _milestones(c: StatusReportContent, w: Words) -> Section:
    rows = tuple(
        (
            Cell(w.name(m.name, m.name_zh)),
            Cell(m.baseline_finish, "date"),
            Cell(m.forecast_finish, "date"),
            Cell(m.actual_finish, "date"),
            Cell(m.variance_days, "int"),
            Cell(w(f"report.milestone.{m.state}")),
        )
        for m in c.milestones
    )
    keys = (
        "milestone",
        "baseline_finish",
        "forecast_finish",
        "actual_finish",
        "variance_days",
        "state",
    )
    table = Table(
        tuple(w(f"report.col.{k}") for k in keys),
        rows,
        (3.4, 1.2, 1.2, 1.2, 1, 1.3),
        w("report.none"),
    )
    return Section(w("report.section.milestones"), w("report.section.milestones")).add(table)


def _more(total: int, shown: int, w: Words) -> str | None:
    return w("report.more", count=total - shown) if total > shown else None


def _work(c: StatusReportContent, w: Words) -> list[Section]:
    finished = Table(
        tuple(w(f"report.col.{k}") for k in ("wbs", "task", "assignee", "actual_finish")),
        tuple(
            (
                Cell(t.wbs),
                Cell(w.name(t.name, t.name_zh)),
                Cell(w.label(t.assignee)),
                Cell(t.actual_finish, "date"),
            )
            for t in c.finished
        ),
        (0.8, 4, 1.6, 1.2),
        w("report.none"),
        _more(c.finished_total, len(c.finished), w),
    )
    planned = Table(
        tuple(
            w(f"report.col.{k}") for k in ("wbs", "task", "assignee", "start", "finish", "percent")
        ),
        tuple(
            (
                Cell(t.wbs),
                Cell(w.name(t.name, t.name_zh)),
                Cell(w.label(t.assignee)),
                Cell(t.start, "date"),
                Cell(t.finish, "date"),
                Cell(t.percent_complete, "number"),
            )
            for t in c.planned
        ),
        (0.8, 3.4, 1.5, 1.2, 1.2, 0.9),
        w("report.none"),
        _more(c.planned_total, len(c.planned), w),
    )
    return [
        Section(w("report.section.finished"), w("report.section.finished")).add(finished),
        Section(w("report.section.planned"), w("report.section.planned")).add(planned),
    ]


def _registers(c: StatusReportContent, w: Words) -> list[Section]:
    risks = Table(
        tuple(
            w(f"report.col.{k}")
            for k in ("risk", "probability", "impact", "exposure", "status", "owner", "response")
        ),
        tuple(
            (
                Cell(r.title),
                Cell(r.probability, "percent"),
                Cell(r.impact, "int"),
                Cell(r.exposure, "ratio"),
                Cell(w.enum("risk_status", r.status)),
                Cell(w.label(r.owner)),
                Cell(r.response or ""),
            )
            for r in c.risks
        ),
        (2.6, 0.9, 0.7, 0.9, 1, 1.2, 2.6),
        w("report.none"),
    )
    issues = Table(
        tuple(
            w(f"report.col.{k}") for k in ("issue", "severity", "status", "owner", "due", "overdue")
        ),
        tuple(
            (
                Cell(i.title),
                Cell(i.severity, "int"),
                Cell(w.enum("issue_status", i.status)),
                Cell(w.label(i.owner)),
                Cell(i.due_date, "date"),
                Cell(w.yes_no(i.overdue)),
            )
            for i in c.issues
        ),
        (3.6, 0.9, 1.1, 1.3, 1.2, 0.8),
        w("report.none"),
    )
    actions = Table(
        tuple(w(f"report.col.{k}") for k in ("action", "owner", "due", "status", "overdue")),
        tuple(
            (
                Cell(a.description),
                Cell(w.label(a.owner)),
                Cell(a.due_date, "date"),
                Cell(w.enum("remediation_status", a.status)),
                Cell(w.yes_no(a.overdue)),
            )
            for a in c.actions
        ),
        (4.4, 1.3, 1.2, 1.1, 0.8),
        w("report.none"),
    )
    return [
        Section(w("report.section.risks"), w("report.section.risks")).add(risks),
        Section(w("report.section.issues"), w("report.section.issues")).add(issues),
        Section(w("report.section.actions"), w("report.section.actions")).add(actions),
    ]


def _review(c: StatusReportContent, w: Words) -> Section | None:
    r = c.review
    if r is None or r.submitted_at is None:
        return None
    pairs = [
        (w("report.field.state"), Cell(w.enum("status_report_state", r.state))),
        (w("report.field.submitted"), Cell(f"{r.submitted_by or '—'}  {w.moment(r.submitted_at)}")),
    ]
    if r.reviewed_at is not None:
        pairs.append(
            (w("report.field.reviewed"), Cell(f"{r.reviewed_by or '—'}  {w.moment(r.reviewed_at)}"))
        )
    if r.review_comment:
        pairs.append((w("report.field.review_comment"), Cell(r.review_comment)))
    return Section(w("report.section.history"), w("report.section.history")).add(
        Facts(tuple(pairs))
    )


def status_layout(c: StatusReportContent, w: Words) -> Layout:
    review = c.review
    frozen = review is not None and review.state in ("submitted", "accepted")
    note = (
        w("report.frozen", date=w.moment(review.submitted_at))
        if frozen and review is not None
        else w("report.live")
    )
    layout = Layout(
        title=w("report.title.status"),
        subtitle=f"{c.project.code}  {c.project.title(w.language)}  ·  {c.status_date.isoformat()}",
        words=w,
        facts=_header(c, w),
        note=note,
        footer=f"{c.project.code} · {w('report.title.status')} · {c.status_date.isoformat()}",
    )
    layout.sections = [
        _health(c, w),
        _narrative(c, w),
        _evm(c, w),
        _kpis(c, w),
        _milestones(c, w),
        *_work(c, w),
        *_registers(c, w),
    ]
    review_section = _review(c, w)
    if review_section is not None:
        layout.sections.append(review_section)
    return layout
