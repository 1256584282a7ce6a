"""Bad inputs give one clear line on stderr and exit code 2; no traceback."""
import h5py
import numpy as np
import pytest

from conftest import run_aar


def _check(proc, code, *needles):
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert lines[0].startswith("aar: ")
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory, full_run):
    d = tmp_path_factory.mktemp("bad")
    files = {}
    p = d / "other.h5"
    with h5py.File(p, "w") as f:
        f["data"] = np.arange(10)
    files["foreign"] = p
    p = d / "meta_no_version.h5"
    with h5py.File(p, "w") as f:
        f.create_group("meta").attrs["program_version"] = "x"
    files["no_version"] = p
    for v in (0, 2):
        p = d / f"schema_v{v}.h5"
        with h5py.File(p, "w") as f:
            f.create_group("meta").attrs["schema_version"] = np.int64(v)
        files[f"v{v}"] = p
    src = full_run[0].read_bytes()
    p = d / "truncated.h5"
    p.write_bytes(src[: len(src) // 2])
    files["truncated"] = p
    p = d / "text.h5"
    p.write_text("this is not HDF5\n" * 20)
    files["text"] = p
    p = d / "empty.h5"
    p.write_bytes(b"")
    files["empty"] = p
    files["missing"] = d / "does_not_exist.h5"
    p = d / "external_link.h5"
    with h5py.File(p, "w") as f:
        f.create_group("meta").attrs["schema_version"] = np.int64(1)
        f["truth"] = h5py.ExternalLink("/etc/passwd", "/")
    files["external"] = p
    return files


@pytest.mark.parametrize("case,needles", [
    ("foreign", ("not a bmdsim output file", "no /meta")),
    ("no_version", ("no schema_version",)),
    ("v0", ("unsupported schema_version 0", "older")),
    ("v2", ("unsupported schema_version 2", "newer")),
    ("truncated", ("corrupt or truncated",)),
    ("text", ("not an HDF5 file",)),
    ("empty", ("not an HDF5 file",)),
    ("missing", ("no such file",)),
])
def test_bad_run_inputs(bad_files, tmp_path, case, needles):
    line = _check(run_aar("report", bad_files[case], "-o", tmp_path / "out"), 2, *needles)
    assert str(bad_files[case]) in line


@pytest.mark.parametrize("case,needle", [("foreign", "no /meta"), ("truncated", "corrupt or truncated"),
                                         ("text", "not an HDF5 file"), ("missing", "no such file")])
def test_bad_czml_inputs(bad_files, tmp_path, case, needle):
    _check(run_aar("czml", bad_files[case], "-o", tmp_path / "out.czml"), 2, needle)
    assert not (tmp_path / "out.czml").exists()


def test_bad_sweep_inputs(bad_files, tmp_path):
    _check(run_aar("sweep", bad_files["text"], "-o", tmp_path / "o"), 2, "not an HDF5 file")
    _check(run_aar("sweep", bad_files["missing"], "-o", tmp_path / "o"), 2, "no such file")


def test_external_link_refused(bad_files, tmp_path):
    _check(run_aar("report", bad_files["external"], "-o", tmp_path / "o"), 2, "link")


def test_wrong_file_kind(full_run, sweep_file, tmp_path):
    _check(run_aar("report", sweep_file[0], "-o", tmp_path / "a"), 2, "'sweep' file", "aar sweep")
    _check(run_aar("sweep", full_run[0], "-o", tmp_path / "b"), 2, "'run' file")


def test_schema_violation_is_short_message(full_run, tmp_path):
    """A file that passes /meta but breaks the table layout: a one-line error, never a traceback."""
    p = tmp_path / "broken_table.h5"
    p.write_bytes(full_run[0].read_bytes())
    with h5py.File(p, "a") as f:
        del f["truth/x_m"]
        f["truth/x_m"] = np.zeros(3)  # unequal column length
    _check(run_aar("report", p, "-o", tmp_path / "o"), 2, "unequal length")
    with h5py.File(p, "a") as f:
        del f["truth"]
        del f["entities/threats/launch_time_s"]
        del f["entities/threats"].attrs["columns"]
    proc = run_aar("report", p, "-o", tmp_path / "o2")
    assert proc.returncode in (0, 1, 2)
    assert "Traceback" not in proc.stderr
    if proc.returncode:
        assert len(proc.stderr.strip().splitlines()) == 1
