"""Status, program and PMO reports as files: Word (.docx), Excel (.xlsx) and PDF.

Pure: content (:mod:`openpmo.io.reports.content`) in, bytes out
(:func:`openpmo.io.reports.render.render`); no database. Charts are drawn with matplotlib;
Chinese text uses Noto Sans CJK SC, shipped by the ``mplfonts`` package (SIL Open Font
License), see :mod:`openpmo.io.reports.fonts`. The renderers are imported on first use, so
reading content does not load matplotlib.
"""

from openpmo.io.reports.content import PortfolioReportContent, StatusReportContent

__all__ = ["PortfolioReportContent", "StatusReportContent"]
