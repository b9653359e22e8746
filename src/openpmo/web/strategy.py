"""The strategy map: the objectives tree with targets and measures, each objective's
contributing projects and proposals, progress derived from its projects, and the coverage
gaps both ways with the budget by objective (all from :mod:`openpmo.services.alignment`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from fastapi import APIRouter
from starlette.responses import Response

from openpmo.errors import NotFound
from openpmo.i18n import translate
from openpmo.services import alignment
from openpmo.web.charts import BarSeries, bar_chart
from openpmo.web.deps import Page
from openpmo.web.errors import PageRoute
from openpmo.web.intake import bilingual
from openpmo.web.listing import int_param

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)


def _tree(objectives: list[dict[str, Any]], root: int | None) -> list[tuple[int, dict[str, Any]]]:
    """The objectives depth first with their depth, from ``root`` (``None``: every root)."""
    children: dict[int | None, list[dict[str, Any]]] = {}
    ids = {o["id"] for o in objectives}
    for o in objectives:
        parent = o["parent_id"] if o["parent_id"] in ids else None
        children.setdefault(parent, []).append(o)
    start = (
        [o for o in objectives if o["id"] == root] if root is not None else children.get(None, [])
    )
    out: list[tuple[int, dict[str, Any]]] = []
    stack = [(0, o) for o in reversed(start)]
    while stack:
        depth, node = stack.pop()
        out.append((depth, node))
        stack.extend((depth + 1, c) for c in reversed(children.get(node["id"], [])))
    return out


def _budget_chart(rows: list[tuple[int, dict[str, Any]]], lang: str) -> Any:
    """Budget of the top level shown (subtrees summed, so nothing counts twice)."""
    top = [o for depth, o in rows if depth == 0]
    if len(top) == 1:
        top = [o for depth, o in rows if depth == 1] or top
    currencies = Counter(c for o in top for c in o["budget"])
    currency = currencies.most_common(1)[0][0] if currencies else "CNY"
    return bar_chart(
        [o["code"] for o in top],
        [
            BarSeries(
                currency,
                [o["budget"].get(currency, 0.0) for o in top],
                css="series-0",
                labels=[
                    f"{o['code']} {o['name_zh'] if lang == 'zh-CN' and o['name_zh'] else o['name']}"
                    f": {o['budget'].get(currency, 0.0):,.0f} {currency}"
                    for o in top
                ],
            )
        ],
        label=translate("web.strategy.budget_chart", lang),
        empty=translate("web.strategy.no_objectives", lang),
        height=220,
    )


@router.get("/strategy", include_in_schema=False)
def strategy_map(page: Page, focus: str | None = None) -> Response:
    coverage = alignment.coverage(page.session, page.principal)
    root = int_param(focus)
    if focus is not None and (root is None or all(o["id"] != root for o in coverage["objectives"])):
        raise NotFound(entity="objective", id=focus)
    rows = _tree(coverage["objectives"], root)
    names = {o["id"]: o for o in coverage["objectives"]}
    context = {
        "rows": rows,
        "focus": names.get(root) if root is not None else None,
        "parent": names.get(names[root]["parent_id"]) if root is not None else None,
        "contributors": alignment.contributors(page.session, page.principal),
        "orphans": [names[i] for i in coverage["objectives_without_projects"]],
        "unaligned": coverage["projects_without_objectives"],
        "chart": _budget_chart(rows, page.lang),
        "bi": lambda text: bilingual(text, page.lang),
        "local": lambda o: o["name_zh"] if page.lang == "zh-CN" and o.get("name_zh") else o["name"],
    }
    return page.render("strategy.html", context)
