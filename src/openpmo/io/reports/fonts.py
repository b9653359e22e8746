"""The CJK font of the reports: Noto Sans CJK SC (Regular), shipped by the ``mplfonts`` package.

Noto Sans CJK SC is under the SIL Open Font License 1.1, which allows embedding it (subset)
in documents. We locate the file inside the installed ``mplfonts`` package, without importing
the package (its import sets up matplotlib) and never from a system font path, so a report
looks the same on every machine.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

__all__ = ["FONT_NAME", "WORD_EAST_ASIAN_FONT", "WORD_LATIN_FONT", "cjk_font_path"]

#: The font's family name (as PDF readers and matplotlib show it).
FONT_NAME = "Noto Sans CJK SC"
#: Fonts a Word document names (Word documents reference fonts, they do not embed them):
#: Chinese in Microsoft YaHei (微软雅黑, on every Windows machine; other readers substitute
#: their own Chinese font), Latin text in Calibri.
WORD_EAST_ASIAN_FONT = "Microsoft YaHei"
WORD_LATIN_FONT = "Calibri"
_FILE = "fonts/NotoSansCJKsc-Regular.otf"


@cache
def cjk_font_path() -> Path:
    """The path of ``NotoSansCJKsc-Regular.otf`` in the installed ``mplfonts`` package."""
    spec = importlib.util.find_spec("mplfonts")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / _FILE
        if path.is_file():
            return path
    raise FileNotFoundError(
        f"{_FILE} not found: install the 'mplfonts' package (it ships Noto Sans CJK SC)"
    )
