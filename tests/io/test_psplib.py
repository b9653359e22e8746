"""PSPLIB ``.sm`` and RCMP ``.rcmp`` readers: real files, and errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from openpmo.io.psplib import PsplibError, read_instance, read_rcmp, read_sm

DATA = Path(__file__).resolve().parents[1] / "data" / "psplib"


def test_sm_file_gives_jobs_demands_capacities_and_links() -> None:
    inst = read_sm(DATA / "j301_1.sm")
    assert inst.name == "j301_1"
    assert len(inst.labels) == 32
    assert inst.labels[0] == "1"
    assert inst.labels[-1] == "32"
    assert inst.capacity.tolist() == [12, 13, 4, 12]
    assert inst.durations[:4].tolist() == [0, 8, 4, 6]
    assert inst.demand[2].tolist() == [10, 0, 0, 0]  # job 3
    assert inst.succ[inst.pred == 0].tolist() == [1, 2, 3]  # job 1 -> jobs 2, 3, 4
    assert inst.succ[inst.pred == 30].tolist() == [31]  # job 31 -> job 32
    assert len(inst.pred) == 48
    assert inst.n_projects == 1


def test_rcmp_file_gives_every_project_with_its_release_and_links() -> None:
    inst = read_rcmp(DATA / "BY_1_1_1.rcmp")
    assert inst.n_projects == 3
    assert inst.capacity.tolist() == [140, 834, 938, 854]
    assert len(inst.labels) == 66
    assert inst.labels[:2] == ["1:1", "1:2"]
    assert inst.labels[22] == "2:1"
    assert np.bincount(inst.project).tolist() == [22, 22, 22]
    assert inst.release.tolist() == [0, 0, 0]
    first = inst.succ[inst.pred == 0]
    assert [inst.labels[j] for j in first] == [
        f"1:{j}" for j in (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14)
    ]
    assert read_instance(DATA / "BY_1_1_1.rcmp").labels == inst.labels


def test_a_bad_number_is_reported_with_file_and_line(tmp_path: Path) -> None:
    lines = (DATA / "j301_1.sm").read_text().splitlines()
    lines[60] = "  7      1     x       4    0    0    0"
    bad = tmp_path / "bad.sm"
    bad.write_text("\n".join(lines))
    with pytest.raises(PsplibError, match=r"bad\.sm:61: expected whole numbers"):
        read_sm(bad)


def test_a_missing_section_is_named(tmp_path: Path) -> None:
    text = (DATA / "j301_1.sm").read_text().replace("RESOURCEAVAILABILITIES:", "SOMETHING:")
    bad = tmp_path / "cut.sm"
    bad.write_text(text)
    with pytest.raises(PsplibError, match=r"cut\.sm: no 'RESOURCEAVAILABILITIES:' section"):
        read_sm(bad)


def test_rcmp_successor_that_names_no_job_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rcmp"
    bad.write_text("1\n1\n5\n2 0\n1\n0 0 1 1:9\n3 2 0\n")
    with pytest.raises(PsplibError, match=r"bad\.rcmp:6: job 1:1: successor 1:9 is not a job"):
        read_rcmp(bad)


def test_rcmp_that_ends_early_says_what_is_missing(tmp_path: Path) -> None:
    bad = tmp_path / "short.rcmp"
    bad.write_text("1\n1\n5\n3 0\n1\n0 0 1 1:2\n")
    with pytest.raises(PsplibError, match=r"short\.rcmp: file ends before job 1:2"):
        read_rcmp(bad)


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(PsplibError, match=r"nothing\.sm"):
        read_instance(tmp_path / "nothing.sm")
