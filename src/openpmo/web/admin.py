"""Administration for admins and PMO staff: users, the org tree, PMOs, the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from openpmo.db.models import OrgUnit
from openpmo.enums import Role
from openpmo.services import audit, authz, org_units, overview, pmos, users
from openpmo.web.deps import Page, PageContext
from openpmo.web.errors import PageRoute
from openpmo.web.listing import Listing

__all__ = ["router"]

router = APIRouter(route_class=PageRoute)

#: Entities whose changes the audit log shows, for its filter.
AUDITED = (
    "project",
    "task",
    "dependency",
    "risk",
    "issue",
    "resource",
    "skill",
    "user",
    "org_unit",
    "pmo",
    "portfolio",
    "program",
    "strategic_objective",
)
_ALL = 5000


@dataclass(frozen=True)
class UnitRow:
    unit: OrgUnit
    depth: int


def _tree(units: list[OrgUnit]) -> list[UnitRow]:
    """The org units depth-first, each under its parent."""
    children: dict[int | None, list[OrgUnit]] = {}
    ids = {u.id for u in units}
    for unit in sorted(units, key=lambda u: u.code):
        parent = unit.parent_id if unit.parent_id in ids else None
        children.setdefault(parent, []).append(unit)
    rows: list[UnitRow] = []
    stack = [(u, 0) for u in reversed(children.get(None, []))]
    while stack:
        unit, depth = stack.pop()
        rows.append(UnitRow(unit, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(unit.id, [])))
    return rows


def _admin(page: PageContext, section: str, context: dict[str, object]) -> Response:
    authz.ensure_role(page.principal, Role.PMO, action="admin")
    return page.render(f"admin/{section}.html", {"section": section, **context})


@router.get("/admin", include_in_schema=False)
def admin_home(page: Page) -> Response:
    authz.ensure_role(page.principal, Role.PMO, action="admin")
    return RedirectResponse("/admin/users", status_code=303)


@router.get("/admin/users", include_in_schema=False)
def admin_users(request: Request, page: Page) -> Response:
    listing = Listing.of(request, ("username", "full_name", "role"), "username")
    items, total = users.users.list(
        page.session,
        page.principal,
        q=listing.get("q"),
        sort=listing.sort,
        limit=listing.per_page,
        offset=listing.offset,
    )
    return _admin(page, "users", {"listing": listing, "users": items, "total": total})


@router.get("/admin/org-units", include_in_schema=False)
def admin_org_units(page: Page) -> Response:
    units, _ = org_units.org_units.list(page.session, page.principal, limit=_ALL)
    return _admin(page, "org_units", {"rows": _tree(units)})


@router.get("/admin/pmos", include_in_schema=False)
def admin_pmos(page: Page) -> Response:
    items, _ = pmos.pmos.list(page.session, page.principal, limit=_ALL)
    return _admin(page, "pmos", {"pmos": items})


@router.get("/admin/audit", include_in_schema=False)
def admin_audit(request: Request, page: Page) -> Response:
    listing = Listing.of(request)
    entity = listing.get("entity")
    entity = entity if entity in AUDITED else None
    entries, total = audit.list_audit(
        page.session, page.principal, entity=entity, limit=listing.per_page, offset=listing.offset
    )
    context = {
        "listing": listing,
        "entries": entries,
        "total": total,
        "entity": entity,
        "entities": AUDITED,
        "usernames": overview.usernames(page.session, (e.user_id for e in entries)),
    }
    return _admin(page, "audit", context)
