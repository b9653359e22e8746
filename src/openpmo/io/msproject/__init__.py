"""Microsoft Project XML (MSPDI) in and out, pure: files ↔ frozen dataclasses.

:func:`read_mspdi` reads a file into an :class:`MsProject` (tasks with their outline, links in
our link codes, calendars, resources, assignments); :func:`write_mspdi` writes one back in the
element order of Microsoft's schema; :func:`engine_calendar` turns an MSPDI calendar (with its
base) into an :class:`openpmo.engines.calendars.Calendar`. A bad file raises one
:class:`MsProjectError` naming the element and its line. See ``docs/io/msproject.md``.
"""

from openpmo.io.msproject.calendars import engine_calendar, engine_calendars, exception_dates
from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.model import (
    MsAssignment,
    MsBaseline,
    MsCalendar,
    MsException,
    MsLink,
    MsProject,
    MsResource,
    MsTask,
    MsWeekDay,
    MsWorkWeek,
    WorkingTime,
)
from openpmo.io.msproject.reader import MSPDI_NAMESPACE, read_mspdi, read_mspdi_bytes
from openpmo.io.msproject.units import (
    ConstraintType,
    DurationFormat,
    LinkType,
    MsDuration,
    TimeUnit,
    format_xsd_duration,
    link_type_from_mspdi,
    link_type_to_mspdi,
    parse_xsd_duration,
)
from openpmo.io.msproject.writer import mspdi_bytes, write_mspdi

__all__ = [
    "MSPDI_NAMESPACE",
    "ConstraintType",
    "DurationFormat",
    "LinkType",
    "MsAssignment",
    "MsBaseline",
    "MsCalendar",
    "MsDuration",
    "MsException",
    "MsLink",
    "MsProject",
    "MsProjectError",
    "MsResource",
    "MsTask",
    "MsWeekDay",
    "MsWorkWeek",
    "TimeUnit",
    "WorkingTime",
    "engine_calendar",
    "engine_calendars",
    "exception_dates",
    "format_xsd_duration",
    "link_type_from_mspdi",
    "link_type_to_mspdi",
    "mspdi_bytes",
    "parse_xsd_duration",
    "read_mspdi",
    "read_mspdi_bytes",
    "write_mspdi",
]
