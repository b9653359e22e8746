"""The demo organisation behind ``pmo demo``: realistic, bilingual and deterministic.

:func:`build_demo` fills an empty schema from a seed; the same seed always builds the same
rows (no wall clock: progress is measured on the fixed status date 2026-11-16).
"""

from openpmo.services.demo.build import build_demo
from openpmo.services.demo.clock import STATUS_DATE
from openpmo.services.demo.org import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "STATUS_DATE", "build_demo"]
