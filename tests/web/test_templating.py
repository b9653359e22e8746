"""The Python-side helpers of the templates: escaping, language, the selected option."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpmo.enums import ProjectStatus
from openpmo.services.overview import Named, ProjectRow
from openpmo.web.listing import project_table
from openpmo.web.templating import select_options

OPTIONS = ((1, "Alpha <&>", "甲"), (12, "Beta", None), (2, "Gamma", "丙"))


def test_options_are_escaped_in_the_users_language_and_one_is_selected() -> None:
    html = select_options(OPTIONS, 12, "en")
    assert html == (
        '<option value="1">Alpha &lt;&amp;&gt;</option>'
        '<option value="12" selected>Beta</option>'
        '<option value="2">Gamma</option>'
    )
    zh = select_options(OPTIONS, 1, "zh-CN")
    assert zh == (
        '<option value="1" selected>甲</option>'
        '<option value="12">Beta</option>'  # no Chinese name: the name
        '<option value="2">丙</option>'
    )


def test_selecting_one_option_never_marks_another_whose_id_starts_alike() -> None:
    assert select_options(OPTIONS, 1, "en").count("selected") == 1
    assert 'value="12" selected' not in select_options(OPTIONS, 1, "en")
    assert "selected" not in select_options(OPTIONS, None, "en")
    assert "selected" not in select_options(OPTIONS, 99, "en")  # gone since: none marked


def test_project_table_cells_are_formatted_in_the_users_language() -> None:
    row = ProjectRow(
        id=7,
        code="P-007",
        name="Data platform",
        name_zh="数据平台",
        status=ProjectStatus.ON_HOLD,
        manager_id=3,
        planned_start=date(2026, 1, 5),
        planned_finish=None,
        budget=Decimal("1234567.5"),
        currency="CNY",
        priority=80,
        manager_name="Li Lei",
        manager_name_zh="李雷",
    )
    managers = {3: Named(3, "Li Lei", "李雷")}
    (en,) = project_table([row], managers, "en")
    assert en == (
        7,
        "P-007",
        "Data platform",
        "on_hold",
        "On hold",
        "Li Lei",
        "2026-01-05",
        "",
        "1,234,568",
        "CNY",
        80,
    )
    (zh,) = project_table([row], managers, "zh-CN")
    assert (zh[2], zh[5]) == ("数据平台", "李雷")
    assert zh[4] != "On hold"
    (orphan,) = project_table([row], {}, "en")
    assert orphan[5] == "—"
