"""Primavera (XER, P6 XML), ``.mpp``, MPX, Planner and other schedules read through MPXJ.

`MPXJ <https://www.mpxj.org>`_ is a Java library that reads nearly every scheduling file
format; its PyPI package ``mpxj`` bundles the jars, and JPype1 (which ``mpxj`` does not declare)
runs them in a JVM inside this process. Both come with the optional extra
``pip install 'openpmo[mpxj]'``; Java 11 or later must be installed.

A file is read by MPXJ's ``UniversalProjectReader`` (which recognises the format from the
content, not the name) and handed over as MSPDI written by MPXJ's own ``MSPDIWriter``, which
:func:`openpmo.io.msproject.read_mspdi_bytes` then reads into the **same**
:class:`~openpmo.io.msproject.MsProject` an MSPDI file gives: tasks with their WBS and
outline, summaries, milestones, durations, constraints, deadlines, progress, links with types
and lags, calendars with work weeks and exceptions, resources and assignments. Everything
downstream (``pmo import``, ``pmo schedule --compare``) works unchanged.

:func:`read_project_file` picks the reader: an ``.xml`` file whose root is ``<Project>`` is MSPDI
and read by our own reader (no Java needed); other files go to MPXJ. The JVM starts once per
process, on the first file MPXJ reads (about 1 to 4 s), and stays up: JPype cannot restart it.
See ``docs/io/msproject.md``.
"""

from __future__ import annotations

import functools
import importlib
import os
import xml.parsers.expat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from openpmo.io.msproject.errors import MsProjectError
from openpmo.io.msproject.model import MsProject
from openpmo.io.msproject.reader import read_mspdi, read_mspdi_bytes

__all__ = [
    "INSTALL_HINT",
    "MPXJ_XML_ROOTS",
    "MpxjUnavailableError",
    "read_project_file",
    "read_with_mpxj",
    "uses_mpxj",
]

INSTALL_HINT = (
    "pip install 'openpmo[mpxj]' and install Java 11 or later (java on PATH or JAVA_HOME)"
)

MPXJ_XML_ROOTS = frozenset({"APIBusinessObjects", "project"})
"""Root elements of XML formats MPXJ reads and we do not: Primavera P6 XML
(``APIBusinessObjects``), Planner and GanttProject (``project``)."""


class MpxjUnavailableError(MsProjectError):
    """MPXJ cannot run here: the ``mpxj`` or ``jpype`` package, or Java, is missing."""


def read_project_file(path: str | os.PathLike[str]) -> MsProject:
    """Read any schedule file: MSPDI with our reader, every other format through MPXJ.

    Raises
    ------
    MsProjectError
        For a file either reader refuses (naming the file and the reason), and as
        :class:`MpxjUnavailableError` when the file needs MPXJ and it cannot run here.
    OSError
        When the file cannot be read at all.
    """
    if uses_mpxj(path):
        return read_with_mpxj(path)
    return read_mspdi(path)


def uses_mpxj(path: str | os.PathLike[str]) -> bool:
    """Whether :func:`read_project_file` reads ``path`` through MPXJ.

    Every file except ``.xml`` goes to MPXJ. An ``.xml`` file goes to MPXJ only when its root
    element is one of :data:`MPXJ_XML_ROOTS` (P6 XML, Planner, GanttProject); MSPDI, and
    anything unreadable, stays with our reader, whose errors name the line.
    """
    if Path(path).suffix.lower() != ".xml":
        return True
    return _root_name(Path(path)) in MPXJ_XML_ROOTS


class _FirstElement(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _root_name(path: Path) -> str | None:
    """The local name of the first element, reading no further than it (``None`` if none)."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, _attributes: object) -> None:
        raise _FirstElement(name.rsplit(" ", 1)[-1])

    parser.StartElementHandler = start
    try:
        with path.open("rb") as stream:
            parser.ParseFile(stream)
    except _FirstElement as found:
        return found.name
    except xml.parsers.expat.ExpatError:
        return None
    return None


@dataclass(frozen=True)
class _Mpxj:
    jpype: Any
    reader: Any
    writer: Any
    stream: Any


@functools.cache
def _mpxj() -> _Mpxj:
    """Import JPype and MPXJ and start the JVM, once per process."""
    try:
        jpype = importlib.import_module("jpype")
        importlib.import_module("mpxj")  # puts MPXJ's jars on JPype's class path
    except ImportError as exc:
        raise MpxjUnavailableError(
            "<mpxj>", None, None, f"reading this format needs MPXJ ({exc.msg}); {INSTALL_HINT}"
        ) from None
    if not jpype.isJVMStarted():
        try:
            jpype.startJVM("-Djava.awt.headless=true", convertStrings=False)
        except (jpype.JVMNotFoundException, jpype.JVMNotSupportedException, OSError) as exc:
            raise MpxjUnavailableError(
                "<mpxj>",
                None,
                None,
                f"reading this format needs Java, which cannot be started ({exc}); {INSTALL_HINT}",
            ) from None
    try:
        return _Mpxj(
            jpype=jpype,
            reader=jpype.JClass("org.mpxj.reader.UniversalProjectReader"),
            writer=jpype.JClass("org.mpxj.mspdi.MSPDIWriter"),
            stream=jpype.JClass("java.io.ByteArrayOutputStream"),
        )
    except TypeError as exc:  # JPype's "class not found"
        raise MpxjUnavailableError(
            "<mpxj>", None, None, f"MPXJ's classes are not on the JVM's class path ({exc})"
        ) from None


def read_with_mpxj(path: str | os.PathLike[str]) -> MsProject:
    """Read ``path`` with MPXJ's ``UniversalProjectReader`` into an :class:`MsProject`.

    The project's ``name`` is the file's name without its suffix (what ``pmo import`` makes the
    code of), its ``title`` the one in the file. A file holding several projects (an XER export
    of many) gives its first, as MPXJ reads it.

    Raises
    ------
    MpxjUnavailableError
        When MPXJ, JPype or Java is missing.
    MsProjectError
        When MPXJ cannot read the file (its reason quoted) or does not recognise the format.
    OSError
        When the file does not exist or cannot be opened.
    """
    source = Path(path)
    with source.open("rb"):
        pass  # the user's own OSError (missing, a directory, no permission) before Java's
    label = str(path)
    try:
        mpxj = _mpxj()
    except MpxjUnavailableError as exc:
        raise MpxjUnavailableError(label, None, None, exc.reason) from None
    try:
        project_file = mpxj.reader().read(str(source))
        if project_file is None:
            raise MsProjectError(
                label, None, None, "MPXJ does not recognise this as a schedule file of any format"
            )
        buffer = mpxj.stream()
        mpxj.writer().write(project_file, buffer)
    except mpxj.jpype.JException as exc:
        reason = str(exc.getMessage() or exc.getClass().getSimpleName())
        raise MsProjectError(label, None, None, f"MPXJ cannot read it: {reason}") from None
    data = bytes(buffer.toByteArray())
    try:
        project = read_mspdi_bytes(data, f"{label} (as MSPDI from MPXJ)")
    except MsProjectError as exc:
        raise MsProjectError(label, None, exc.element, exc.reason) from None
    title = project.title or project.name
    start = project.start_date or min(
        (task.start for task in project.tasks if task.start is not None), default=None
    )
    return replace(project, name=source.stem, title=title, start_date=start)
