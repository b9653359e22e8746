"""The layout of a program report and of a PMO operating report."""

from __future__ import annotations

from openpmo.io.reports.charts import health_trend_chart, kpi_trend_chart, rag_matrix_chart
from openpmo.io.reports.content import DIMENSIONS as _DIMENSIONS
from openpmo.io.reports.content import PortfolioReportContent
from openpmo.io.reports.layout import Cell, Facts, Image, Layout, Paragraph, Section, Table
from openpmo.io.reports.words import Words

__all__ = ["portfolio_layout"]

#: Projects drawn in the RAG matrix chart (the least healthy; the table lists all).
RAG_CHART_ROWS = 30
#: Projects listed in a printed report (least healthy first); the workbook lists all.
PRINTED_PROJECTS = 60
_COLOURS = ("green", "amber", "red", "grey")


def _header(c: PortfolioReportContent, w: Words) -> Facts:
    s = c.scope
    pairs: list[tuple[str, Cell]] = []
    if s.kind == "program":
        pairs += [
            (w("report.field.program"), Cell(f"{s.code}  {s.title(w.language)}")),
            (w("report.field.portfolio"), Cell(w.label(s.parent))),
            (w("report.field.manager"), Cell(w.label(s.manager))),
        ]
    else:
        kind, _, level = (s.detail or "/").partition("/")
        detail = f"{w.enum('pmo_type', kind)} · {w.enum('pmo_level', level)}" if level else "—"
        pairs += [
            (w("report.field.pmo"), Cell(s.title(w.language))),
            (w("report.field.org_unit"), Cell(w.label(s.parent))),
            (w("report.field.pmo_type"), Cell(detail)),
        ]
    pairs += [
        (w("report.field.as_of"), Cell(c.as_of, "date")),
        (w("report.field.projects"), Cell(sum(x.count for x in c.statuses), "int")),
        (w("report.field.currency"), Cell(c.currency)),
        (w("report.field.generated"), Cell(w.moment(c.generated_at))),
    ]
    return Facts(tuple(pairs))


def _summary(c: PortfolioReportContent, w: Words) -> Section:
    rows = [
        (Cell(w.enum("project_status", x.status)), Cell(x.count, "int"), Cell(x.budget, "money"))
        for x in c.statuses
        if x.count
    ]
    rows.append(
        (
            Cell(w("report.col.total")),
            Cell(sum(x.count for x in c.statuses), "int"),
            Cell(round(sum(x.budget for x in c.statuses), 2), "money"),
        )
    )
    budget = f"{w('report.col.budget')} ({c.currency})"
    statuses = Table(
        (w("report.col.status"), w("report.col.count"), budget), tuple(rows), (2, 1, 2), width=0.6
    )
    t = c.totals
    kinds = {"spi": "ratio", "cpi": "ratio"}
    totals = Facts(
        tuple(
            (w(f"report.evm.{name}"), Cell(t.get(name), kinds.get(name, "money")))
            for name in ("bac", "pv", "ev", "ac", "eac", "spi", "cpi")
        ),
        width=0.6,
    )
    section = Section(w("report.section.portfolio_summary"), w("report.section.portfolio_summary"))
    return section.add(statuses, Paragraph(w("report.totals"), "subheading"), totals)


def _health(c: PortfolioReportContent, w: Words) -> Section:
    total = sum(c.health_counts.values()) or 1
    rows = tuple(
        (
            Cell(colour, "colour"),
            Cell(c.health_counts.get(colour, 0), "int"),
            Cell(c.health_counts.get(colour, 0) / total, "percent"),
        )
        for colour in _COLOURS
    )
    table = Table((w("report.col.colour"), w("report.col.count"), "%"), rows, (2, 1, 1), width=0.45)
    section = Section(
        w("report.section.health_distribution"), w("report.section.health_distribution")
    )
    section.add(table)
    if c.trend:
        section.add(
            Image(health_trend_chart(c.trend, w), 1.0, w("report.section.health_distribution"))
        )
    if c.without_status_date:
        section.add(Paragraph(w("report.section.without_status"), "subheading"))
        section.add(Paragraph(", ".join(c.without_status_date), "note"))
    return section


def _rag(c: PortfolioReportContent, w: Words) -> Section:
    section = Section(w("report.section.rag"), w("report.section.rag"))
    if c.projects:
        shown = c.projects[:RAG_CHART_ROWS]
        section.add(
            Image(rag_matrix_chart(shown, w, len(c.projects)), 1.0, w("report.section.rag"))
        )
    columns = (
        w("report.col.project"),
        w("report.col.name"),
        w("report.col.status_date"),
        *(w.dimension(d) for d in _DIMENSIONS),
        "SPI",
        "CPI",
        f"EAC ({c.currency})",
        w("report.col.reasons"),
    )
    rows = tuple(
        (
            Cell(p.code),
            Cell(w.name(p.name, p.name_zh)),
            Cell(p.status_date, "date"),
            *(Cell(p.colours.get(d, "grey"), "colour") for d in _DIMENSIONS),
            Cell(p.spi, "ratio"),
            Cell(p.cpi, "ratio"),
            Cell(p.eac, "money"),
            Cell(w.concerns(p.reasons)),
        )
        for p in c.projects
    )
    widths = (1.5, 2.6, 1.25, *(0.9,) * 6, 0.65, 0.65, 1.5, 4.0)
    table = Table(
        columns,
        rows,
        widths,
        w("report.none"),
        print_rows=PRINTED_PROJECTS,
        print_more=w("report.more_in_workbook", count="{count}"),
    )
    return section.add(Paragraph(w("report.section.project_health"), "subheading"), table)


