"""The MSPDI we write conforms to Microsoft's schema, and MPXJ's MSPDI reader agrees with ours.

Microsoft's ``mspdi_pj*.xsd`` may not be redistributed. MPXJ ships JAXB classes generated from
it (``org.mpxj.mspdi.schema``); ``tests/io/java/MspdiSchema.java`` asks JAXB for the schema of
those classes, which keeps the element names, nesting, sequence order and base types (not the
enumerations: ``test_msproject.py``'s order table checks those). lxml validates against it.
Needs the mpxj extra, a JDK (``java`` runs the ``.java`` file directly) and lxml; skipped, with
the reason, where one is missing.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

etree = pytest.importorskip("lxml.etree", reason="lxml validates the XSD")
pytest.importorskip("jpype", reason="the mpxj extra is not installed (pip install '.[mpxj]')")
pytest.importorskip("mpxj", reason="the mpxj extra is not installed (pip install '.[mpxj]')")
if shutil.which("java") is None or shutil.which("javac") is None:
    pytest.skip("needs a JDK (java and javac) to derive the schema", allow_module_level=True)

from sqlalchemy import select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from openpmo.db.models import Project  # noqa: E402
from openpmo.io.mpxj_import import _mpxj  # noqa: E402
from openpmo.io.msproject import (  # noqa: E402
    LinkType,
    MsProject,
    TimeUnit,
    mspdi_bytes,
    read_mspdi,
    read_mspdi_bytes,
)
from openpmo.services.demo import build_demo  # noqa: E402
from openpmo.services.msproject_export import export_mspdi  # noqa: E402
from openpmo.services.principal import SYSTEM  # noqa: E402
from openpmo.services.scheduling import reschedule_all  # noqa: E402

DATA = Path(__file__).parent.parent / "data" / "msproject"
GENERATOR = Path(__file__).parent / "java" / "MspdiSchema.java"
# Every fixture our reader accepts; the others are bad files on purpose.
FIXTURES = sorted(
    path
    for path in [*DATA.glob("*.xml"), *DATA.glob("ms_saved/*.xml")]
    if path.name
    not in {
        "bad_duration.xml",
        "missing_uid.xml",
        "not_xml.xml",
        "unknown_link.xml",
        "wrong_root.xml",
    }
)


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spec = importlib.util.find_spec("mpxj")
    assert spec is not None
    assert spec.origin is not None
    jars = Path(spec.origin).parent / "lib"
    out = tmp_path_factory.mktemp("mspdi-xsd")
    run = subprocess.run(
        ["java", "-cp", f"{jars}/*", str(GENERATOR), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    (xsd,) = out.glob("*.xsd")
    return etree.XMLSchema(etree.parse(str(xsd)))


def _problems(schema: Any, data: bytes) -> list[str]:
    if schema.validate(etree.fromstring(data)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def test_the_derived_schema_accepts_a_file_microsoft_project_saved(schema: Any) -> None:
    saved = DATA / "ms_saved" / "task-links-project2013-mspdi.xml"
    assert _problems(schema, saved.read_bytes()) == []


def test_the_derived_schema_refuses_a_misordered_or_mistyped_file(schema: Any) -> None:
    data = mspdi_bytes(read_mspdi(DATA / "standard_week.xml"))
    swapped = data.replace(b"<SaveVersion>14</SaveVersion>", b"").replace(
        b"</Project>", b"<SaveVersion>14</SaveVersion></Project>"
    )
    assert any("SaveVersion" in p for p in _problems(schema, swapped))
    mistyped = data.replace(
        b"<MinutesPerDay>480</MinutesPerDay>", b"<MinutesPerDay>8h</MinutesPerDay>"
    )
    assert any("MinutesPerDay" in p for p in _problems(schema, mistyped))
    old_boolean = data.replace(b"<Summary>0</Summary>", b"<Summary>no</Summary>", 1)
    assert old_boolean != data
    assert any("Summary" in p for p in _problems(schema, old_boolean))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_what_we_write_conforms(schema: Any, path: Path) -> None:
    assert _problems(schema, mspdi_bytes(read_mspdi(path))) == []


def test_a_demo_projects_export_conforms(schema: Any, session: Session) -> None:
    build_demo(session, seed=7, size="small")
    reschedule_all(session)
    ids = session.scalars(select(Project.id).order_by(Project.id).limit(4)).all()
    assert ids
    for project_id in ids:
        data = export_mspdi(session, SYSTEM, project_id)
        assert read_mspdi_bytes(data).tasks
        assert _problems(schema, data) == [], project_id


# -- MPXJ's MSPDI reader reads what we write --------------------------------------------------

_MPXJ_LINK_TYPES = {"FS": LinkType.FS, "SS": LinkType.SS, "FF": LinkType.FF, "SF": LinkType.SF}


def _minutes(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="minutes")


def _java_date(value: Any) -> str | None:
    return None if value is None else str(value.toString())[:16]


def _mpxj_read(data: bytes) -> Any:
    mpxj = _mpxj()
    reader = mpxj.jpype.JClass("org.mpxj.mspdi.MSPDIReader")()
    stream = mpxj.jpype.JClass("java.io.ByteArrayInputStream")(data)
    return reader.read(stream)


def _our_view(project: MsProject) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    tasks = [
        (t.uid, t.name, _minutes(t.start), _minutes(t.finish), t.milestone, t.summary)
        for t in project.tasks
    ]
    links = sorted(
        (
            link.predecessor_uid,
            link.successor_uid,
            link.type,
            None
            if link.lag_format.unit is TimeUnit.PERCENT or link.lag_format.elapsed
            else link.lag_minutes,
        )
        for link in project.links
        if not link.cross_project
    )
    return tasks, links


def _mpxj_view(project_file: Any) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    minutes = project_file.getProjectProperties()
    unit = _mpxj().jpype.JClass("org.mpxj.TimeUnit").MINUTES
    tasks, links = [], []
    for task in project_file.getTasks():
        tasks.append(
            (
                int(task.getUniqueID()),
                str(task.getName() or ""),
                _java_date(task.getStart()),
                _java_date(task.getFinish()),
                bool(task.getMilestone()),
                bool(task.getSummary()),
            )
        )
        for relation in task.getPredecessors():
            lag = relation.getLag()
            percent_or_elapsed = str(lag.getUnits().getName()).startswith("e") or str(
                lag.getUnits()
            ) in ("%", "PERCENT")
            links.append(
                (
                    int(relation.getPredecessorTask().getUniqueID()),
                    int(task.getUniqueID()),
                    _MPXJ_LINK_TYPES[str(relation.getType().toString())],
                    None
                    if percent_or_elapsed
                    else round(float(lag.convertUnits(unit, minutes).getDuration())),
                )
            )
    return tasks, sorted(links)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.name for p in FIXTURES])
def test_mpxj_reads_our_output_as_we_do(path: Path) -> None:
    ours = read_mspdi(path)
    written = mspdi_bytes(ours)
    ours_tasks, ours_links = _our_view(read_mspdi_bytes(written))
    theirs_tasks, theirs_links = _mpxj_view(_mpxj_read(written))
    # MPXJ adds the project summary task (UID 0) when the file has none.
    theirs_tasks = [t for t in theirs_tasks if t[0] != 0 or any(o[0] == 0 for o in ours_tasks)]
    assert theirs_tasks == ours_tasks
    assert theirs_links == ours_links
    assert len(ours_links) == len([link for link in ours.links if not link.cross_project])
