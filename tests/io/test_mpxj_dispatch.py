"""Which reader a file goes to, and the one clear error when MPXJ or Java is missing.

These need neither Java nor the mpxj extra: MPXJ's absence is what they check.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

from openpmo.io import mpxj_import
from openpmo.io.mpxj_import import (
    INSTALL_HINT,
    MpxjUnavailableError,
    read_project_file,
    uses_mpxj,
)
from openpmo.io.msproject import MsProjectError

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def fresh_mpxj() -> Iterator[None]:
    """Forget the cached JVM handle before and after, so a fake JPype or MPXJ is seen."""
    mpxj_import._mpxj.cache_clear()
    yield
    mpxj_import._mpxj.cache_clear()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (DATA / "msproject" / "office_move.xml", False),  # MSPDI: our reader, no Java
        (DATA / "msproject" / "wrong_root.xml", False),  # our reader names the bad root
        (DATA / "msproject" / "not_xml.xml", False),  # our reader names the line
        (DATA / "mpxj" / "site_works_p6.xml", True),  # <APIBusinessObjects>: P6 XML
        (DATA / "mpxj" / "site_works.xer", True),
        (Path("plan.mpp"), True),
        (Path("PLAN.XER"), True),
    ],
)
def test_only_mspdi_stays_with_our_reader(path: Path, expected: bool) -> None:
    assert uses_mpxj(path) is expected


def test_mspdi_is_read_without_mpxj(monkeypatch: pytest.MonkeyPatch, fresh_mpxj: None) -> None:
    monkeypatch.setitem(sys.modules, "mpxj", None)  # import mpxj now raises ImportError
    project = read_project_file(DATA / "msproject" / "standard_week.xml")
    assert len(project.tasks) == 7


def test_missing_mpxj_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, fresh_mpxj: None
) -> None:
    monkeypatch.setitem(sys.modules, "mpxj", None)
    path = DATA / "mpxj" / "site_works.xer"
    with pytest.raises(MpxjUnavailableError) as caught:
        read_project_file(path)
    assert isinstance(caught.value, MsProjectError)
    assert caught.value.path == str(path)
    assert INSTALL_HINT in str(caught.value)
    assert "pip install 'openpmo[mpxj]'" in str(caught.value)


def test_missing_java_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, fresh_mpxj: None
) -> None:
    class JVMNotFoundError(Exception):
        pass

    def start_jvm(*args: object, **kwargs: object) -> None:
        raise JVMNotFoundError("No JVM shared library file (libjvm.so) found")

    fake = types.ModuleType("jpype")
    fake.isJVMStarted = lambda: False  # type: ignore[attr-defined]
    fake.startJVM = start_jvm  # type: ignore[attr-defined]
    fake.JVMNotFoundException = JVMNotFoundError  # type: ignore[attr-defined]
    fake.JVMNotSupportedException = JVMNotFoundError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jpype", fake)
    monkeypatch.setitem(sys.modules, "mpxj", types.ModuleType("mpxj"))
    with pytest.raises(MpxjUnavailableError) as caught:
        read_project_file(DATA / "mpxj" / "site_works.xer")
    message = str(caught.value)
    assert "needs Java" in message
    assert "libjvm.so" in message
    assert "install Java 11 or later" in message