def _trend(c: PortfolioReportContent, w: Words) -> Section:
    section = Section(w("report.section.kpi_trend"), w("report.section.kpi_trend"))
    columns = (w("report.col.status_date"), *(w.colour(x) for x in _COLOURS[:3]), "SPI", "CPI")
    rows = tuple(
        (
            Cell(t.status_date, "date"),
            *(Cell(t.counts.get(x, 0), "int") for x in _COLOURS[:3]),
            Cell(t.spi, "ratio"),
            Cell(t.cpi, "ratio"),
        )
        for t in c.trend
    )
    section.add(Table(columns, rows, (1.6, 1, 1, 1, 1, 1), w("report.none"), width=0.7))
    if len(c.trend) >= 2:
        section.add(Image(kpi_trend_chart(c.trend, w), 1.0, w("report.section.kpi_trend")))
    return section


def _escalations(c: PortfolioReportContent, w: Words) -> Section:
    rows = tuple(
        (
            Cell(e.project),
            Cell(e.title(w.language)),
            Cell(w(f"report.escalation.{e.kind}")),
            Cell(w.dimension(e.dimension)),
            Cell(e.colour, "colour"),
            Cell(e.computed_colour, "colour"),
            Cell(e.comment if e.comment else w.concerns(e.reasons)),
        )
        for e in c.escalations
    )
    keys = ("project", "name", "kind", "dimension", "colour", "computed", "reasons")
    table = Table(
        tuple(w(f"report.col.{k}") for k in keys),
        rows,
        (1.5, 2.4, 1, 1, 0.9, 0.9, 4.2),
        w("report.none"),
    )
    return Section(w("report.section.escalations"), w("report.section.escalations")).add(table)


def _remediation(c: PortfolioReportContent, w: Words) -> Section:
    r = c.remediation
    facts = Facts(
        (
            *((w.enum("remediation_status", k), Cell(v, "int")) for k, v in r.counts.items()),
            (w("report.col.overdue"), Cell(r.overdue, "int")),
        ),
        width=0.45,
    )
    rows = tuple(
        (
            Cell(a.project or ""),
            Cell(a.description),
            Cell(w.label(a.owner)),
            Cell(a.due_date, "date"),
            Cell(w.enum("remediation_status", a.status)),
            Cell(w.yes_no(a.overdue)),
        )
        for a in r.open
    )
    keys = ("project", "action", "owner", "due", "status", "overdue")
    table = Table(
        tuple(w(f"report.col.{k}") for k in keys),
        rows,
        (1.5, 4.2, 1.3, 1.1, 1, 0.8),
        w("report.none"),
    )
    section = Section(w("report.section.remediation"), w("report.section.remediation"))
    return section.add(facts, Paragraph(w("report.section.actions"), "subheading"), table)


def _utilisation(c: PortfolioReportContent, w: Words) -> Section:
    columns = (
        w("report.col.org_unit"),
        w("report.col.capacity"),
        w("report.col.demand"),
        w("report.col.utilisation"),
        *c.utilisation_periods,
    )
    rows = tuple(
        (
            Cell(w.label(u.label)),
            Cell(u.capacity, "number"),
            Cell(u.demand, "number"),
            Cell(u.utilisation, "percent"),
            *(Cell(v, "percent") for v in u.periods),
        )
        for u in c.utilisation
    )
    widths = (2.6, 1.2, 1.2, 1.1, *(1.0,) * len(c.utilisation_periods))
    table = Table(columns, rows, widths, w("report.none"))
    return Section(w("report.section.utilisation"), w("report.section.utilisation")).add(table)


def _pipeline(c: PortfolioReportContent, w: Words) -> Section:
    section = Section(w("report.section.pipeline"), w("report.section.pipeline"))
    if c.pipeline_source is not None:
        section.add(Paragraph(w("report.pipeline_of", pmo=w.label(c.pipeline_source)), "note"))
    rows = tuple(
        (Cell(w.enum("proposal_status", p.state)), Cell(p.count, "int"), Cell(p.requested, "money"))
        for p in c.pipeline
    )
    requested = f"{w('report.col.requested')} ({c.currency})"
    columns = (w("report.col.state"), w("report.col.count"), requested)
    return section.add(Table(columns, rows, (2, 1, 2), w("report.none"), width=0.6))


def portfolio_layout(c: PortfolioReportContent, w: Words) -> Layout:
    key = "report.title.program" if c.scope.kind == "program" else "report.title.pmo"
    title = w(key)
    layout = Layout(
        title=title,
        subtitle=f"{c.scope.title(w.language)}  ·  {c.as_of.isoformat()}",
        words=w,
        facts=_header(c, w),
        footer=f"{c.scope.title(w.language)} · {title} · {c.as_of.isoformat()}",
    )
    layout.sections = [
        _summary(c, w),
        _health(c, w),
        _escalations(c, w),
        _rag(c, w),
        _trend(c, w),
        _remediation(c, w),
        _utilisation(c, w),
        _pipeline(c, w),
    ]
    return layout
