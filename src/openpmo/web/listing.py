"""Lists in pages: the query string of a list page, its sort links and its pager."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from openpmo.i18n import translate
from openpmo.web.templating import iso_date, local_name, money

__all__ = ["PER_PAGE", "Listing", "int_param", "project_table"]

PER_PAGE = 50


def int_param(value: str | None) -> int | None:
    """A whole number from the query string, or ``None`` when absent or malformed."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Listing:
    """The state of a list page (filters, sort, page) read from its query string."""

    path: str
    params: tuple[tuple[str, str], ...]
    sortable: tuple[str, ...]
    default_sort: str
    per_page: int = PER_PAGE

    @classmethod
    def of(cls, request: Request, sortable: Sequence[str] = (), default_sort: str = "") -> Listing:
        params = tuple((k, v) for k, v in request.query_params.multi_items() if v != "")
        return cls(request.url.path, params, tuple(sortable), default_sort)

    def get(self, name: str) -> str | None:
        return next((v for k, v in self.params if k == name), None)

    def get_all(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]

    @property
    def page(self) -> int:
        return max(int_param(self.get("page")) or 1, 1)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def sort(self) -> str:
        """The requested sort if it is allowed (``name`` or ``-name``), else the default."""
        value = self.get("sort") or ""
        return value if value.lstrip("-") in self.sortable else self.default_sort

    def url(self, *, drop: Sequence[str] = (), **changes: str | int | None) -> str:
        """This page's address with ``changes`` (``None`` removes) and ``drop`` removed."""
        removed = {*drop, *changes}
        kept = [(k, v) for k, v in self.params if k not in removed]
        kept += [(k, str(v)) for k, v in changes.items() if v is not None]
        return f"{self.path}?{urlencode(kept)}" if kept else self.path

    def toggled(self, name: str, value: str) -> str:
        """The address with ``value`` added to or removed from the multi-valued ``name``."""
        values = self.get_all(name)
        values = [v for v in values if v != value] if value in values else [*values, value]
        kept = [(k, v) for k, v in self.params if k not in (name, "page")]
        kept += [(name, v) for v in values]
        return f"{self.path}?{urlencode(kept)}" if kept else self.path

    def sort_state(self, column: str) -> str:
        """``"asc"``, ``"desc"`` or ``""`` for the column header's indicator."""
        first = self.sort.split(",")[0]
        if first == column:
            return "asc"
        return "desc" if first == f"-{column}" else ""

    def sort_url(self, column: str) -> str:
        """Clicking a header sorts by it ascending, clicking again descending."""
        target = f"-{column}" if self.sort_state(column) == "asc" else column
        return self.url(sort=target, page=None)

    def pages(self, total: int) -> int:
        return max((total + self.per_page - 1) // self.per_page, 1)

    def hidden(self, *names: str) -> list[tuple[str, str]]:
        """The parameters a filter form must carry along (e.g. the sort) as hidden fields."""
        return [(k, v) for k, v in self.params if k in names]


def project_table(
    projects: Iterable[Any], managers_by_id: Mapping[int, Any], lang: str
) -> list[tuple[Any, ...]]:
    """The cells of ``_projects_table.html``, formatted here in one loop.

    The table is the portfolio page's hot path: formatting each cell in the template
    (filters, attribute look-ups, a macro per badge) cost more than the page's queries.
    Each row is (id, code, name, status, status label, manager, start, finish, budget,
    currency, priority); the template escapes them.
    """
    labels: dict[str, str] = {}
    rows = []
    for p in projects:
        status = p.status.value
        if status not in labels:
            labels[status] = translate(f"web.enum.project_status.{status}", lang)
        manager = managers_by_id.get(p.manager_id) if p.manager_id is not None else None
        rows.append(
            (
                p.id,
                p.code,
                local_name(p, lang),
                status,
                labels[status],
                local_name(manager, lang) if manager is not None else "—",
                iso_date(p.planned_start),
                iso_date(p.planned_finish),
                money(p.budget),
                p.currency,
                p.priority,
            )
        )
    return rows
